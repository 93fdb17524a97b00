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

  Load(Site site, Object key, String rendered, Flight flight, long generation, String lockToken,
      TagStamps tags) {
    this.tags = tags;
    this.site = site;
    this.key = key;
    this.rendered = rendered;
    this.flight = flight;
    this.generation = generation;
    this.lockToken = lockToken;
    this.startedNanos = System.nanoTime();
  }
}
