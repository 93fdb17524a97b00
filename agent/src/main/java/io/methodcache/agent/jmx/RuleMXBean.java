package io.methodcache.agent.jmx;

/** {@code io.methodcache:type=Rule,name=<rule>}: one rule's switch, figures and operations. */
public interface RuleMXBean {
  /** Takes effect on the next call; no class is retransformed. */
  boolean isEnabled();

  void setEnabled(boolean enabled);

  /**
   * "on", "off", or "broken": a problem found when one of its classes loaded stopped the rule as
   * a whole (the agent's Problems say which and how to fix it).
   */
  String getState();

  /** True for a write rule ({@code evict:} / {@code put:}): it caches nothing itself. */
  boolean isWriteRule();

  /** What a write rule does when its method runs, one line per target; empty for caching rules. */
  String[] getWrites();

  /** Write rules: calls of the method. */
  long getCalls();

  /** Write rules: evictions applied (one per target of a call: a key, all of a rule, a tag). */
  long getEvictionsFired();

  /** Write rules: values handed to the target rule by {@code put:}. */
  long getPutsFired();

  /** The methods this rule caches (as Type#method(params)). */
  String[] getMethods();

  /** Writable: entries written from then on live this long; no class is retransformed. */
  long getTtlMillis();

  void setTtlMillis(long millis);

  /** Upper bound of the bucket holding the 99th percentile of load times (within 2x). */
  double getLoadTimeP99Millis();

  /** Entries dropped because the cache was full or their TTL ran out. */
  long getEvictions();

  /** Refresh-ahead reloads completed in the background, and those whose method threw. */
  long getRefreshes();

  long getRefreshFailures();

  /** XFetch: hits that recomputed before expiry. */
  long getEarlyRecomputes();

  /** Invalidations applied to this rule: by key, all, by tag, from write rules or other JVMs. */
  long getInvalidations();

  /** Values cached by write rules' {@code put:} (write-through). */
  long getPuts();

  long getHits();

  long getMisses();

  double getHitRatio();

  long getLoads();

  long getLoadFailures();

  double getLoadTimeMeanMillis();

  /** Time spent in loads, failed ones included (Micrometer: methodcache.load.time). */
  double getLoadTimeTotalMillis();

  long getStampedeWaits();

  long getStampedeTimeouts();

  long getErrors();

  long getUncacheable();

  long getSize();

  long getL2Hits();

  long getL2Misses();

  /** Shared-tier reads that failed (an error reply, garbage, a refused class, a wrong type). */
  long getL2Errors();

  /** L2 values refused because they were not signed with this JVM's key (also in L2Errors). */
  long getL2Unsigned();

  /** Loads whose value was not written to L2: the key was invalidated while they ran (leases). */
  long getStaleFillsDropped();

  /** Shared-tier reads not attempted: not connected yet, or the circuit breaker open. */
  long getL2Skipped();

  long getL2Timeouts();

  /** Drops every entry; refused (IllegalArgumentException) for a write rule, which has none. */
  void invalidateAll();

  /**
   * Drops one entry, given its key as text: the rendered form shared-tier keys use (arguments
   * joined with ',', e.g. "42" or "bob,7"; the key template's text when the rule has one).
   * Returns what happened: "invalidated key K…" when an entry of this JVM was dropped, "key K is
   * not cached in this JVM; …" when it was sent to L2 and the other JVMs, or "nothing matched: …"
   * when nothing anywhere can have been invalidated (an L1-only rule without the key here, or a
   * text no key of the rule can render as). Refused for a write rule.
   */
  String invalidate(String key);

  /**
   * Drops every entry of this rule carrying the tag (as its {@code tags:} render it, e.g.
   * {@code product:42}), here, in L2 and in every JVM; in constant time.
   */
  void invalidateTag(String tag);
}
