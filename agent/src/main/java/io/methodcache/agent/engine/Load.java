package io.methodcache.agent.engine;

/** The state a miss hands from enter to exit: this caller runs the body and publishes it. */
final class Load {
  final Site site;
  final Object key;
  /** The key as text when the rule uses the shared tier, else null. */
  final String rendered;
  /** Null when the rule has no stampede protection. */
  final Flight flight;
  final long generation;
  /** The Redis lock this load holds (distributed stampede), released after it publishes. */
  final String lockToken;
  final long startedNanos;
  /** The call's tags, stamped before the body ran (null for a rule without tags). */
  final TagStamps tags;
  /** The load this thread was running when this one started (loads nest), or null. */
  Load outer;

  /** The innermost load this thread is running: its body is executing now. */
  static final ThreadLocal<Load> RUNNING = new ThreadLocal<>();

  /** Marks this load as running on the calling thread (until {@link #finished}). */
  Load start() {
    outer = RUNNING.get();
    RUNNING.set(this);
    return this;
  }

  void finished() {
    if (outer == null) {
      RUNNING.remove();
    } else {
      RUNNING.set(outer);
    }
  }

  /**
   * True when {@code site}'s call for {@code key} runs inside this thread's load of another
   * method of the same rule for the same arguments — an override calling its cached
   * {@code super} method: caching the inner call too would keep each value twice.
   */
  static boolean nestedInSameRule(Site site, Object key) {
    Load running = RUNNING.get();
    return running != null && running.site != site && running.site.cache == site.cache
        && unwrapped(running.key).equals(unwrapped(key));
  }

  /** The arguments' key, without the method ({@link SiteKey}) or receiver ({@link ReceiverKey}). */
  private static Object unwrapped(Object key) {
    Object k = key instanceof SiteKey ? ((SiteKey) key).key() : key;
    return k instanceof ReceiverKey ? ((ReceiverKey) k).args : k;
  }

  /**
   * The key's L2 invalidation marker when this load began (its lease: the value is written to L2
   * only if no invalidation changed it meanwhile); null when the value must not be written.
   */
  final String lease;

  Load(Site site, Object key, String rendered, Flight flight, long generation, String lockToken,
      TagStamps tags, String lease) {
    this.tags = tags;
    this.lease = lease;
    this.site = site;
    this.key = key;
    this.rendered = rendered;
    this.flight = flight;
    this.generation = generation;
    this.lockToken = lockToken;
    this.startedNanos = System.nanoTime();
  }
}
