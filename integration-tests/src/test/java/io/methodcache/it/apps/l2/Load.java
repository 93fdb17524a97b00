package io.methodcache.it.apps.l2;

import io.methodcache.it.apps.Report;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A background load on {@link Catalog#load}: several threads, random keys, each call timed and its
 * value checked against what the body returns. Figures are kept per phase (the test names phases
 * as it kills and restarts Redis).
 *
 * <pre>
 *   load start THREADS KEYS PACE_MICROS [PHASE] → started
 *   load phase NAME                            → ok
 *   load progress                              → CALLS FAILED
 *   load stop                                  → key=value … (per phase and total)
 * </pre>
 * A failed call is one that threw or returned a value other than the body's. Beside the calls, a
 * thread that only parks for 1 ms at a time measures the machine's own stalls ({@code jitterMs}),
 * so a slow call can be told apart from a process that was not scheduled at all.
 */
final class Load {
  static final class Stats {
    final LongAdder calls = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder over50 = new LongAdder();
    final LongAdder over100 = new LongAdder();
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    final LongAdder totalNanos = new LongAdder();
    /** The longest oversleep of a thread that only parks for 1 ms: the machine's own stalls. */
    final LongAccumulator jitterNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos, boolean ok) {
      calls.increment();
      if (!ok) {
        failed.increment();
      }
      if (nanos > 50_000_000) {
        over50.increment();
      }
      if (nanos > 100_000_000) {
        over100.increment();
      }
      maxNanos.accumulate(nanos);
      totalNanos.add(nanos);
    }
  }

  private final Catalog catalog;
  private final int keys;
  private final long paceNanos;
  private final Thread[] threads;
  private final Map<String, Stats> phases = new ConcurrentHashMap<>();
  private final Map<String, Boolean> order = new LinkedHashMap<>();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final AtomicLong calls = new AtomicLong();
  private volatile Stats current;
  private volatile boolean stop;

  private Load(Catalog catalog, int threadCount, int keys, long paceMicros, String phase) {
    this.catalog = catalog;
    this.keys = keys;
    this.paceNanos = TimeUnit.MICROSECONDS.toNanos(paceMicros);
    this.threads = new Thread[threadCount];
    phase(phase);
  }

  static Load start(Catalog catalog, int threads, int keys, long paceMicros, String phase) {
    Load load = new Load(catalog, threads, keys, paceMicros, phase);
    Thread jitter = new Thread(load::measureJitter, "load-jitter");
    jitter.setDaemon(true);
    jitter.start();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      load.threads[t] = new Thread(() -> load.run(new Random(seed)), "load-" + t);
      load.threads[t].start();
    }
    return load;
  }

  private synchronized void phase(String name) {
    order.put(name, true);
    current = phases.computeIfAbsent(name, n -> new Stats());
  }

  private void run(Random random) {
    while (!stop) {
      int k = random.nextInt(keys);
      Stats stats = current;
      long t0 = System.nanoTime();
      boolean ok;
      String failure = null;
      try {
        int v = catalog.load(k);
        ok = v == Catalog.expectedLoad(k);
        if (!ok) {
          failure = "key " + k + " returned " + v;
        }
      } catch (Throwable e) {
        ok = false;
        failure = "key " + k + " threw " + Report.thrown(e);
      }
      long nanos = System.nanoTime() - t0;
      stats.record(nanos, ok);
      calls.incrementAndGet();
      if (failure != null) {
        firstFailure.compareAndSet(null, failure);
      }
      if (paceNanos > 0) {
        LockSupport.parkNanos(paceNanos);
      }
    }
  }

  /** Parks 1 ms at a time and records how much longer it took: scheduling, GC and safepoint stalls. */
  private void measureJitter() {
    while (!stop) {
      Stats stats = current;
      long t0 = System.nanoTime();
      LockSupport.parkNanos(1_000_000);
      stats.jitterNanos.accumulate(System.nanoTime() - t0 - 1_000_000);
    }
  }

  String command(String[] w) throws InterruptedException {
    switch (w[1]) {
      case "phase":
        phase(w[2]);
        return "ok";
      case "progress":
        return calls.get() + " " + total().failed.sum();
      case "stop":
        stopQuietly();
        return summary();
      default:
        return "unknown load command " + w[1];
    }
  }

  void stopQuietly() throws InterruptedException {
    stop = true;
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  private Stats total() {
    Stats total = new Stats();
    for (Stats s : phases.values()) {
      total.calls.add(s.calls.sum());
      total.failed.add(s.failed.sum());
      total.over50.add(s.over50.sum());
      total.over100.add(s.over100.sum());
      total.maxNanos.accumulate(s.maxNanos.get());
      total.totalNanos.add(s.totalNanos.sum());
      total.jitterNanos.accumulate(s.jitterNanos.get());
    }
    return total;
  }

  private synchronized String summary() {
    StringBuilder b = new StringBuilder();
    for (String name : order.keySet()) {
      append(b, name, phases.get(name));
    }
    append(b, "total", total());
    b.append("firstFailure=").append(String.valueOf(firstFailure.get()).replace(' ', '_'));
    return b.toString();
  }

  private static void append(StringBuilder b, String name, Stats s) {
    long calls = s.calls.sum();
    b.append(name).append(".calls=").append(calls).append(' ');
    b.append(name).append(".failed=").append(s.failed.sum()).append(' ');
    b.append(name).append(".maxMs=").append(String.format(java.util.Locale.ROOT, "%.1f", s.maxNanos.get() / 1e6)).append(' ');
    b.append(name).append(".meanMs=")
        .append(String.format(java.util.Locale.ROOT, "%.3f", calls == 0 ? 0 : s.totalNanos.sum() / 1e6 / calls)).append(' ');
    b.append(name).append(".jitterMs=")
        .append(String.format(java.util.Locale.ROOT, "%.1f", s.jitterNanos.get() / 1e6)).append(' ');
    b.append(name).append(".over50ms=").append(s.over50.sum()).append(' ');
    b.append(name).append(".over100ms=").append(s.over100.sum()).append(' ');
  }
}
