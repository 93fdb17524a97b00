package io.methodcache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Diagnostics of the agent's L1 hit path: hand-written cache-aside over Caffeine configured piece
 * by piece like the agent's L1 (per-entry variable expiry, a coarse ticker, its own single-thread
 * maintenance executor, a LongAdder hit counter), so the table shows which piece costs what
 * against the floor, and what an alternative configuration would cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheConfigBench {
  Twin twin;
  Cache<String, Holder> variable;
  Cache<String, Holder> fixedCoarse;
  Cache<String, Holder> floorHolder;
  final LongAdder hits = new LongAdder();

  /** A value with its own TTL, as the agent's Entry. */
  static final class Holder {
    final String value;
    final long ttlNanos;
    final long deadline;

    Holder(String value, long ttlNanos, long now) {
      this.value = value;
      this.ttlNanos = ttlNanos;
      this.deadline = now + ttlNanos;
    }
  }

  static final class Coarse implements Ticker {
    static final Coarse INSTANCE = new Coarse();
    volatile long now = System.nanoTime();

    Coarse() {
      Thread t = new Thread(() -> {
        while (true) {
          LockSupport.parkNanos(1_000_000);
          now = System.nanoTime();
        }
      }, "bench-clock");
      t.setDaemon(true);
      t.start();
    }

    @Override public long read() {
      return now;
    }
  }

  static final class PerEntry implements Expiry<String, Holder> {
    @Override public long expireAfterCreate(String k, Holder v, long t) { return v.ttlNanos; }
    @Override public long expireAfterUpdate(String k, Holder v, long t, long d) { return v.ttlNanos; }
    @Override public long expireAfterRead(String k, Holder v, long t, long d) { return d; }
  }

  static Executor singleThread() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "bench-maintenance");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Setup(Level.Trial)
  public void setup(Keys k) {
    twin = new Twin();
    Executor tpe = singleThread();
    variable = Caffeine.newBuilder().maximumSize(BaselineBench.MAX).expireAfter(new PerEntry())
        .ticker(Coarse.INSTANCE).executor(tpe).build();
    fixedCoarse = Caffeine.newBuilder().maximumSize(BaselineBench.MAX)
        .expireAfterWrite(BaselineBench.TTL).ticker(Coarse.INSTANCE).build();
    floorHolder = Caffeine.newBuilder().maximumSize(BaselineBench.MAX).build();
    long ttl = BaselineBench.TTL.toNanos();
    for (int i = 0; i < k.size; i++) {
      String key = k.stored[i];
      Holder h = new Holder(twin.lookup(key), ttl, Coarse.INSTANCE.read());
      variable.put(key, h);
      fixedCoarse.put(key, h);
      floorHolder.put(key, h);
    }
  }

  private String aside(Cache<String, Holder> cache, String key) {
    Holder h = cache.getIfPresent(key);
    if (h == null) {
      h = new Holder(twin.lookup(key), BaselineBench.TTL.toNanos(), Coarse.INSTANCE.read());
      cache.put(key, h);
    }
    return h.value;
  }

  /** As the agent's L1: variable expiry, coarse ticker, a single-thread ThreadPoolExecutor. */
  @Benchmark
  public String variableExpiry(Keys k, Cursor c) {
    return aside(variable, k.probe[c.next(k.size)]);
  }

  /** Fixed expireAfterWrite with the coarse ticker; per-entry TTL (jitter) checked by hand. */
  @Benchmark
  public String fixedExpiryCoarseTicker(Keys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    Holder h = fixedCoarse.getIfPresent(key);
    if (h == null || h.deadline - Coarse.INSTANCE.read() <= 0) {
      h = new Holder(twin.lookup(key), BaselineBench.TTL.toNanos(), Coarse.INSTANCE.read());
      fixedCoarse.put(key, h);
    }
    return h.value;
  }

  /** The floor with a holder value and a LongAdder hit counter, as the agent counts hits. */
  @Benchmark
  public String floorWithCounter(Keys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    Holder h = floorHolder.getIfPresent(key);
    if (h != null) {
      hits.increment();
      return h.value;
    }
    h = new Holder(twin.lookup(key), BaselineBench.TTL.toNanos(), Coarse.INSTANCE.read());
    floorHolder.put(key, h);
    return h.value;
  }
}
