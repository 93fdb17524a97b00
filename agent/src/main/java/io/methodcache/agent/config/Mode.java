package io.methodcache.agent.config;

/** How a caching rule keeps its entries fresh ({@code mode:}). */
public enum Mode {
  /** Load on a miss; an entry lives until its TTL (the default). */
  CACHE_ASIDE,
  /**
   * A hit on an entry older than {@link RuleConfig#refreshAt()} of its TTL returns at once and
   * reloads it in the background, so hot keys never miss.
   */
  REFRESH_AHEAD;

  /** As written in a rules file: {@code cache-aside}, {@code refresh-ahead}. */
  public String key() {
    return this == CACHE_ASIDE ? "cache-aside" : "refresh-ahead";
  }
}
