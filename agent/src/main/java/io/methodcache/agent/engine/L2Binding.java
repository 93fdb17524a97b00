package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.Stampede;
import io.methodcache.agent.redis.L2Client;
import io.methodcache.agent.redis.L2Result;
import io.methodcache.agent.redis.ValueEnvelope;
import io.methodcache.api.ValueCodec;
import java.util.OptionalLong;

/**
 * One rule's link to the shared tier: its keys ({@code ns:v1:rule:gGEN:key}), its generation
 * (unknown until read from Redis; while unknown the rule does not use L2, so an invalidate-all
 * missed during an outage can never resurface old entries), and reading and writing envelopes.
 */
final class L2Binding {
  final String rule;
  final SharedTier tier;
  final RuleCache cache;
  final boolean distributedStampede;
  final long lockMillis;
  private final String prefix;
  private final String generationKey;
  private volatile long generation = -1;
  private volatile boolean l1Only;

  L2Binding(RuleConfig config, SharedTier tier, RuleCache cache) {
    this.rule = config.name();
    this.tier = tier;
    this.cache = cache;
    this.distributedStampede = config.stampede() == Stampede.DISTRIBUTED;
    this.lockMillis = Math.max(1, config.stampedeTimeout().toMillis());
    this.prefix = tier.namespace + ":" + SharedTier.KEY_VERSION + ":" + rule + ":";
    this.generationKey = prefix + "gen";
    long longest = Math.max(config.ttl().toMillis(),
        config.cacheNulls() == null ? 0 : config.cacheNulls().toMillis());
    this.markerMillis = Math.max(longest, java.util.concurrent.TimeUnit.MINUTES.toMillis(10));
  }

  String key(long gen, String rendered) {
    return prefix + "g" + gen + ":" + rendered;
  }

  /** The key's invalidation marker: the lease a fill must still hold ({@link L2Client#fill}). */
  String markerKey(long gen, String rendered) {
    return L2Client.sameSlot(key(gen, rendered), ":inv");
  }

  /**
   * How long a marker outlives the invalidation that set it: longer than any load may take
   * (a load slower than this could store a value older than the invalidation).
   */
  private final long markerMillis;

  /**
   * The lease of a load about to run: the key's marker now ("" when none), or null when Redis
   * cannot tell — then the load's value is not written to L2. Read on the miss path only, so an
   * L2 hit stays one GET.
   */
  String lease(String rendered) {
    LastRead last = LAST_READ.get();
    if (last != null && last.binding == this && last.rendered.equals(rendered)) {
      LAST_READ.remove();
      return last.marker; // read with the value a moment ago, before the method runs
    }
    long gen = generation(tier.client);
    return gen < 0 ? null : lease(gen, tier.client.marker(markerKey(gen, rendered)));
  }

  /**
   * A lease names the generation its marker was read under: a load that began before this JVM
   * learnt a new generation (after a gap) must not fill under the new one, whose marker says
   * nothing about the writes it missed.
   */
  private static String lease(long gen, String marker) {
    return marker == null ? null : gen + " " + marker;
  }

  /** The marker this thread's last L2 miss read with the value: the lease of the load to come. */
  private static final ThreadLocal<LastRead> LAST_READ = new ThreadLocal<>();

  private static final class LastRead {
    final L2Binding binding;
    final String rendered;
    final String marker;

    LastRead(L2Binding binding, String rendered, String marker) {
      this.binding = binding;
      this.rendered = rendered;
      this.marker = marker;
    }
  }

  /** An invalidation's L2 effect: void the leases of loads in flight, then delete the value. */
  boolean invalidate(L2Client l2, String rendered) {
    long gen = generation(l2);
    return gen < 0 || l2.invalidate(key(gen, rendered), markerKey(gen, rendered), markerMillis);
  }

  /**
   * Tries the distributed stampede lock of a key: a hit (acquired; {@link #token}), a miss (held
   * by another JVM), or a failure (Redis did not answer: never wait on it).
   */
  io.methodcache.agent.redis.L2Result lock(String rendered) {
    return tier.client.lock(lockKey(rendered), lockMillis);
  }

