package io.methodcache.agent.config;

/** How concurrent misses of one key are coordinated. */
public enum Stampede {
  /** One caller per key and JVM runs the body; the others wait for its result (bounded). */
  LOCAL,
  /** Every caller that misses runs the body. */
  NONE,
  /**
   * One caller per key in the whole group of JVMs runs the body, through a lock in Redis; callers
   * elsewhere poll L2 until the value appears or the lock times out. Needs {@link Tier#L2}; the
   * parser accepts it only on rules whose tiers include L2.
   */
  DISTRIBUTED
}
