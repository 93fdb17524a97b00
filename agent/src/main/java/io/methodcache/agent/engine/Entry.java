package io.methodcache.agent.engine;

import io.methodcache.agent.bootstrap.Hit;

/**
 * A cached result. It is itself the {@link Hit} the advice receives, so a hit allocates nothing.
 * Immutable: its deadline ({@link CoarseTicker} time, jitter applied) is fixed when it is written.
 */
final class Entry extends Hit {
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Entry> REFRESHING =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Entry.class, "refreshing");

  final long expiresAt;
  /** Refresh-ahead: a hit after this ticker time reloads in the background (else Long.MAX_VALUE). */
  final long refreshAt;
  /** How long the load that produced this value took (XFetch scales early recomputes by it). */
  long loadNanos;
  private volatile int refreshing;
  /** The key as text for rules that use the shared tier (invalidations travel as text), else null. */
  final String rendered;
  /** The entry's tags and their versions at load (null for a rule without tags). */
  final TagStamps tags;

  Entry(Object value, long expiresAt, long refreshAt, String rendered, TagStamps tags) {
    super(value);
    this.expiresAt = expiresAt;
    this.refreshAt = refreshAt;
    this.rendered = rendered;
    this.tags = tags;
  }

  /** Not expired at ticker time {@code now}, and none of its tags evicted since its load. */
  boolean validAt(long now) {
    return expiresAt - now > 0 && (tags == null || tags.current());
  }

  /** One reload per entry (so per key and JVM): the first caller past refreshAt claims it. */
  boolean claimRefresh() {
    return REFRESHING.compareAndSet(this, 0, 1);
  }

  void releaseRefresh() {
    refreshing = 0;
  }
}
