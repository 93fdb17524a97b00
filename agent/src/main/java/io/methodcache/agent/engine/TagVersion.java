package io.methodcache.agent.engine;

/**
 * One tag of one rule, as this JVM knows it. Evicting a tag costs one increment here and one
 * write in Redis, however many entries carry it: an entry remembers the versions its tags had when
 * its load started and is stale as soon as one of them moved.
 *
 * <p>Two versions: {@link #local} orders this JVM's evictions for L1 entries; {@code shared} is
 * the tag's version in Redis (a random number set by each eviction; 0 while none is recorded),
 * which L2 values carry. Invariant: {@code shared} is never set from a read that started before
 * the last local bump, so a read racing with an eviction cannot bring back the old version.
 */
final class TagVersion {
  /** {@code shared} not known: read it from Redis before trusting an L2 value. */
  static final long UNKNOWN = Long.MIN_VALUE;

  final String name;
  /** Bumped by every eviction of this tag seen in this JVM (made here or received). */
  volatile long local;
  private long shared = UNKNOWN; // guarded by this
  private long sharedSince; // System.nanoTime() of the read or write that set shared

  TagVersion(String name) {
    this.name = name;
  }

  /** An eviction here or elsewhere: entries loaded before it are stale; Redis must be re-read. */
  synchronized void bump() {
    local++;
    shared = UNKNOWN;
  }

  /** The known shared version, or UNKNOWN when never read, reset, or older than maxAgeNanos. */
  synchronized long shared(long maxAgeNanos) {
    if (shared != UNKNOWN && System.nanoTime() - sharedSince > maxAgeNanos) {
      shared = UNKNOWN; // Redis may have expired the version key since: read it again
    }
    return shared;
  }

  /** Records what Redis said, unless an eviction happened since {@code observedLocal} was read. */
  synchronized void learn(long observedLocal, long version) {
    if (local == observedLocal) {
      shared = version;
      sharedSince = System.nanoTime();
    }
  }

  /**
   * This JVM's eviction has written {@code version} to Redis. Moves {@link #local} once more: a
   * read of Redis that started before the write may still be under way, and it must neither
   * record the previous version after this (its {@link #learn} is then refused) nor keep what it
   * loaded under it. The version is recorded unless another eviction started meanwhile.
   */
  synchronized void evicted(long observedLocal, long version) {
    boolean latest = local == observedLocal;
    local++;
    if (latest) {
      shared = version;
      sharedSince = System.nanoTime();
    }
  }

  /** Forget the shared version (a gap in the invalidation log: evictions may have been missed). */
  synchronized void forgetShared() {
    shared = UNKNOWN;
  }
}
