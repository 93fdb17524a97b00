package io.methodcache.agent.jmx;

/** {@code io.methodcache:type=Rule,name=<rule>}: one rule's switch, figures and operations. */
public interface RuleMXBean {
  /** Takes effect on the next call; no class is retransformed. */
  boolean isEnabled();

  void setEnabled(boolean enabled);

  /** The methods this rule caches (as Type#method(params)). */
  String[] getMethods();

  /** Writable: entries written from then on live this long; no class is retransformed. */
  long getTtlMillis();

  void setTtlMillis(long millis);

  /** Upper bound of the bucket holding the 99th percentile of load times (within 2x). */
  double getLoadTimeP99Millis();

  long getEvictions();

  /** Refresh-ahead reloads completed in the background, and those whose method threw. */
  long getRefreshes();

  long getRefreshFailures();

  /** XFetch: hits that recomputed before expiry. */
  long getEarlyRecomputes();

  long getInvalidations();

  /** Values cached by write rules' {@code put:} (write-through). */
  long getPuts();

  long getHits();

  long getMisses();

  double getHitRatio();

  long getLoads();

  long getLoadFailures();

  double getLoadTimeMeanMillis();

  long getStampedeWaits();

  long getStampedeTimeouts();

  long getErrors();

  long getUncacheable();

  long getSize();

  long getL2Hits();

  long getL2Misses();

  /** Shared-tier reads that failed (an error reply, garbage, a refused class, a wrong type). */
  long getL2Errors();

  /** Shared-tier reads not attempted: not connected yet, or the circuit breaker open. */
  long getL2Skipped();

  long getL2Timeouts();

  void invalidateAll();

  /**
   * Drops one entry, given its key as text: the rendered form shared-tier keys use (arguments
   * joined with ',', e.g. "42" or "bob,7"; the key template's text when the rule has one).
   */
  void invalidate(String key);

  /**
   * Drops every entry of this rule carrying the tag (as its {@code tags:} render it, e.g.
   * {@code product:42}), here, in L2 and in every JVM; in constant time.
   */
  void invalidateTag(String tag);
}
