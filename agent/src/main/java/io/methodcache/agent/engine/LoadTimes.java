package io.methodcache.agent.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load times in power-of-two buckets of microseconds (1 µs … ~35 min), for a p99 without keeping
 * samples: a load records one increment; a percentile is the upper bound of its bucket, so it
 * errs high by at most a factor of two — enough to tell 2 ms from 200 ms.
 */
final class LoadTimes {
  private static final int BUCKETS = 32;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    long micros = Math.max(1, nanos / 1_000);
    int bucket = Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(micros));
    counts.incrementAndGet(bucket);
  }

  /** The given percentile (0..100) in milliseconds, or 0 before the first load. */
  double percentileMillis(double percentile) {
    long total = 0;
    long[] snapshot = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
      total += snapshot[i];
    }
    if (total == 0) {
      return 0.0;
    }
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return (1L << (i + 1)) / 1_000.0; // the bucket's upper bound
      }
    }
    return (1L << BUCKETS) / 1_000.0;
  }
}
