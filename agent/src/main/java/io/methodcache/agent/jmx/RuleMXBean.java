package io.methodcache.agent.jmx;

/**
 * {@code io.methodcache:type=Rule,name=<rule>}: one rule's switch, settings and operations. Its
 * figures ({@code Hits}, {@code Misses}, …) are attributes too, one per figure of
 * {@code io.methodcache.agent.metrics.Figures}, added by {@link RuleBean}.
 */
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

  /** The methods this rule caches (as Type#method(params)). */
  String[] getMethods();

  /** Writable: entries written from then on live this long; no class is retransformed. */
  long getTtlMillis();

  void setTtlMillis(long millis);

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
