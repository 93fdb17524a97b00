package io.methodcache.agent.engine;

import io.methodcache.agent.config.RuleConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running state of one rule: its switch, its counters and the methods (sites) it caches.
 * Configuration stays in the immutable {@link RuleConfig}.
 */
public final class RuleRuntime {
  private static final java.util.concurrent.atomic.AtomicLong SERIALS =
      new java.util.concurrent.atomic.AtomicLong();

  /** Unique per runtime: a rule re-created by a reload under the same name gets new sites. */
  private final long serial = SERIALS.incrementAndGet();
  private volatile RuleConfig config;
  private final RuleStats stats = new RuleStats();
  private final List<Site> sites = new CopyOnWriteArrayList<>();
  /** Built with the rule's first method, so rules whose classes never load cost nothing. */
  private volatile RuleCache cache;
  private volatile boolean enabled;
  private volatile boolean agentEnabled = true;
  private volatile boolean broken;
  private volatile boolean retired;
  /**
   * The one flag the hot path reads: enabled, the agent enabled (not asked of write rules), the
   * rule neither broken nor retired.
   */
  volatile boolean active;

  /** The shared tier, or null: then the rule caches in L1 only. */
  private final SharedTier tier;
  /** A write rule names this rule's entries by key: its cache indexes keys by their text. */
  private volatile boolean keyTarget;

  RuleRuntime(RuleConfig config, SharedTier tier) {
    this.config = config;
    this.tier = tier;
    this.enabled = config.enabled();
    recompute();
  }

  public RuleConfig config() { return config; }
  public String name() { return config.name(); }
  public RuleStats stats() { return stats; }
  public List<Site> sites() { return sites; }
  public boolean enabled() { return enabled; }
  public boolean broken() { return broken; }
  public long serial() { return serial; }

  /** Takes effect on the next call; no class is retransformed. */
  public void setEnabled(boolean on) {
    enabled = on;
    recompute();
  }

  void setAgentEnabled(boolean on) {
    agentEnabled = on;
    recompute();
  }

  /**
   * A problem found after start (when a class it matches loads): the rule stops caching as a
   * whole, as if it had failed validation at start, and drops what it cached.
   */
  void markBroken() {
    broken = true;
    recompute();
    RuleCache c = cache;
    if (c != null) {
      c.clearLocal();
    }
  }

  private void recompute() {
    // A write rule ignores the agent-wide switch: its evictions keep the entries that outlive a
    // switch-off correct, so switching back on never serves what a write made stale meanwhile.
    active = enabled && (agentEnabled || config.isWriteRule()) && !broken && !retired;
  }

  /**
   * A reload changed some settings (not the methods): the rule starts over with an empty cache
   * and new key strategies, keeping its sites' ids (the advice already inlined refers to them).
   * Returns the rebuilt sites for the engine's table.
   */
  synchronized List<Site> reconfigure(RuleConfig next) {
    RuleCache old = cache;
    config = next;
    cache = null;
    if (old != null) {
      old.clearLocal();
    }
    List<Site> rebuilt = new java.util.ArrayList<>();
    for (Site s : sites) {
      rebuilt.add(new Site(s.id, this, s.index(), s.info()));
    }
    sites.clear();
    sites.addAll(rebuilt);
    enabled = next.enabled();
    recompute();
    return rebuilt;
  }

  /** A reload removed the rule: it stops caching at once; its classes are then restored. */
  void retire() {
    retired = true;
    recompute();
    RuleCache c = cache;
    if (c != null) {
      c.clearLocal();
    }
  }

  synchronized RuleCache cache() {
    if (cache == null) {
      RuleCache c = new RuleCache(config, stats, keyTarget);
      if (tier != null && config.uses(io.methodcache.agent.config.Tier.L2)) {
        L2Binding binding = new L2Binding(config, tier, c);
        c.attach(binding);
        tier.bind(binding);
      }
      cache = c;
    }
    return cache;
  }

  /**
   * Marks this rule as named by key by a write rule. Returns true when its cache was built
   * without the text index: the engine then rebuilds it (see {@link #reconfigure}).
   */
  synchronized boolean markKeyTarget() {
    if (keyTarget) {
      return false;
    }
    keyTarget = true;
    return cache != null && !cache.indexed();
  }

