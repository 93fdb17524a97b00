package io.methodcache.agent.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A ticker that reads a field a daemon thread advances about every millisecond. Caffeine reads
 * its ticker on every access of a cache with expiry; {@code System.nanoTime()} costs ~25 ns per
 * read on a VM, a volatile field ~1 ns. A millisecond of TTL precision is plenty for a cache.
 */
final class CoarseTicker implements Ticker {
  static final CoarseTicker INSTANCE = new CoarseTicker();
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private volatile long now = System.nanoTime();

  private CoarseTicker() {
    Thread t = new Thread(this::advance, "methodcache-clock");
    t.setDaemon(true);
    t.start();
  }

  private void advance() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      now = System.nanoTime();
    }
  }

  @Override
  public long read() {
    return now;
  }
}
