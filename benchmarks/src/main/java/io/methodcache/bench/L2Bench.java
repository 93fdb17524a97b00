package io.methodcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The shared tier (family l2, rules/l2.yaml): the agent's L2 hit with L1 off, and what the same
 * hit costs written by hand — a Lettuce {@code GET} of the very bytes the agent stored plus
 * decoding them ({@link RawL2}). Both run against the redis-server the harness started on a
 * loopback port ({@code -Dbench.redis}), with the agent attached to both forks.
 *
 * <p>Set-up (each fork): every key is loaded once through the agent, which writes it to Redis
 * asynchronously; set-up waits until all keys are in Redis, checks that a call is an L2 hit and
 * that the hand decoder reads back what the body returns. The agent row then counts the Redis
 * commands of 2,000 hits ({@code INFO commandstats}): it fails unless each hit is exactly one
 * {@code GET}, and writes the counts for the report. At the end it checks that the measured calls
 * were L2 hits (no body ran).
 *
 * <p>The two rows run in separate forks, one after the other; on a shared machine the load of
 * other work can differ between them by more than the 10% the target is about. Row
 * {@link #paired} is the noise-robust diagnostic: one fork calls both paths alternately (order
 * swapped every call) and times each call, so both see the same load; it writes the two means
 * and medians for the report ({@code l2-paired-jdk<label>.tsv}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L2Bench {
  static final String RULE = "l2-hit";
  /** The agent's key prefix of the rule: {namespace}:v1:{rule}:g{generation}:{key}. */
  static final String PREFIX = "bench:v1:" + RULE + ":";
  static final int COUNTED_CALLS = 2_000;

  Target target;
  RawL2 raw;
  /** The agent's L2 key of each key, for the raw row. */
  String[] redisKeys;
  long missesAfterSetup;

  @Setup(Level.Trial)
  public void setup(Keys k, BenchmarkParams params) throws Exception {
    AgentCheck.requireAgent();
    String uri = System.getProperty("bench.redis");
    if (uri == null || uri.isEmpty()) {
      throw new IllegalStateException("-Dbench.redis=redis://host:port is required (run through"
          + " io.methodcache.bench.run.Suite, which starts a redis-server)");
    }
    raw = RawL2.connect(uri);
    target = new Target();
    long generation = raw.counter(PREFIX + "gen");
    redisKeys = new String[k.size];
    for (int i = 0; i < k.size; i++) {
      redisKeys[i] = PREFIX + "g" + generation + ":" + k.stored[i];
    }
    fill(k);
    AgentCheck.requireL2Hit(RULE, () -> target.l2Lookup(k.probe[0]));
    for (int i : new int[] {0, k.size - 1}) {
      Object expected = Work.item(k.stored[i]);
      Object agent = target.l2Lookup(k.probe[i]);
      Object byHand = raw.getAndDecode(redisKeys[i]);
      if (!expected.equals(agent) || !expected.equals(byHand)) {
        throw new IllegalStateException("L2 value of " + redisKeys[i] + ": expected " + expected
            + ", agent " + agent + ", decoded by hand " + byHand);
      }
    }
    if (params.getBenchmark().endsWith(".agentL2Hit")) {
      countCommands(k);
    }
    missesAfterSetup = AgentCheck.misses(RULE);
  }

  /**
   * Loads every key through the agent until all are in Redis. The agent connects to Redis in the
   * background and writes asynchronously: calls made before it is connected run the body without
   * writing, so keys still absent are called again.
   */
  private void fill(Keys k) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<Integer> absent = new ArrayList<>();
    for (int i = 0; i < k.size; i++) {
      absent.add(i);
    }
    while (true) {
      for (int i : absent) {
        target.l2Lookup(k.stored[i]);
      }
      Thread.sleep(100);
      absent.removeIf(i -> raw.exists(redisKeys[i]));
      if (absent.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(absent.size() + " of " + k.size + " keys not in Redis after"
            + " 30 s (e.g. " + redisKeys[absent.get(0)] + "); agent stats "
            + io.methodcache.api.MethodCache.stats(RULE));
      }
    }
  }

  /** Redis commands of {@link #COUNTED_CALLS} agent hits: exactly one GET each, nothing else. */
  private void countCommands(Keys k) throws IOException {
    long l2HitsBefore = AgentCheck.number(RULE, "l2Hits");
    Map<String, Long> before = raw.commandCalls();
    for (int i = 0; i < COUNTED_CALLS; i++) {
      target.l2Lookup(k.probe[i % k.size]);
    }
    Map<String, Long> after = raw.commandCalls();
    long hits = AgentCheck.number(RULE, "l2Hits") - l2HitsBefore;
    Map<String, Long> delta = new TreeMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (d != 0 && !e.getKey().equals("info")) { // info: this count itself
        delta.put(e.getKey(), d);
      }
    }
    long gets = delta.getOrDefault("get", 0L);
    StringBuilder others = new StringBuilder();
    boolean extraPerCall = false;
    for (Map.Entry<String, Long> e : delta.entrySet()) {
      if (!e.getKey().equals("get")) {
        others.append(others.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
        // the invalidation log's XREAD BLOCK (its own connection) returns every few seconds
        extraPerCall |= !e.getKey().equals("xread") || e.getValue() > COUNTED_CALLS / 100;
      }
    }
    String line = String.format(java.util.Locale.ROOT,
        "calls\t%d\tl2Hits\t%d\tget\t%d\tgetPerCall\t%.3f\tothers\t%s",
        COUNTED_CALLS, hits, gets, gets / (double) COUNTED_CALLS, others.length() == 0 ? "none" : others);
    System.out.println("Redis commands during " + COUNTED_CALLS + " agent L2 hits: " + line);
    String out = System.getProperty("bench.out");
    if (out != null) {
      Files.writeString(Path.of(out, "l2-commands-jdk" + System.getProperty("bench.jdk", "") + ".tsv"),
          line + "\n", StandardCharsets.UTF_8);
    }
    if (hits != COUNTED_CALLS || gets != COUNTED_CALLS || extraPerCall) {
      throw new IllegalStateException("an agent L2 hit must be exactly one GET and nothing else: "
          + line);
    }
  }

  @TearDown(Level.Trial)
  public void verify(BenchmarkParams params) {
    try {
      if (!params.getBenchmark().endsWith(".rawGetDecode")) {
        AgentCheck.verifyL2HitRow(RULE, missesAfterSetup);
      }
    } finally {
      if (raw != null) {
        raw.close();
      }
    }
  }

  /** The agent's L2 hit (L1 off): key rendered, one GET, envelope and payload decoded. */
  @Benchmark
  public Item agentL2Hit(Keys k, Cursor c) {
    return target.l2Lookup(k.probe[c.next(k.size)]);
  }

  /** By hand: a Lettuce GET of the same bytes (key pre-built), envelope read, payload decoded. */
  @Benchmark
  public Object rawGetDecode(Keys k, Cursor c) throws Exception {
    return raw.getAndDecode(redisKeys[c.next(k.size)]);
  }

  /**
   * Diagnostic: an agent hit and a raw GET + decode of the same key, alternating which goes first,
   * each timed in wall-clock time and in the calling thread's CPU time ({@link Pairs}). The score
   * is the time of the pair (with four clock reads).
   */
  @Benchmark
  public Object paired(Keys k, Cursor c, Pairs p, Blackhole bh) throws Exception {
    int i = c.next(k.size);
    boolean agentFirst = (p.calls & 1) == 0;
    long c0 = p.cpu();
    long t0 = System.nanoTime();
    Object first = agentFirst ? target.l2Lookup(k.probe[i]) : raw.getAndDecode(redisKeys[i]);
    long t1 = System.nanoTime();
    long c1 = p.cpu();
    long t2 = System.nanoTime();
    Object second = agentFirst ? raw.getAndDecode(redisKeys[i]) : target.l2Lookup(k.probe[i]);
    long t3 = System.nanoTime();
    long c2 = p.cpu();
    p.record(t1 - t0, t3 - t2, c1 - c0, c2 - c1);
    bh.consume(first);
    return second;
  }

  /**
   * Per-call times of the paired row, measured iterations only: wall-clock (what the caller
   * waits, load included) and the calling thread's CPU time (the work on the caller's thread:
   * key, command, decoding; not Netty's I/O thread, nor time spent waiting or preempted).
   */
  @State(Scope.Thread)
  public static class Pairs {
    static final int MAX = 1 << 20;
    final long[] agent = new long[MAX];
    final long[] raw = new long[MAX];
    final long[] agentCpu = new long[MAX];
    final long[] rawCpu = new long[MAX];
    final java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int n;
    long calls;
    boolean measuring;

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
      measuring = params.getType() == IterationType.MEASUREMENT;
    }

    long cpu() {
      return threads.getCurrentThreadCpuTime();
    }

    void record(long firstNanos, long secondNanos, long firstCpu, long secondCpu) {
      boolean agentFirst = (calls++ & 1) == 0;
      if (measuring && n < MAX) {
        agent[n] = agentFirst ? firstNanos : secondNanos;
        raw[n] = agentFirst ? secondNanos : firstNanos;
        agentCpu[n] = agentFirst ? firstCpu : secondCpu;
        rawCpu[n] = agentFirst ? secondCpu : firstCpu;
        n++;
      }
    }

    @TearDown(Level.Trial)
    public void write() throws IOException {
      if (n == 0) {
        return;
      }
      long[] diff = new long[n];
      for (int i = 0; i < n; i++) {
        diff[i] = agent[i] - raw[i];
      }
      double diffMean = mean(diff, n);
      double sd = 0;
      for (int i = 0; i < n; i++) {
        sd += (diff[i] - diffMean) * (diff[i] - diffMean);
      }
      double diffErr = 3.29 * Math.sqrt(sd / (n - 1) / n); // 99.9%, normal approximation
      long[] a = java.util.Arrays.copyOf(agent, n);
      long[] r = java.util.Arrays.copyOf(raw, n);
      long[] ac = java.util.Arrays.copyOf(agentCpu, n);
      long[] rc = java.util.Arrays.copyOf(rawCpu, n);
      double agentMean = mean(a, n), rawMean = mean(r, n);
      double agentCpuMean = mean(ac, n), rawCpuMean = mean(rc, n);
      for (long[] v : new long[][] {a, r, ac, rc, diff}) {
        java.util.Arrays.sort(v);
      }
      String line = String.format(java.util.Locale.ROOT,
          "pairs\t%d\tagentMean\t%.0f\trawMean\t%.0f\tmeanRatio\t%.3f"
              + "\tagentMedian\t%d\trawMedian\t%d\tmedianRatio\t%.3f\tagentP90\t%d\trawP90\t%d"
              + "\tdiffMean\t%.0f\tdiffErr\t%.0f\tdiffMedian\t%d"
              + "\tagentCpuMean\t%.0f\trawCpuMean\t%.0f\tcpuRatio\t%.3f\tagentCpuMedian\t%d\trawCpuMedian\t%d",
          n, agentMean, rawMean, agentMean / rawMean, a[n / 2], r[n / 2], a[n / 2] / (double) r[n / 2],
          a[n * 9 / 10], r[n * 9 / 10], diffMean, diffErr, diff[n / 2],
          agentCpuMean, rawCpuMean, agentCpuMean / rawCpuMean, ac[n / 2], rc[n / 2]);
      System.out.println("paired L2 calls (ns): " + line);
      String out = System.getProperty("bench.out");
      if (out != null) {
        Files.writeString(Path.of(out, "l2-paired-jdk" + System.getProperty("bench.jdk", "") + ".tsv"),
            line + "\n", StandardCharsets.UTF_8);
      }
    }

    private static double mean(long[] v, int n) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += v[i];
      }
      return sum / n;
    }
  }
}