  /** Registers one more method of this rule (called under the engine's lock). */
  Site newSite(int id, Site.MethodInfo method) {
    Site site = new Site(id, this, sites.size(), method);
    sites.add(site);
    return site;
  }

  /**
   * Invalidates by arguments a key of a method this JVM has not loaded: only L2 and the other
   * JVMs can hold it. Possible when the rule names one method (its keys then omit the method).
   */
  void invalidateUnloaded(Object[] args) {
    L2Binding b = cache().l2();
    if (b == null) {
      return;
    }
    if (config.key() != null && config.key().namesReceiver()) {
      invalidateAll(); // the key names {this}, which the arguments cannot give
      return;
    }
    if (!Site.singleMethod(config.method())) {
      io.methodcache.agent.Log.warnOnce("invalidate-unloaded|" + name(), "rule '" + name()
          + "': invalidate(args) cannot reach other JVMs before this JVM has loaded the method,"
          + " because the rule may cache several methods; use invalidateAll");
      return;
    }
    b.tier.publishKey(b, new KeyRenderer(config.key()).render(args));
  }

  /**
   * Drops the entry whose key renders as {@code rendered} (as L2 keys show keys; for a rule that
   * may cache several methods, with or without the method's {@code Type#method(params):} prefix).
   * True when an entry of this JVM was dropped (L2 and the other JVMs are told either way).
   */
  public boolean invalidateRendered(String rendered) {
    return cache().invalidateRenderedEverywhere(rendered, key -> {
      int index = key instanceof SiteKey ? ((SiteKey) key).site() : 0;
      if (index >= sites.size()) {
        return false;
      }
      Site site = sites.get(index);
      String full = site.render(key);
      return full.equals(rendered) || full.equals(site.method + ":" + rendered);
    });
  }

  /**
   * A write rule's {@code put:}: caches {@code value} (its method's result) under the key
   * rendered as {@code rendered}. Where the value cannot stand for this rule's result — another
   * type, an empty result without {@code cache-nulls}, a rule caching several methods (the key
   * does not say which) — the key is evicted instead, which is never wrong, and the reason
   * reported once.
   */
  public void writeThrough(String rendered, Object value, String writeRule,
      io.methodcache.agent.config.SourcePosition where) {
    RuleCache c = cache();
    Site site = sites.isEmpty() ? null : sites.get(0);
    Object result = site == null ? null : site.fromStored(site.toStored(value));
    String why = null;
    if (!Site.singleMethod(config.method())) {
      why = "it may cache several methods, and the key does not say which";
    } else if (site != null && result == Site.WRONG_TYPE) {
      why = "the write method returned " + (value == null ? "null" : "a "
          + value.getClass().getName()) + ", which " + site.method + " could not return";
    } else if (site != null && (!RuleCache.isEmpty(result) || config.cacheNulls() != null)) {
      c.writeThrough(site, rendered, result);
      return;
    }
    // Also without a reason to report: the method is not loaded in this JVM (evicting still
    // reaches L2 and the other JVMs), or the rule does not cache empty results.
    if (why != null) {
      io.methodcache.agent.Log.warnOnce("put|" + writeRule + "|" + why, where + ": rule '"
          + writeRule + "': the put into rule '" + name() + "' evicts the key instead, because "
          + why + ". Fix: write evict: {rule: " + name() + ", key: ...} to say so, or make the"
          + " write method return what the cached method returns");
    }
    invalidateRendered(rendered);
  }

  /** The TTL of entries written from now on (JMX: takes effect on the next load). */
  public long ttlMillis() {
    return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(cache().ttlNanos());
  }

  public void setTtlMillis(long millis) {
    if (millis <= 0) {
      throw new IllegalArgumentException("a TTL must be more than 0 ms");
    }
    cache().setTtl(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /**
   * Drops every entry carrying {@code tag}, here, in L2 and in every JVM. A rule without tags
   * has nothing to drop.
   */
  public void evictTag(String tag) {
    RuleCache c = cache();
    if (c.tagged()) {
      c.evictTag(tag);
    }
  }

  /** Here, in L2 and in every JVM: the cache is created if needed, as other JVMs may hold it. */
  public void invalidateAll() {
    cache().invalidateAll();
  }

  public long size() {
    RuleCache c = cache;
    return c == null ? 0 : c.size();
  }
}