  String token(io.methodcache.agent.redis.L2Result acquired) {
    return new String(acquired.value(), java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Releases a lock taken by {@link #lock}, only if it still holds {@code token}. */
  void unlock(String rendered, String token) {
    tier.client.unlock(lockKey(rendered), token);
  }

  String lockKey(String rendered) {
    return prefix + "lock:" + rendered;
  }

  String tagKey(String tag) {
    return prefix + "tag:" + tag;
  }

  /** How long a tag version learnt from Redis is trusted without reading it again. */
  static final long TAG_TRUST_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

  /**
   * How long a tag's version key lives after an eviction: longer than any value stamped with its
   * previous version can (values live at most the rule's longest TTL from their write, and are
   * written at most one slow load after the eviction), so that when the key expires and the
   * version reads as 0 again, no value stamped 0 before the eviction is left to resurface.
   */
  static long tagRetentionMillis(long longestTtlNanos) {
    long ttl = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(Math.max(0, longestTtlNanos));
    return Math.min(Long.MAX_VALUE / 4, ttl) * 2 + 10 * 60_000L;
  }

  /** Fills in the stamps' shared versions: known ones at once, the others read from Redis. */
  void learnShared(TagStamps stamps) {
    long[] shared = new long[stamps.tags.length];
    for (int i = 0; i < shared.length; i++) {
      shared[i] = sharedVersion(stamps.tags[i], stamps.localAtLoad(i));
    }
    stamps.shared = shared;
  }

  private long sharedVersion(TagVersion v, long observedLocal) {
    long known = v.shared(TAG_TRUST_NANOS);
    if (known != TagVersion.UNKNOWN) {
      return known;
    }
    OptionalLong read = tier.client.counter(tagKey(v.name)); // 0 while no eviction is recorded
    if (!read.isPresent()) {
      return TagVersion.UNKNOWN;
    }
    v.learn(observedLocal, read.getAsLong());
    return v.local == observedLocal ? read.getAsLong() : TagVersion.UNKNOWN;
  }

  /** The effect of a tag eviction: a new version in Redis, then recorded here (see evicted). */
  boolean writeTagVersion(L2Client l2, String tag, TagVersion version, long observedLocal,
      long retentionMillis) {
    long next;
    do {
      next = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    } while (next == 0 || next == TagVersion.UNKNOWN);
    if (!l2.setNow(tagKey(tag), Long.toString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        retentionMillis)) {
      return false;
    }
    version.evicted(observedLocal, next);
    return true;
  }

  /**
   * Whether a value's tags are those of this call, at the versions Redis has now. A value written
   * under another set of tags (another configuration) cannot be vouched for: a miss.
   */
  private static boolean tagsCurrent(ValueEnvelope envelope, TagStamps stamps) {
    String[] names = envelope.tags();
    if (stamps == null) {
      return names.length == 0;
    }
    if (names.length != stamps.tags.length || stamps.shared == null) {
      return false;
    }
    long[] versions = envelope.tagVersions();
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(stamps.tags[i].name) || stamps.shared[i] == TagVersion.UNKNOWN
          || stamps.shared[i] != versions[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rule's generation in Redis, read once and then kept until an invalidate-all, a gap in the
   * invalidation log or a flush makes this JVM forget it; -1 while Redis cannot tell.
   *
   * <p>Generations are random, not counted: a key lost to {@code FLUSHALL} or eviction is set
   * again to a new random value (SET NX, so every JVM agrees on it), which can never be an old
   * generation whose values are still in Redis — a counter would restart at one.
   */
  long generation(L2Client l2) {
    long g = generation;
    if (g < 0) {
      OptionalLong read = l2.numberOrSet(generationKey, newGeneration());
      if (read.isPresent() && read.getAsLong() >= 0) {
        g = read.getAsLong();
        generation = g;
      }
    }
    return g;
  }

  void forgetGeneration() {
    generation = -1;
  }

  /** The generation this JVM writes and deletes under, without asking Redis; -1 when unknown. */
  long knownGeneration() {
    return generation;
  }

  /**
   * Another JVM deleted {@code rendered} under {@code senderGeneration}: where this JVM writes
   * under another generation, delete it under that one too (see
   * {@code InvalidationLog.Listener#generationOf}): every value in L2 was filled by a JVM that
   * knows its generation, so each receives the event and clears its own. Costs nothing while every
   * JVM agrees on the generation. True when the generations differed (the event is then echoed).
   */
  boolean invalidateUnderOwnGeneration(L2Client l2, long senderGeneration, String rendered) {
    long own = generation(l2); // read from Redis when forgotten (after a gap): values may be there
    if (own < 0 || own == senderGeneration) {
      return false;
    }
    l2.invalidate(key(own, rendered), markerKey(own, rendered), markerMillis);
    return true; // tried: even when the DEL timed out, L1 copies must go (the sender repeats it)
  }

  /** Invalidate-all: a new random generation, so every value written under the old one is gone. */
  boolean bumpGeneration(L2Client l2) {
    long next = newGeneration();
    if (!l2.setNumber(generationKey, next)) {
      return false;
    }
    generation = next;
    return true;
  }

  private static long newGeneration() {
    return java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  boolean writable() {
    return !l1Only;
  }

  /**
   * Reads a value. Returns null on a miss or whenever L2 cannot answer usefully (down, slow,
   * garbage, a class outside the allow-list, a value of the wrong type): the body then runs.
   */
  Found read(Site site, String rendered, RuleStats stats, TagStamps stamps) {
    L2Client l2 = tier.client;
    if (tier.invalidationsPending()) {
      stats.l2Skipped.increment(); // L2 may hold what this JVM invalidated during an outage
      return null;
    }
    long gen = generation(l2);
    if (gen < 0) {
      stats.l2Skipped.increment(); // the generation cannot be read: L2 is not usable yet
      return null;
    }
    String key = key(gen, rendered);
    L2Result r = l2.getWithMarker(key, markerKey(gen, rendered));
    switch (r.outcome()) {
      case HIT:
        // should the value be refused below, the load that follows holds this lease (a stale
        // lease only ever makes a fill be dropped)
        LAST_READ.set(new LastRead(this, rendered, lease(gen, r.marker())));
        break;
      case MISS:
        stats.l2Misses.increment();
        LAST_READ.set(new LastRead(this, rendered, lease(gen, r.marker())));
        return null;
      case TIMEOUT:
        stats.l2Timeouts.increment();
        return null;
      case SKIPPED:
        stats.l2Skipped.increment(); // not connected, or the breaker is open
        return null;
      default:
        stats.l2Errors.increment();
        return null;
    }
    byte[] stored = r.value();
    if (tier.signer != null) {
      stored = tier.signer.verify(key, stored);
      if (stored == null) {
        stats.l2Errors.increment();
        stats.l2Unsigned.increment();
        Log.warnOnce("l2-unsigned|" + rule, "rule '" + rule + "': a shared-tier value is not"
            + " signed with this JVM's signing key (forged, moved from another key, or written by"
            + " a JVM with another key or none); it is treated as a miss, each time");
        return null;
      }
    }
    ValueEnvelope envelope = ValueEnvelope.decode(stored);
    long now = System.currentTimeMillis();
    if (envelope == null || envelope.isExpired(now)) {
      stats.l2Errors.increment(); // garbage, truncated, another format, or an expired copy
      return null;
    }
    if (!tagsCurrent(envelope, stamps)) {
      stats.l2Misses.increment(); // evicted by tag since it was written
      return null;
    }
    Object value;
    try {
      value = envelope.isNull() ? null : decode(envelope, site);
    } catch (Exception unreadable) {
      stats.l2Errors.increment();
      boolean refused = unreadable instanceof io.methodcache.agent.redis.JdkValueCodec.RefusedClassException;
      boolean outsideList = refused && String.valueOf(unreadable.getMessage())
          .contains("serialization.allow");
      Log.warnOnce("l2-decode|" + rule + "|" + unreadable.getClass().getName() + "|"
          + outsideList, "rule '" + rule + "': a shared-tier value could not be read back ("
          + unreadable + "); the call ran its body. " + (outsideList
              ? "Its class is outside the allow-list: if the class is yours, add its package to"
                  + " serialization.allow"
              : refused ? "It exceeded a decoding limit (hostile, or far larger than this rule's"
                  + " values): it is treated as a miss, each time"
              : "The payload is corrupt or was written by another codec or version"));
      return null;
    }
    Object result = site.fromStored(value);
    if (result == Site.WRONG_TYPE
        || (RuleCache.isEmpty(result) && site.rule.config().cacheNulls() == null)) {
      // another type, or an empty result from a rule that never caches one: not a value this
      // rule could have written (tampered, or another version of the rules)
      stats.l2Errors.increment();
      return null;
    }
    stats.l2Hits.increment();
    long remaining = envelope.ttlMillis() <= 0 ? Long.MAX_VALUE
        : envelope.writtenAtMillis() + envelope.ttlMillis() - now;
    return new Found(result, remaining);
  }

  private Object decode(ValueEnvelope envelope, Site site) throws Exception {
    ValueCodec codec = tier.codecs.byId(envelope.codecId());
    if (codec == null) {
      throw new java.io.InvalidObjectException("unknown codec '" + envelope.codecId() + "'");
    }
    if (codec instanceof io.methodcache.agent.redis.JdkValueCodec) {
      // decoding is part of the L2 budget: a hostile payload must not stall the caller
      return ((io.methodcache.agent.redis.JdkValueCodec) codec).decode(envelope.payload(),
          site.loader(), tier.client.timeoutNanos());
    }
    return codec.decode(envelope.payload(), site.loader());
  }

  /**
   * Writes a value loaded here, asynchronously, if the load's {@code lease} still holds (no
   * invalidation of the key since it began); a null lease is a put, which voids the others. An
   * unserializable result makes the rule L1-only.
   */
  void write(Site site, String rendered, Object result, long ttlMillis, RuleStats stats,
      TagStamps stamps, String lease) {
    L2Client l2 = tier.client;
    long gen = generation(l2);
    if (gen < 0 || l1Only || (stamps != null && !stamps.sharedKnown())) {
      return; // a value whose tag versions Redis could not tell would escape their evictions
    }
    Object stored = site.toStored(result);
    ValueCodec codec = tier.codecs.defaultCodec();
    ValueEnvelope envelope;
    try {
      long now = System.currentTimeMillis();
      envelope = stored == null ? ValueEnvelope.ofNull(codec.id(), now, ttlMillis)
          : ValueEnvelope.of(codec.id(), now, ttlMillis, codec.encode(stored));
    } catch (Exception notSerializable) {
      l1Only = true;
      Log.warn("rule '" + rule + "': " + site.method + " returned a "
          + stored.getClass().getName() + ", which the codec cannot write (" + notSerializable
          + "); the rule now caches in this JVM only (L1). Fix: make the class Serializable or"
          + " register a ValueCodec for it");
      return;
    }
    if (stamps != null) {
      try {
        envelope = envelope.withTags(stamps.names(), stamps.shared);
      } catch (IllegalArgumentException tooLong) {
        Log.warnOnce("l2-tags|" + rule, "rule '" + rule + "': a value's tags do not fit the"
            + " shared tier (" + tooLong.getMessage() + "); such values stay in L1. Fix: shorter"
            + " tags");
        return;
      }
    }
    byte[] bytes = envelope.encode();
    if (tier.signer != null) {
      bytes = tier.signer.sign(key(gen, rendered), bytes);
    }
    String marker = null;
    if (lease != null) {
      String ownGeneration = gen + " ";
      if (!lease.startsWith(ownGeneration)) {
        stats.staleFillsDropped.increment(); // began under another generation: its lease is void
        return;
      }
      marker = lease.substring(ownGeneration.length());
    }
    if (lease == null) {
      l2.replace(key(gen, rendered), markerKey(gen, rendered), markerMillis, bytes, ttlMillis);
    } else {
      l2.fill(key(gen, rendered), markerKey(gen, rendered), marker, bytes, ttlMillis)
          .thenAccept(outcome -> {
            if (outcome == 0L) {
              stats.staleFillsDropped.increment(); // invalidated while it loaded: not stored
            }
          });
    }
  }

  /** A value found in L2 and how long it has left to live. */
  static final class Found {
    final Object value;
    final long remainingMillis;

    Found(Object value, long remainingMillis) {
      this.value = value;
      this.remainingMillis = remainingMillis;
    }
  }
}
