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
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * One writer thread and several reader threads on {@link Catalog#lookup}'s keys, in one or more
 * JVMs at once: the writer (in one JVM) writes through a write rule's method ({@link Catalog#save}
 * or {@link Catalog#update}) while readers (in every JVM) read random keys of the same set without
 * pause. Every read is classified as it happens, against a small board that every JVM maps from
 * the same file of the shared data directory ({@code mix-board}): the version of each key the
 * writer last <em>completed</em> (its write method returned), and the instant the writer stopped.
 * JVMs on one host share {@code System.nanoTime()}'s clock (CLOCK_MONOTONIC; the test checks it).
 *
 * <pre>
 *   mix clock                        → NANOS     (this JVM's System.nanoTime())
 *   mix init FIRST KEYS              → ok        (creates the board: keys FIRST … FIRST+KEYS-1)
 *   mix readers N FIRST KEYS         → started   (maps the board; N threads read until stopped)
 *   mix write COUNT save|update SEED → started   (one writer thread, random keys, no pause)
 *   mix written                      → running WRITES, then, once it stopped:
 *                                      T WRITES MAX_WRITE_MICROS MEAN_WRITE_MICROS V,V,…
 *                                        (T = its nanoTime after the last write returned, V = the
 *                                         last version written per key)
 *   mix status                       → READS_AFTER C/F C/F …  (per key, since the writer stopped:
 *                                        C = µs from T to the first read after which every read
 *                                        returned the last version, -1 while not so; F = reads
 *                                        since then)
 *   mix stop                         → key=value …            (stops the readers; every figure)
 * </pre>
 *
 * <p>While the writer runs, a read is <em>stale</em> when it returns a version older than one the
 * writer had already completed when the read started; stale reads are allowed then and only
 * counted, with the largest lag in versions, the longest time a read still returned an older
 * version after the newer one was completed, the number of such (key, version) episodes, and how
 * often one thread saw a key's version go backwards. Once the writer has stopped, every read is
 * checked against the last version; per key the JVM records when its reads turned (and stayed)
 * fresh and every stale read after that first fresh one ("flip-backs"). A value that is not
 * {@code item-ID@vN} of the key read is counted as bad, whenever it is seen.
 */
final class Mix {
  private static final Catalog CATALOG = new Catalog();
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int DONE = 0;
  private static final int WRITES = 8;
  private static final int COMPLETED = 16;
  // then, after the KEYS versions: the nanoTime each was completed at

  private MappedByteBuffer board;
  private long first;
  private int keys;
  private final List<Thread> readers = new ArrayList<>();
  private Thread writer;
  private volatile String writerResult;
  private volatile boolean stop;

  // while the writer runs
  private final LongAdder runReads = new LongAdder();
  private final LongAdder runStale = new LongAdder();
  private final LongAccumulator runMaxLag = new LongAccumulator(Math::max, 0);
  /** The longest a read returned an older version after the newer one was completed (a lower bound). */
  private final AtomicReference<long[]> runMaxStale = new AtomicReference<>(new long[4]);
  /** Stale episodes: (key, completed version) pairs with a stale read, counted once each (about). */
  private final LongAdder runStaleEpisodes = new LongAdder();
  private AtomicLongArray lastStaleCompleted;
  private final LongAdder backwards = new LongAdder();
  // whenever
  private final LongAdder bad = new LongAdder();
  private final AtomicReference<String> firstBad = new AtomicReference<>();
  private LongAccumulator[] minVersion;
  private LongAccumulator[] maxVersion;
  private After[] after;

  String command(String[] w) throws Exception {
    switch (w[1]) {
      case "clock":
        return Long.toString(System.nanoTime());
      case "init":
        init(Long.parseLong(w[2]), Integer.parseInt(w[3]));
        return "ok";
      case "readers":
        startReaders(Integer.parseInt(w[2]), Long.parseLong(w[3]), Integer.parseInt(w[4]));
        return "started";
      case "write":
        return write(Integer.parseInt(w[2]), w[3], Long.parseLong(w[4]));
      case "written":
        return written();
      case "status":
        return status();
      case "stop":
        stopReaders();
        return report();
      default:
        return "unknown mix command " + w[1];
    }
  }

  // ------------------------------------------------------------------ the board

  private static Path boardFile() {
    return Path.of(System.getProperty("l2.data"), "mix-board");
  }

  private void map(long first, int keys, boolean create) throws IOException {
    if (board != null) {
      if (this.first != first || this.keys != keys) {
        throw new IllegalStateException("board already mapped for " + this.keys + " keys from "
            + this.first);
      }
      return;
    }
    long size = COMPLETED + 16L * keys;
    try (FileChannel ch = create
        ? FileChannel.open(boardFile(), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)
        : FileChannel.open(boardFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (!create && ch.size() != size) {
        throw new IllegalStateException("the board holds " + ch.size() + " bytes, not " + size
            + ": was it made by 'mix init " + first + " " + keys + "'?");
      }
      board = ch.map(FileChannel.MapMode.READ_WRITE, 0, size); // stays valid once the channel closes
    }
    this.first = first;
    this.keys = keys;
    minVersion = new LongAccumulator[keys];
    maxVersion = new LongAccumulator[keys];
    after = new After[keys];
    lastStaleCompleted = new AtomicLongArray(keys);
    for (int k = 0; k < keys; k++) {
      minVersion[k] = new LongAccumulator(Math::min, Long.MAX_VALUE);
      maxVersion[k] = new LongAccumulator(Math::max, Long.MIN_VALUE);
      after[k] = new After();
    }
  }

  private void init(long first, int keys) throws IOException {
    map(first, keys, true);
    for (int k = 0; k < keys; k++) {
      LONGS.setVolatile(board, COMPLETED + 8 * k, (long) Data.version(first + k));
    }
    LONGS.setVolatile(board, WRITES, 0L);
    LONGS.setVolatile(board, DONE, 0L);
  }

  private long done() {
    return (long) LONGS.getVolatile(board, DONE);
  }

  private long completed(int k) {
    return (long) LONGS.getVolatile(board, COMPLETED + 8 * k);
  }

  /**
   * When the writer completed key k's version: written before the version and read after it, so
   * it is that version's time or a later one's (an age measured from it is a lower bound).
   */
  private long completedAt(int k) {
    return (long) LONGS.getVolatile(board, COMPLETED + 8 * keys + 8 * k);
  }

  // ------------------------------------------------------------------ the writer

  private String write(int count, String method, long seed) {
    if (board == null || writer != null) {
      throw new IllegalStateException("'mix init' first, and one writer per board");
    }
    long[] last = new long[keys];
    for (int k = 0; k < keys; k++) {
      last[k] = completed(k);
    }
    long[] timing = new long[3]; // T, max write nanos, total write nanos
    writer = new Thread(() -> {
      try {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
          int k = random.nextInt(keys);
          long id = first + k;
          long t0 = System.nanoTime();
          long v;
          if (method.equals("save")) {
            v = CATALOG.save(id);
          } else if (method.equals("update")) {
            String value = CATALOG.update(id);
            v = version(value, id);
            if (v < 0) {
              throw new IllegalStateException("update(" + id + ") returned " + value);
            }
          } else {
            throw new IllegalArgumentException("no write method " + method);
          }
          long nanos = System.nanoTime() - t0;
          timing[1] = Math.max(timing[1], nanos);
          timing[2] += nanos;
          if (v != last[k] + 1) { // the only writer: each write is the key's next version
            throw new IllegalStateException("write " + i + " of " + id + " gave v" + v
                + " after v" + last[k]);
          }
          last[k] = v;
          LONGS.setVolatile(board, COMPLETED + 8 * keys + 8 * k, System.nanoTime()); // before v
          LONGS.setVolatile(board, COMPLETED + 8 * k, v);
          LONGS.setVolatile(board, WRITES, (long) i + 1);
        }
        timing[0] = System.nanoTime();
        LONGS.setVolatile(board, DONE, timing[0]); // after every completed version
        StringBuilder versions = new StringBuilder();
        for (int k = 0; k < keys; k++) {
          versions.append(k == 0 ? "" : ",").append(last[k]);
        }
        writerResult = timing[0] + " " + count + " " + timing[1] / 1_000 + " "
            + timing[2] / 1_000 / Math.max(1, count) + " " + versions;
      } catch (Throwable t) {
        writerResult = "!" + Report.thrown(t);
      }
    }, "mix-writer");
    writer.setDaemon(true);
    writer.start();
    return "started";
  }

  /** "running WRITES" while the writer runs, then its result (a failure fails the command). */
  private String written() {
    if (writer == null) {
      throw new IllegalStateException("no writer: 'mix write' first");
    }
    String result = writerResult;
    if (result == null) {
      return "running " + (long) LONGS.getVolatile(board, WRITES);
    }
    if (result.startsWith("!")) {
      throw new IllegalStateException("writer: " + result.substring(1));
    }
    return result;
  }

  // ------------------------------------------------------------------ the readers

  private void startReaders(int n, long first, int keys) throws IOException {
    map(first, keys, false);
    for (int t = 0; t < n; t++) {
      long seed = 1_000 + readers.size();
      Thread reader = new Thread(() -> read(new Random(seed)), "mix-reader-" + readers.size());
      reader.setDaemon(true); // never keeps the app alive
      readers.add(reader);
      reader.start();
    }
  }

  private void read(Random random) {
    long[] lastSeen = new long[keys];
    while (!stop) {
      Thread.yield(); // no pause, but the writer, Redis and the agent's threads get the cores too
      int k = random.nextInt(keys);
      long id = first + k;
      long done = done(); // read before the version: once done != 0, completed(k) is the last
      long completed = completed(k);
      long completedAt = completedAt(k); // this version's or a later one's: the age is a lower bound
      long start = System.nanoTime();
      String value;
      try {
        value = CATALOG.lookup(id);
      } catch (Throwable e) {
        value = Report.thrown(e);
      }
      long end = System.nanoTime();
      long v = version(value, id);
      if (v < 0) {
        bad.increment();
        firstBad.compareAndSet(null, id + " -> " + value);
        continue;
      }
      minVersion[k].accumulate(v);
      maxVersion[k].accumulate(v);
      if (v < lastSeen[k]) {
        backwards.increment();
      }
      lastSeen[k] = v;
      if (done == 0) {
        runReads.increment();
        if (v < completed) {
          runStale.increment();
          runMaxLag.accumulate(completed - v);
          long age = start - completedAt;
          long[] m = runMaxStale.get();
          while (age > m[0] && !runMaxStale.compareAndSet(m, new long[] {age, id, v, completed})) {
            m = runMaxStale.get();
          }
          if (lastStaleCompleted.getAndSet(k, completed) != completed) {
            runStaleEpisodes.increment();
          }
        }
      } else {
        after[k].record(v == completed, v, start, end, done);
      }
    }
  }

  /** The version of an {@code item-ID@vN} value of this id, or -1. */
  static long version(String value, long id) {
    String prefix = "item-" + id + "@v";
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

  /** One key's reads since the writer stopped, in the order they completed in this JVM. */
  static final class After {
    long reads;
    long stale;
    long firstFreshEnd = -1;
    /** End of the first fresh read after which no read was stale; -1 while the last was stale. */
    long convergedEnd = -1;
    long freshSince;
    long lastStaleEnd = -1;
    long lastStaleVersion;
    /** Stale reads that started after a fresh read of the key had ended in this JVM. */
    long flipBacks;
    long lastFlipBackEnd = -1;
    long lastFlipBackVersion;
    long done;

    synchronized void record(boolean fresh, long version, long start, long end, long done) {
      this.done = done;
      reads++;
      if (fresh) {
        if (firstFreshEnd < 0) {
          firstFreshEnd = end;
        }
        if (convergedEnd < 0) {
          convergedEnd = end;
        }
        freshSince++;
      } else {
        stale++;
        if (firstFreshEnd >= 0 && start > firstFreshEnd) {
          flipBacks++;
          lastFlipBackEnd = end;
          lastFlipBackVersion = version;
        }
        lastStaleEnd = end;
        lastStaleVersion = version;
        convergedEnd = -1;
        freshSince = 0;
      }
    }

    private static long micros(long at, long done) {
      return at < 0 ? -1 : (at - done) / 1_000;
    }

    synchronized String status() {
      return micros(convergedEnd, done) + "/" + freshSince;
    }

    synchronized void report(StringBuilder b, int k) {
      b.append(k).append(".reads=").append(reads).append(' ');
      b.append(k).append(".stale=").append(stale).append(' ');
      b.append(k).append(".firstFreshMicros=").append(micros(firstFreshEnd, done)).append(' ');
      b.append(k).append(".convergedMicros=").append(micros(convergedEnd, done)).append(' ');
      b.append(k).append(".freshSince=").append(freshSince).append(' ');
      b.append(k).append(".lastStaleMicros=").append(micros(lastStaleEnd, done)).append(' ');
      b.append(k).append(".lastStaleVersion=").append(lastStaleEnd < 0 ? -1 : lastStaleVersion).append(' ');
      b.append(k).append(".flipBacks=").append(flipBacks).append(' ');
      b.append(k).append(".lastFlipBackMicros=").append(micros(lastFlipBackEnd, done)).append(' ');
      b.append(k).append(".lastFlipBackVersion=").append(lastFlipBackEnd < 0 ? -1 : lastFlipBackVersion)
          .append(' ');
    }
  }

  private String status() {
    StringBuilder b = new StringBuilder();
    long reads = 0;
    for (int k = 0; k < keys; k++) {
      synchronized (after[k]) {
        reads += after[k].reads;
      }
      b.append(' ').append(after[k].status());
    }
    return reads + b.toString();
  }

  void stopReaders() throws InterruptedException {
    stop = true;
    for (Thread t : readers) {
      t.join(30_000);
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " still runs 30 s after stop");
      }
    }
  }

  private String report() {
    StringBuilder b = new StringBuilder();
    b.append("readers=").append(readers.size()).append(' ');
    b.append("run.reads=").append(runReads.sum()).append(' ');
    b.append("run.stale=").append(runStale.sum()).append(' ');
    b.append("run.maxLag=").append(runMaxLag.get()).append(' ');
    long[] m = runMaxStale.get();
    b.append("run.maxStaleMicros=").append(m[0] / 1_000).append(' ');
    b.append("run.maxStaleRead=").append(m[0] == 0 ? "none" : m[1] + "->v" + m[2] + "_while_v" + m[3]
        + "_was_completed").append(' ');
    b.append("run.staleEpisodes=").append(runStaleEpisodes.sum()).append(' ');
    b.append("backwards=").append(backwards.sum()).append(' ');
    b.append("bad=").append(bad.sum()).append(' ');
    b.append("firstBad=").append(String.valueOf(firstBad.get()).replace(' ', '_')).append(' ');
    for (int k = 0; k < keys; k++) {
      long min = minVersion[k].get();
      long max = maxVersion[k].get();
      b.append(k).append(".minVersion=").append(min == Long.MAX_VALUE ? -1 : min).append(' ');
      b.append(k).append(".maxVersion=").append(max == Long.MIN_VALUE ? -1 : max).append(' ');
      after[k].report(b, k);
    }
    return b.toString().trim();
  }
}
