package io.methodcache.agent.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of a rules file, validated and immutable. Runtime state lives in the engine.
 *
 * <p>A <em>caching rule</em> caches its method's results. A <em>write rule</em> ({@link
 * #isWriteRule()}: it has {@code evict:} or {@code put:}) caches nothing itself: when its method
 * returns normally it evicts entries of caching rules or stores its return value into one. On a
 * write rule only {@link #name()}, {@link #method()}, {@link #enabled()}, {@link #tiers()}, {@link
 * #evict()} and {@link #put()} mean anything; the caching settings keep their built-in values.
 */
public final class RuleConfig {
  /** Built-in {@code refresh-at}: a hit past 80% of the TTL triggers a background reload. */
  public static final double DEFAULT_REFRESH_AT = 0.8;

  private final String name;
  private final MethodPattern method;
  private final Duration ttl;
  private final double jitter;
  private final long maxEntries;
  private final KeyTemplate key;
  private final Duration cacheNulls;
  private final Stampede stampede;
  private final Duration stampedeTimeout;
  private final boolean enabled;
  private final SourcePosition position;
  private final SourcePosition keyPosition;
  private final SourcePosition methodPosition;
  private final Set<Tier> tiers;
  private final Duration l1Ttl;
  private final Mode mode;
  private final double refreshAt;
  private final EarlyExpiry earlyExpiry;
  private final List<KeyTemplate> tags;
  private final boolean copyOnRead;
  private final boolean receiverIgnored;
  private final List<EvictTarget> evict;
  private final PutTarget put;

  private RuleConfig(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.method = Objects.requireNonNull(b.method, "method");
    this.ttl = Objects.requireNonNull(b.ttl, "ttl");
    this.jitter = b.jitter;
    this.maxEntries = b.maxEntries;
    this.key = b.key;
    this.cacheNulls = b.cacheNulls;
    this.stampede = Objects.requireNonNull(b.stampede, "stampede");
    this.stampedeTimeout = Objects.requireNonNull(b.stampedeTimeout, "stampedeTimeout");
    this.enabled = b.enabled;
    this.position = Objects.requireNonNull(b.position, "position");
    this.keyPosition = b.keyPosition == null ? b.position : b.keyPosition;
    this.methodPosition = b.methodPosition == null ? b.position : b.methodPosition;
    Objects.requireNonNull(b.tiers, "tiers");
    if (b.tiers.isEmpty()) {
      throw new IllegalArgumentException("a rule needs at least one tier");
    }
    this.tiers = Collections.unmodifiableSet(EnumSet.copyOf(b.tiers));
    this.l1Ttl = b.l1Ttl;
    this.mode = Objects.requireNonNull(b.mode, "mode");
    this.refreshAt = b.refreshAt;
    this.earlyExpiry = b.earlyExpiry;
    this.tags = List.copyOf(b.tags);
    this.copyOnRead = b.copyOnRead;
    this.receiverIgnored = b.receiverIgnored;
    this.evict = List.copyOf(b.evict);
    this.put = b.put;
  }

  public String name() { return name; }
  public MethodPattern method() { return method; }
  /** Time to live of a loaded value (before jitter); in L2, and in L1 unless {@link #l1Ttl()}. */
  public Duration ttl() { return ttl; }
  /** Fraction in [0, 1): each entry's TTL is shortened by a random 0..jitter of it. */
  public double jitter() { return jitter; }
  public long maxEntries() { return maxEntries; }
  /** The key template, or null: all arguments form the key. */
  public KeyTemplate key() { return key; }
  /** TTL of a cached null / empty result, or null: such results are never cached. */
  public Duration cacheNulls() { return cacheNulls; }
  public Stampede stampede() { return stampede; }
  /** How long a caller waits for another caller's load of the same key before loading itself. */
  public Duration stampedeTimeout() { return stampedeTimeout; }
  public boolean enabled() { return enabled; }
  /** Where the rule starts in the file (its first key). */
  public SourcePosition position() { return position; }
  /** Where its key template is written (or the rule's position when it has none). */
  public SourcePosition keyPosition() { return keyPosition; }
  /**
   * Where its {@code method:} pattern is written (or the rule's position when built without
   * one): problems of the pattern against a class, e.g. a void method named exactly, point here.
   */
  public SourcePosition methodPosition() { return methodPosition; }

  /**
   * Where entries live: {L1}, {L2} or {L1, L2} (never empty, unmodifiable). Built-in: {L1}; a
   * parsed file with a {@code redis:} section defaults to {L1, L2}. On a write rule: the tiers its
   * evictions and puts reach (L2 also tells the other JVMs, through the invalidation log).
   */
  public Set<Tier> tiers() { return tiers; }

  /** True when {@link #tiers()} contains the tier. */
  public boolean uses(Tier tier) { return tiers.contains(tier); }

  /**
   * A shorter life in L1 in front of L2's {@link #ttl()}, or null: L1 entries live for the ttl.
   * Only set on rules with both tiers, and never longer than the ttl.
   */
  public Duration l1Ttl() { return l1Ttl; }

  public Mode mode() { return mode; }

  /**
   * With {@link Mode#REFRESH_AHEAD}: the fraction of the TTL (0.01 to 0.99) after which a hit
   * triggers a background reload. {@link #DEFAULT_REFRESH_AT} on other rules (unused).
   */
  public double refreshAt() { return refreshAt; }

  /** Probabilistic early recompute for a cache-aside rule, or null (none). */
  public EarlyExpiry earlyExpiry() { return earlyExpiry; }

  /** Tag templates over the method's arguments, each entry carries their renderings; maybe empty. */
  public List<KeyTemplate> tags() { return tags; }

  /** True: L1 keeps the serialized form and each caller gets a fresh copy. */
  public boolean copyOnRead() { return copyOnRead; }
  /**
   * {@code receiver: ignore}: the object an instance method is called on takes no part in its
   * key, so every instance shares the entries (for classes whose instances all answer alike).
   */
  public boolean receiverIgnored() { return receiverIgnored; }

  /** What a write rule evicts, in file order; empty for a caching rule. */
  public List<EvictTarget> evict() { return evict; }

  /** What a write rule stores (write-through), or null. */
  public PutTarget put() { return put; }

  /** True when the rule has {@code evict:} or {@code put:}: it caches nothing itself. */
  public boolean isWriteRule() { return !evict.isEmpty() || put != null; }

  /**
   * True when {@code other} caches the same methods in the same way: every setting but the
   * positions in the file and {@code enabled} (a switch, applied without touching the cache).
   * A hot reload keeps such a rule's cache as it is.
   */
  public boolean sameSettings(RuleConfig other) {
    return name.equals(other.name) && method.equals(other.method) && ttl.equals(other.ttl)
        && jitter == other.jitter && maxEntries == other.maxEntries
        && java.util.Objects.equals(key, other.key)
        && java.util.Objects.equals(cacheNulls, other.cacheNulls)
        && stampede == other.stampede && stampedeTimeout.equals(other.stampedeTimeout)
        && tiers.equals(other.tiers) && java.util.Objects.equals(l1Ttl, other.l1Ttl)
        && mode == other.mode && refreshAt == other.refreshAt
        && java.util.Objects.equals(earlyExpiry, other.earlyExpiry)
        && tags.equals(other.tags) && copyOnRead == other.copyOnRead
        && receiverIgnored == other.receiverIgnored
        && String.valueOf(evict).equals(String.valueOf(other.evict))
        && String.valueOf(put).equals(String.valueOf(other.put));
  }

  public static Builder builder() { return new Builder(); }

  /** Defaults here are the built-in ones; a rules file's {@code defaults:} section overrides them. */
  public static final class Builder {
    private String name;
    private MethodPattern method;
    private Duration ttl = Duration.ofMinutes(5);
    private double jitter = 0.0;
    private long maxEntries = 10_000;
    private KeyTemplate key;
    private Duration cacheNulls;
    private Stampede stampede = Stampede.LOCAL;
    private Duration stampedeTimeout = Duration.ofSeconds(10);
    private boolean enabled = true;
    private SourcePosition position;
    private SourcePosition keyPosition;
    private SourcePosition methodPosition;
    private Set<Tier> tiers = EnumSet.of(Tier.L1);
    private Duration l1Ttl;
    private Mode mode = Mode.CACHE_ASIDE;
    private double refreshAt = DEFAULT_REFRESH_AT;
    private EarlyExpiry earlyExpiry;
    private List<KeyTemplate> tags = List.of();
    private boolean copyOnRead;
    private boolean receiverIgnored;
    private List<EvictTarget> evict = List.of();
    private PutTarget put;

    public Builder name(String v) { name = v; return this; }
    public Builder method(MethodPattern v) { method = v; return this; }
    public Builder ttl(Duration v) { ttl = v; return this; }
    public Builder jitter(double v) { jitter = v; return this; }
    public Builder maxEntries(long v) { maxEntries = v; return this; }
    public Builder key(KeyTemplate v) { key = v; return this; }
    public Builder cacheNulls(Duration v) { cacheNulls = v; return this; }
    public Builder stampede(Stampede v) { stampede = v; return this; }
    public Builder stampedeTimeout(Duration v) { stampedeTimeout = v; return this; }
    public Builder enabled(boolean v) { enabled = v; return this; }
    public Builder position(SourcePosition v) { position = v; return this; }
    public Builder keyPosition(SourcePosition v) { keyPosition = v; return this; }
    public Builder methodPosition(SourcePosition v) { methodPosition = v; return this; }
    public Builder tiers(Set<Tier> v) { tiers = v; return this; }
    public Builder tiers(Tier first, Tier... rest) { tiers = EnumSet.of(first, rest); return this; }
    public Builder l1Ttl(Duration v) { l1Ttl = v; return this; }
    public Builder mode(Mode v) { mode = v; return this; }
    public Builder refreshAt(double v) { refreshAt = v; return this; }
    public Builder earlyExpiry(EarlyExpiry v) { earlyExpiry = v; return this; }
    public Builder tags(List<KeyTemplate> v) { tags = v; return this; }
    public Builder copyOnRead(boolean v) { copyOnRead = v; return this; }
    public Builder receiverIgnored(boolean v) { receiverIgnored = v; return this; }
    public Builder evict(List<EvictTarget> v) { evict = v; return this; }
    public Builder put(PutTarget v) { put = v; return this; }
    public RuleConfig build() { return new RuleConfig(this); }
  }
}
