package io.methodcache.it.apps.l2;

import io.methodcache.it.apps.Report;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault suite's steady load in one JVM: reader threads that never stop while the test injects
 * faults, and (in one JVM of the group) a writer, all on {@link Catalog}'s keys FIRST … FIRST+KEYS-1.
 * Every call is timed, and every value it returns is checked against the truth at once.
 *
 * <p>The truth is a small board every JVM maps from one file of the shared data directory
 * ({@code fault-board-FIRST}): per key, the version the writer last <em>completed</em> (its
 * {@link Catalog#save} returned) and when (its {@code System.nanoTime()}: JVMs on one host share
 * that clock, CLOCK_MONOTONIC). A read is <em>stale</em> when it returns an older version than the
 * one completed before the read began; a value that is not {@code PREFIX-ID@vN} of the key read, a
 * version never written, or a throwable is a <em>failed</em> call.
 *
 * <p>Figures are kept per phase (the test names phases as it injects and ends each fault): per
 * method the calls, failed calls, a latency histogram and the slowest call; the stale reads and the
 * oldest; and the longest oversleep of a thread that only parks for 1 ms (the process's own stalls:
 * scheduling on a loaded machine, GC), so a slow call can be told apart from an unscheduled JVM.
 * The last stale reads are also kept with their times, so that the test can ask, after the fact,
 * how many began after a moment it chose.
 *
 * <pre>
 *   fault clock                     → NANOS   (this JVM's System.nanoTime())
 *   fault board create|map FIRST KEYS → ok    (create: the writer's JVM, from the current versions;
 *                                     readers and writer move to these keys at their next call)
 *   fault phase NAME                → ok
 *   fault readers N METHODS PACE_US → started (METHODS: lookup,direct,slow; each call picks one)
 *   fault methods METHODS           → ok      (the readers' mix from their next call)
 *   fault write start PACE_US SEED  → started (one writer thread: save(random key), paced)
 *   fault write stop                → NANOS WRITES (its nanoTime after the last write returned)
 *   fault stats PHASE               → key=value … (see {@link PhaseStats#render})
 *   fault stale-since NANOS         → COUNT LAST_END_NANOS FIRST (stale reads that began at or
 *                                     after NANOS; LAST_END 0 when none; FIRST: one, described)
 *   fault stop                      → ok      (readers and writer stopped)
 * </pre>
 */
public final class FaultLoad {
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int STALE_RING = 16_384;

  private final Catalog catalog;
  private volatile Board board;
  private volatile String[] methods = {"lookup"};
  private final Map<String, PhaseStats> phases = new ConcurrentHashMap<>();
  private volatile PhaseStats current;
  private final List<Thread> readers = new ArrayList<>();
  private volatile boolean stop;
  private Thread writer;
  private volatile boolean stopWriter;
  private volatile String writerResult;
  private final Thread jitter;

  // the last stale reads (a ring): start, end, key index, version read, version completed
  private final long[] staleStart = new long[STALE_RING];
  private final long[] staleEnd = new long[STALE_RING];
  private final long[] staleWhat = new long[STALE_RING * 3];
  private final String[] staleMethod = new String[STALE_RING];
  private long staleCount; // guarded by this

  FaultLoad(Catalog catalog) {
    this.catalog = catalog;
    this.current = phase("start");
    this.jitter = new Thread(this::measureJitter, "fault-jitter");
    jitter.setDaemon(true);
    jitter.start();
  }

  String command(String[] w) throws Exception {
    switch (w[1]) {
      case "clock":
        return Long.toString(System.nanoTime());
      case "board":
        map(Long.parseLong(w[3]), Integer.parseInt(w[4]), w[2].equals("create"));
        return "ok";
      case "phase":
        current = phase(w[2]);
        return "ok";
      case "readers":
        methods = w[3].split(",");
        startReaders(Integer.parseInt(w[2]), Long.parseLong(w[4]));
        return "started";
      case "methods":
        methods = w[2].split(",");
        return "ok";
      case "write":
        return w[2].equals("start") ? startWriter(Long.parseLong(w[3]), Long.parseLong(w[4]))
            : stopWriter();
      case "stats":
        return phase(w[2]).render();
      case "stale-since":
        return staleSince(Long.parseLong(w[2]));
      case "stop":
        stop();
        return "ok";
      default:
        return "unknown fault command " + w[1];
    }
  }

  private PhaseStats phase(String name) {
    return phases.computeIfAbsent(name, PhaseStats::new);
  }

  // ------------------------------------------------------------------ the board

  private void map(long first, int keys, boolean create) throws IOException {
    if (create && writer != null && writer.isAlive()) {
      throw new IllegalStateException("'fault write stop' before moving to other keys");
    }
    board = new Board(first, keys, create);
  }

  /** One key range's truth: per key the last completed version, then when it was completed. */
  static final class Board {
    final MappedByteBuffer buffer;
    final long first;
    final int keys;

    Board(long first, int keys, boolean create) throws IOException {
      this.first = first;
      this.keys = keys;
      Path file = Path.of(System.getProperty("l2.data"), "fault-board-" + first);
      long size = 16L * keys;
      try (FileChannel ch = create
          ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
              StandardOpenOption.WRITE)
          : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        if (!create && ch.size() != size) {
          throw new IllegalStateException("the board holds " + ch.size() + " bytes, not " + size);
        }
        buffer = ch.map(FileChannel.MapMode.READ_WRITE, 0, size); // valid once the channel closes
      }
      if (create) {
        for (int k = 0; k < keys; k++) {
          LONGS.setVolatile(buffer, 8 * k, (long) Data.version(first + k));
        }
      }
    }

    long completed(int k) {
      return (long) LONGS.getVolatile(buffer, 8 * k);
    }

    /** When key k's completed version (or a later one) was completed: ages are lower bounds. */
    long completedAt(int k) {
      return (long) LONGS.getVolatile(buffer, 8 * keys + 8 * k);
    }

    /** The writer's: the time first, then the version (readers read them the other way round). */
    void complete(int k, long version) {
      LONGS.setVolatile(buffer, 8 * keys + 8 * k, System.nanoTime());
      LONGS.setVolatile(buffer, 8 * k, version);
    }
  }

  // ------------------------------------------------------------------ readers

  private void startReaders(int n, long paceMicros) {
    if (board == null) {
      throw new IllegalStateException("'fault board' first");
    }
    long paceNanos = TimeUnit.MICROSECONDS.toNanos(paceMicros);
    for (int t = 0; t < n; t++) {
      long seed = 7_000 + readers.size();
      Thread reader = new Thread(() -> read(new Random(seed), paceNanos),
          "fault-reader-" + readers.size());
      reader.setDaemon(true);
      readers.add(reader);
      reader.start();
    }
  }

  private void read(Random random, long paceNanos) {
    while (!stop) {
      String[] mix = methods;
      String method = mix[random.nextInt(mix.length)];
      Board b = board;
      int k = random.nextInt(b.keys);
      long id = b.first + k;
      PhaseStats stats = current;
      long completed = b.completed(k);
      long completedAt = b.completedAt(k);
      long start = System.nanoTime();
      String value;
      try {
        value = call(method, id);
      } catch (Throwable e) {
        value = Report.thrown(e);
      }
      long end = System.nanoTime();
      long v = version(method, value, id);
      String failure = null;
      if (v < 0) {
        failure = method + "(" + id + ") returned " + value;
      } else if (v > b.completed(k) + 1) {
        failure = method + "(" + id + ") returned v" + v + ", never written (v" + b.completed(k)
            + " is the last completed)";
      }
      stats.record(method, end - start, failure);
      if (failure == null && v < completed) {
        stats.stale(method, start - completedAt);
        recordStale(method, start, end, id, v, completed);
      }
      if (paceNanos > 0) {
        LockSupport.parkNanos(paceNanos);
      }
    }
  }

  private String call(String method, long id) {
    switch (method) {
      case "lookup": return catalog.lookup(id);
      case "direct": return catalog.direct(id);
      case "slow": return catalog.slow(id);
      default: throw new IllegalArgumentException("no method " + method);
    }
  }

  /** The N of {@code PREFIX-ID@vN} for this method and id, or -1. */
  static long version(String method, String value, long id) {
    String prefix = (method.equals("lookup") ? "item" : method) + "-" + id + "@v";
    if (value == null || !value.startsWith(prefix)) {
      return -1;
    }
    try {
      long v = Long.parseLong(value.substring(prefix.length()));
      return v >= 1 ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private synchronized void recordStale(String method, long start, long end, long id, long v,
      long completed) {
    int i = (int) (staleCount++ % STALE_RING);
    staleMethod[i] = method;
    staleStart[i] = start;
    staleEnd[i] = end;
    staleWhat[3 * i] = id;
    staleWhat[3 * i + 1] = v;
    staleWhat[3 * i + 2] = completed;
  }

  /**
   * Stale reads that began at or after {@code from}: their count, the end of the latest, one of
   * them described. When the ring no longer reaches back to {@code from}, the count is a lower
   * bound (and not zero, so the test fails either way).
   */
  private synchronized String staleSince(long from) {
    long count = 0;
    long lastEnd = 0;
    String firstOne = "none";
    Map<String, Long> perMethod = new java.util.TreeMap<>();
    long n = Math.min(staleCount, STALE_RING);
    for (long j = staleCount - n; j < staleCount; j++) {
      int i = (int) (j % STALE_RING);
      if (staleStart[i] - from >= 0) {
        if (count == 0) {
          firstOne = staleMethod[i] + "(" + staleWhat[3 * i] + ")_read_v" + staleWhat[3 * i + 1]
              + "_after_v" + staleWhat[3 * i + 2] + "_was_completed,_" + (staleStart[i] - from) / 1_000
              + "_us_after_the_mark";
        }
        count++;
        perMethod.merge(staleMethod[i], 1L, Long::sum);
        lastEnd = Math.max(lastEnd, staleEnd[i]);
      }
    }
    return count + " " + lastEnd + " " + firstOne + (perMethod.isEmpty() ? ""
        : ",_per_method_" + perMethod.toString().replace(" ", "").replace(',', '/'));
  }

  // ------------------------------------------------------------------ the writer

  private String startWriter(long paceMicros, long seed) {
    if (board == null || writer != null && writer.isAlive()) {
      throw new IllegalStateException("'fault board create' first, and one writer at a time");
    }
    long paceNanos = TimeUnit.MICROSECONDS.toNanos(paceMicros);
    stopWriter = false;
    writerResult = null;
    writer = new Thread(() -> write(new Random(seed), paceNanos), "fault-writer");
    writer.setDaemon(true);
    writer.start();
    return "started";
  }

  private void write(Random random, long paceNanos) {
    Board b = board; // the test moves to other keys only while no writer runs
    long[] last = new long[b.keys];
    for (int k = 0; k < b.keys; k++) {
      last[k] = b.completed(k);
    }
    long writes = 0;
    try {
      while (!stopWriter) {
        int k = random.nextInt(b.keys);
        long id = b.first + k;
        PhaseStats stats = current;
        long t0 = System.nanoTime();
        String failure = null;
        long v = -1;
        try {
          v = catalog.save(id);
          if (v != last[k] + 1) { // the only writer: each write is the key's next version
            failure = "save(" + id + ") gave v" + v + " after v" + last[k];
          }
        } catch (Throwable t) {
          failure = "save(" + id + ") threw " + Report.thrown(t);
        }
        stats.record("save", System.nanoTime() - t0, failure);
        if (v > last[k]) {
          last[k] = v;
          b.complete(k, v);
        }
        writes++;
        if (paceNanos > 0) {
          LockSupport.parkNanos(paceNanos);
        }
      }
      writerResult = System.nanoTime() + " " + writes;
    } catch (Throwable t) {
      writerResult = "!" + Report.thrown(t);
    }
  }

  private String stopWriter() throws InterruptedException {
    if (writer == null) {
      throw new IllegalStateException("no writer");
    }
    stopWriter = true;
    writer.join(30_000);
    if (writer.isAlive()) {
      throw new IllegalStateException("the writer still runs 30 s after stop");
    }
    String r = writerResult;
    if (r == null || r.startsWith("!")) {
      throw new IllegalStateException("writer: " + r);
    }
    return r;
  }

  void stop() throws InterruptedException {
    stop = true;
    stopWriter = true;
    for (Thread t : readers) {
      t.join(30_000);
    }
    if (writer != null) {
      writer.join(30_000);
    }
  }

  /** Parks 1 ms at a time and records how much longer it took: this process's own stalls. */
  private void measureJitter() {
    while (!stop) {
      PhaseStats stats = current;
      long t0 = System.nanoTime();
      LockSupport.parkNanos(1_000_000);
      stats.jitterNanos.accumulate(System.nanoTime() - t0 - 1_000_000);
    }
  }

  // ------------------------------------------------------------------ figures

  /** One phase's figures in this JVM. */
  static final class PhaseStats {
    final String name;
    final Map<String, MethodStats> methods = new ConcurrentHashMap<>();
    final LongAdder stale = new LongAdder();
    final LongAccumulator staleMaxAgeNanos = new LongAccumulator(Math::max, 0);
    final LongAccumulator jitterNanos = new LongAccumulator(Math::max, 0);

    PhaseStats(String name) {
      this.name = name;
    }

    void record(String method, long nanos, String failure) {
      methods.computeIfAbsent(method, m -> new MethodStats()).record(nanos, failure);
    }

    void stale(String method, long ageNanos) {
      stale.increment();
      staleMaxAgeNanos.accumulate(ageNanos);
      methods.computeIfAbsent(method, m -> new MethodStats()).stale.increment();
    }

    /**
     * {@code stale=N staleMaxAgeUs=N jitterUs=N} then per method {@code M.calls=N M.failed=N
     * M.stale=N M.maxUs=N M.hist=BUCKET:COUNT,… M.firstFailure=TEXT} (see {@link Histogram}).
     */
    String render() {
      StringBuilder b = new StringBuilder();
      b.append("stale=").append(stale.sum());
      b.append(" staleMaxAgeUs=").append(staleMaxAgeNanos.get() / 1_000);
      b.append(" jitterUs=").append(jitterNanos.get() / 1_000);
      methods.forEach((m, s) -> s.render(b, m));
      return b.toString();
    }
  }

  static final class MethodStats {
    final LongAdder calls = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    final Histogram histogram = new Histogram();
    final AtomicReference<String> firstFailure = new AtomicReference<>();

    void record(long nanos, String failure) {
      calls.increment();
      maxNanos.accumulate(nanos);
      histogram.record(nanos / 1_000);
      if (failure != null) {
        failed.increment();
        firstFailure.compareAndSet(null, failure);
      }
    }

    void render(StringBuilder b, String m) {
      b.append(' ').append(m).append(".calls=").append(calls.sum());
      b.append(' ').append(m).append(".failed=").append(failed.sum());
      b.append(' ').append(m).append(".stale=").append(stale.sum());
      b.append(' ').append(m).append(".maxUs=").append(maxNanos.get() / 1_000);
      b.append(' ').append(m).append(".hist=").append(histogram.render());
      b.append(' ').append(m).append(".firstFailure=")
          .append(String.valueOf(firstFailure.get()).replaceAll("\\s+", "_"));
    }
  }

  /**
   * Call times in buckets the test can add up across JVMs and phases: 50 µs wide below 10 ms,
   * 1 ms wide below 1 s, 100 ms wide above (the last bucket holds everything beyond 11 s).
   */
  public static final class Histogram {
    public static final int BUCKETS = 200 + 990 + 101;
    final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public static int bucket(long micros) {
      if (micros < 10_000) {
        return (int) (micros / 50);
      }
      if (micros < 1_000_000) {
        return 200 + (int) ((micros - 10_000) / 1_000);
      }
      return 1190 + (int) Math.min(100, (micros - 1_000_000) / 100_000);
    }

    /** The upper bound of a bucket, in µs. */
    public static long upperMicros(int bucket) {
      if (bucket < 200) {
        return (bucket + 1) * 50L;
      }
      if (bucket < 1190) {
        return 10_000 + (bucket - 200 + 1) * 1_000L;
      }
      return 1_000_000 + (bucket - 1190 + 1) * 100_000L;
    }

    void record(long micros) {
      counts.incrementAndGet(bucket(Math.max(0, micros)));
    }

    String render() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < BUCKETS; i++) {
        long c = counts.get(i);
        if (c > 0) {
          b.append(b.length() == 0 ? "" : ",").append(i).append(':').append(c);
        }
      }
      return b.length() == 0 ? "-" : b.toString();
    }
  }
}
