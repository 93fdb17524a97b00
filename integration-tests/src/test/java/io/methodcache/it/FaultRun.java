package io.methodcache.it;

import static io.methodcache.it.L2Support.CATALOG;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.it.L2Group.App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite's group: one real redis-server (with an append-only file), a TLS proxy in front
 * of it, and forked {@code L2App} JVMs that never stop loading it — A writes (and reads), B reads,
 * C reads through {@code rediss://} — plus, later, JVMs that join. Runs one scenario at a time
 * through the same protocol (see {@link #scenario}) and hands back everything it measured.
 */
final class FaultRun implements AutoCloseable {
  static final long FIRST = 1_000;
  static final int KEYS = 16;
  static final String TIMEOUT = "50ms";
  static final long TIMEOUT_MS = 50;
  /** The distributed-stampede rule's body (Catalog#slow), kept short: waits on it are legitimate. */
  static final long SLOW_BODY_MS = 20;
  static final int READERS = 2;
  static final long READER_PACE_US = 1_000;
  /**
   * About 50 writes a second, each evicting 3 keys (6 invalidations with the agent's repeats):
   * what the writer's JVM can replay after a fault faster than it adds to the queue, on this
   * 2-core machine (at 100 a second it could not: see integration-tests/FAULTS.md).
   * {@code -Dfaults.writerPaceUs=N} changes it.
   */
  static final long WRITER_PACE_US = Long.getLong("faults.writerPaceUs", 20_000);
  static final String READS = "lookup,direct";

  /** Steady load before the fault. */
  static final long BEFORE_MS = 500;
  /** The writer goes on this long after the fault ended. */
  static final long RECOVER_MS = 500;
  /**
   * Once the fault has ended, the writer has stopped, every JVM reads the log again and the
   * writer's JVM has appended what it queued, the other JVMs have this long to hear of the last
   * writes: the agent's 1 s repeat of each invalidation plus half a second. From then on every
   * read must be fresh.
   */
  static final long PROPAGATION_MS = 1_500;
  /** How long reads are watched after the propagation bound (past the repeat and the leases). */
  static final long OBSERVE_MS = 1_500;
  /** How long every JVM may take to be connected and reading the log again after a fault. */
  static final Duration READY_LIMIT = Duration.ofSeconds(20);

  final Jdk jdk;
  final RedisServerFixture redis;
  final RedisFaults faults;
  final L2Group g;
  private TlsProxy proxy;
  private Path trustStore;
  private Path plainRules;
  private Path tlsRules;
  /** The plain rules with a replay queue of {@link #SMALL_QUEUE}: a fault overflows it. */
  Path overflowRules;
  static final int SMALL_QUEUE = 100;
  final Map<String, App> loaded = new LinkedHashMap<>();
  App writer;
  App mismatch;
  private String methods = READS;
  private String phase = "start";
  private boolean boardReady;
  /**
   * The first key of the current scenario's range: each scenario reads and writes keys of its own
   * (FIRST + 100 × its number …), so that a key left stale by one cannot count against the next.
   */
  long first = FIRST;

  private FaultRun(Jdk jdk) {
    this.jdk = jdk;
    this.redis = RedisServerFixture.local(RedisFaults.AOF_ARGS);
    this.faults = new RedisFaults(redis);
    this.g = new L2Group("faults-" + jdk.feature());
  }

  /** Starts Redis, the proxy, A, B and C under load, and the TLS-mismatch JVM. */
  static FaultRun start(Jdk jdk) throws Exception {
    FaultRun r = new FaultRun(jdk);
    try {
      r.setUp();
      return r;
    } catch (Throwable t) {
      r.close();
      throw t;
    }
  }

  private void setUp() throws Exception {
    Path tls = Files.createDirectories(g.work.resolve("tls"));
    Path keyStore = TlsProxy.makeKeyStore(jdk, tls);
    trustStore = TlsProxy.trustStore(keyStore, tls);
    proxy = new TlsProxy(keyStore, redis.host(), redis.port());
    plainRules = rulesFile("plain", redis.uri());
    tlsRules = rulesFile("tls", proxy.uri());
    overflowRules = rulesFile("overflow", redis.uri(),
        "invalidation-log: { replay-queue: " + SMALL_QUEUE + " }");
    // rediss:// against the plain port: the JVM must say that the URI asks for TLS
    Path mismatchRules = rulesFile("mismatch", "rediss://127.0.0.1:" + redis.port());
    g.check(() -> {
      mismatch = g.start("E", jdk, mismatchRules, "-Xmx64m");
      writer = join("A", false);
      assertEquals("ok", writer.ask("fault board create " + first + " " + KEYS));
      assertEquals("started", writer.ask("fault readers " + READERS + " " + methods + " " + READER_PACE_US));
      boardReady = true;
      join("B", false);
      join("C", true);
    });
  }

  /**
   * The rules every loaded JVM runs: lookup (L1 and L2), direct (L2 only: every call reads Redis),
   * slow (stampede: distributed), and save, whose write evicts the id from all three.
   */
  private Path rulesFile(String name, String uri, String... redisLines) throws Exception {
    List<String> redisSection = new ArrayList<>(
        List.of("uri: " + uri, "timeout: " + TIMEOUT, "breaker: { failures: 5, open-for: 1s }"));
    redisSection.addAll(List.of(redisLines));
    List<String> lines = new ArrayList<>(rules(redisSection,
        rule("lookup"), rule("direct", "tiers: [l2]"), rule("slow", "stampede: distributed")));
    lines.add("  - name: save");
    lines.add("    method: " + CATALOG + "#save(long)");
    lines.add("    evict:");
    for (String target : List.of("lookup", "direct", "slow")) {
      lines.add("      - { rule: " + target + ", key: \"{0}\" }");
    }
    return writeRules(Files.createDirectories(g.work.resolve(name)), lines);
  }

  /** Starts a JVM, waits until it reads the log, and (once the board exists) starts its readers. */
  App join(String name, boolean tls) {
    return join(name, tls ? tlsRules : plainRules, tls);
  }

  App join(String name, Path rules, boolean tls) {
    List<String> args = new ArrayList<>(List.of("-Xmx64m", "-Dl2.slow.millis=" + SLOW_BODY_MS));
    if (tls) {
      args.addAll(List.of(TlsProxy.trustOptions(trustStore)));
    }
    App app = g.start(name, jdk, rules, args.toArray(new String[0]));
    app.awaitL2();
    assertSharedClock(app);
    assertEquals("ok", app.ask("fault phase " + phase));
    loaded.put(name, app);
    if (boardReady) {
      assertEquals("ok", app.ask("fault board map " + first + " " + KEYS));
      assertEquals("started", app.ask("fault readers " + READERS + " " + methods + " " + READER_PACE_US));
    }
    return app;
  }

  /** The app's nanoTime lies between two of the test's own: stale reads are timed on one clock. */
  private static void assertSharedClock(App app) {
    long before = System.nanoTime();
    long theirs = Long.parseLong(app.ask("fault clock"));
    long after = System.nanoTime();
    assertTrue(before <= theirs && theirs <= after, () -> app + ": System.nanoTime() " + theirs
        + " is not between the test's " + before + " and " + after);
  }

  void methods(String list) {
    methods = list;
    for (App app : loaded.values()) {
      assertEquals("ok", app.ask("fault methods " + list));
    }
  }

  private void phase(String name) {
    phase = name;
    for (App app : loaded.values()) {
      assertEquals("ok", app.ask("fault phase " + name));
    }
  }

  /** The fault itself: inject, hold while the load goes on, end; may add notes for the table. */
  interface Fault {
    void run(FaultRun run, List<String> notes) throws Exception;
  }

  static final String[] PHASES = {"before", "fault", "recover", "settle", "after"};

  /**
   * One scenario, on keys of its own: steady load ({@link #BEFORE_MS}), the fault while the load
   * goes on, the writer on for {@link #RECOVER_MS} more, then stopped; once every JVM reads the
   * log again and the writer's JVM has appended what it queued, the other JVMs get
   * {@link #PROPAGATION_MS}, then every read is watched for {@link #OBSERVE_MS}.
   */
  Scenario scenario(String name, Fault fault) throws Exception {
    Scenario s = new Scenario(name, writer.name);
    first += 100;
    assertEquals("ok", writer.ask("fault board create " + first + " " + KEYS));
    for (App app : loaded.values()) {
      if (app != writer) {
        assertEquals("ok", app.ask("fault board map " + first + " " + KEYS));
      }
    }
    s.first = first;
    s.countersBefore = counters();
    phase(name + "/before");
    assertEquals("started", writer.ask("fault write start " + WRITER_PACE_US + " " + name.hashCode()));
    boolean writing = true;
    try {
      pause(BEFORE_MS);
      phase(name + "/fault");
      s.injectedAt = System.nanoTime();
      fault.run(this, s.notes);
      s.endedAt = System.nanoTime();
      phase(name + "/recover");
      pause(RECOVER_MS);
      String stopped = writer.ask("fault write stop");
      writing = false;
      s.writerStoppedAt = Long.parseLong(stopped.split(" ")[0]);
      s.writes = Long.parseLong(stopped.split(" ")[1]);
      phase(name + "/settle");
      s.readyAt = awaitReady();
      s.replayedAt = awaitReplayed(s.writerStoppedAt);
      s.mark = Math.max(s.readyAt, s.replayedAt) + TimeUnit.MILLISECONDS.toNanos(PROPAGATION_MS);
      pauseUntil(s.mark);
      phase(name + "/after");
      pause(OBSERVE_MS);
      phase(name + "/done");
    } finally {
      if (writing) {
        try {
          writer.ask("fault write stop");
        } catch (Throwable ignored) {
          // the scenario's own failure says more
        }
      }
    }
    long recovered = Math.max(s.endedAt, s.writerStoppedAt);
    for (App app : loaded.values()) {
      Map<String, FaultFigures> byPhase = new LinkedHashMap<>();
      for (String p : PHASES) {
        byPhase.put(p, FaultFigures.parse(app.name, p, app.ask("fault stats " + name + "/" + p)));
      }
      s.figures.put(app.name, byPhase);
      if (app != writer) {
        String[] after = app.ask("fault stale-since " + s.mark).split(" ");
        s.staleAfter.put(app.name, Long.parseLong(after[0]));
        if (!after[2].equals("none")) {
          s.staleAfterExample.put(app.name, after[2]);
        }
        String[] since = app.ask("fault stale-since " + recovered).split(" ");
        long lastEnd = Long.parseLong(since[1]);
        s.lastStaleMs = Math.max(s.lastStaleMs, lastEnd == 0 ? 0
            : TimeUnit.NANOSECONDS.toMillis(lastEnd - recovered));
      }
    }
    s.countersAfter = counters();
    s.staleInL2 = staleInL2();
    s.generations = generations();
    return s;
  }

  /**
   * Per rule, the generation Redis holds and the generations the current range's values are
   * stored under (with how many): two of them mean two JVMs disagree on the generation.
   */
  String generations() {
    StringBuilder b = new StringBuilder();
    for (String rule : List.of("lookup", "direct", "slow")) {
      Object gen = redis.call("GET", "it:v1:" + rule + ":gen");
      Map<String, Integer> used = new java.util.TreeMap<>();
      for (String key : L2Support.keys(redis, "it:v1:" + rule + ":g*", "it:v1:" + rule + ":g-?\\d+:\\d+")) {
        long id = Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
        if (id >= first && id < first + KEYS) {
          String g = key.substring(key.indexOf(":g") + 2, key.lastIndexOf(':'));
          used.merge(g.equals(String.valueOf(gen)) ? "current" : g, 1, Integer::sum);
        }
      }
      b.append(b.length() == 0 ? "" : ", ").append(rule).append(" values by generation ").append(used);
    }
    return b.toString();
  }

  /**
   * The values L2 holds now, under the generation Redis holds now, that are older than the
   * truth (read and decoded by the test itself): what another JVM would read as stale.
   */
  List<String> staleInL2() throws Exception {
    List<String> stale = new ArrayList<>();
    for (String rule : List.of("lookup", "direct", "slow")) {
      Object gen = redis.call("GET", "it:v1:" + rule + ":gen");
      if (gen == null) {
        continue;
      }
      for (long id = first; id < first + KEYS; id++) {
        L2Support.Envelope e = L2Support.Envelope.decode(
            L2Support.getBytes(redis, "it:v1:" + rule + ":g" + gen + ":" + id));
        if (e == null || e.isNull()) {
          continue;
        }
        String value = String.valueOf(L2Support.readJdkValue(e.payload));
        int at = value.lastIndexOf("@v");
        int truth = version(id);
        if (at > 0 && Integer.parseInt(value.substring(at + 2)) < truth) {
          stale.add(rule + "(" + id + ")=" + value + " (truth v" + truth + ")");
        }
      }
    }
    return stale;
  }

  /** The id's current version in the shared data (what {@code Data.version} reads). */
  int version(long id) throws java.io.IOException {
    Path file = g.data.resolve(Long.toString(id));
    return Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 1;
  }

  /**
   * Until the writer's JVM has appended everything it published, queued ones included: its
   * InvalidationsSent stops moving (for {@link #QUIET_MS}, and not before the agent's repeats of
   * the last writes, 1 s after them, are out). Returns when it last moved.
   */
  private long awaitReplayed(long writerStoppedAt) {
    long[] last = {writer.agentLong("InvalidationsSent"), System.nanoTime()};
    L2Support.await("the writer's JVM to append its queued invalidations", REPLAY_LIMIT, () -> {
      long now = System.nanoTime();
      long sent = writer.agentLong("InvalidationsSent");
      if (sent != last[0]) {
        last[0] = sent;
        last[1] = now;
      }
      return now - writerStoppedAt > TimeUnit.MILLISECONDS.toNanos(1_200)
          && now - last[1] > TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
    }, () -> "InvalidationsSent still moving: " + last[0]);
    return last[1];
  }

  static final long QUIET_MS = 300;
  /** How long the writer's JVM may take to replay what it queued during a fault. */
  static final Duration REPLAY_LIMIT = Duration.ofSeconds(20);

  /** Until every loaded JVM is connected, reads the log and has its breaker closed. */
  private long awaitReady() {
    Map<String, String> last = new LinkedHashMap<>();
    L2Support.await("every JVM connected, reading the log, breaker closed", READY_LIMIT, () -> {
      boolean all = true;
      for (App app : loaded.values()) {
        String s = app.ask("agent L2Status InvalidationLogLive BreakerState");
        last.put(app.name, s);
        String[] p = s.split("\\|");
        all &= p[0].startsWith("connected") && p[1].equals("true") && p[2].equals("CLOSED");
      }
      return all;
    }, () -> "now: " + last);
    return System.nanoTime();
  }

  /** Per JVM: the rule counters the table reports, as "rule.attr" → value. */
  Map<String, Map<String, Long>> counters() {
    Map<String, Map<String, Long>> all = new LinkedHashMap<>();
    for (App app : loaded.values()) {
      Map<String, Long> m = new LinkedHashMap<>();
      for (String rule : List.of("lookup", "direct", "slow")) {
        String[] v = app.ask("rule " + rule + " L2Hits L2Errors L2Timeouts StampedeTimeouts").split("\\|");
        m.put(rule + ".L2Hits", Long.parseLong(v[0]));
        m.put(rule + ".L2Errors", Long.parseLong(v[1]));
        m.put(rule + ".L2Timeouts", Long.parseLong(v[2]));
        m.put(rule + ".StampedeTimeouts", Long.parseLong(v[3]));
      }
      m.put("L1ClearsAfterGap", app.agentLong("L1ClearsAfterGap"));
      m.put("InvalidationsSent", app.agentLong("InvalidationsSent"));
      m.put("InvalidationsReceived", app.agentLong("InvalidationsReceived"));
      all.put(app.name, m);
    }
    return all;
  }

  /**
   * Why a JVM may still read stale values: what its invalidation reader received compared with
   * what the others sent, whether that still moves, and where its reader thread is.
   */
  String diagnose(App app, String example) throws Exception {
    long sent = 0;
    for (App other : loaded.values()) {
      if (other != app) {
        sent += other.agentLong("InvalidationsSent");
      }
    }
    String before = app.ask("agent InvalidationsReceived InvalidationLogLive L2Status");
    pause(1_000);
    String after = app.ask("agent InvalidationsReceived InvalidationLogLive L2Status");
    StringBuilder b = new StringBuilder(app.name + ": sent by the others " + sent + "; received|live|status "
        + before + " -> 1 s later " + after);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\w+)\\((\\d+)\\)").matcher(example);
    if (m.find()) {
      // the stale key read again, then invalidated in that JVM by its key object (not by text)
      String call = "get " + m.group(1) + " " + m.group(2);
      b.append("; ").append(call).append(" now ").append(app.ask(call)).append(" (truth v")
          .append(version(Long.parseLong(m.group(2)))).append("), L1 size ")
          .append(app.ask("rule " + m.group(1) + " Size")).append("; after inv by key object: ")
          .append(app.ask("inv " + m.group(1) + " " + m.group(2))).append(" -> ").append(app.ask(call));
    }
    Process p = new ProcessBuilder(jdk.tool("jcmd").toString(), Long.toString(app.running.pid()), "Thread.print")
        .redirectErrorStream(true).start();
    String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    p.waitFor(20, TimeUnit.SECONDS);
    int at = dump.indexOf("\"methodcache-redis-invalidations\"");
    if (at >= 0) {
      int end = dump.indexOf("\n\n", at);
      String[] lines = dump.substring(at, end < 0 ? dump.length() : end).split("\n");
      b.append("; reader thread: ").append(String.join(" / ", java.util.Arrays.copyOf(lines, Math.min(lines.length, 12))));
    } else {
      b.append("; no reader thread in the dump");
    }
    return b.toString();
  }

  static void pause(long millis) throws InterruptedException {
    // the fault's own duration, not a wait for a condition: the load runs meanwhile
    Thread.sleep(millis);
  }

  private static void pauseUntil(long nanos) throws InterruptedException {
    long left = nanos - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** Stops every load and ends every JVM normally (stdin closed); their results, by name. */
  Map<String, ForkResult> finish() {
    for (App app : loaded.values()) {
      app.ask("fault stop");
    }
    return g.finish();
  }

  @Override
  public void close() {
    try {
      for (App app : loaded.values()) {
        try {
          app.ask("fault stop");
        } catch (Throwable ignored) {
          // closing anyway
        }
      }
      g.close();
    } finally {
      if (proxy != null) {
        proxy.close();
      }
      redis.close();
    }
  }

  /** Everything one scenario measured. */
  static final class Scenario {
    final String name;
    /** The JVM that wrote in this scenario. */
    final String writer;
    final List<String> notes = new ArrayList<>();
    /** JVM → phase → figures. */
    final Map<String, Map<String, FaultFigures>> figures = new LinkedHashMap<>();
    /** Stale reads each non-writing JVM began after the propagation bound. */
    final Map<String, Long> staleAfter = new LinkedHashMap<>();
    final Map<String, String> staleAfterExample = new LinkedHashMap<>();
    /** L2 values older than the truth once the scenario is over. */
    List<String> staleInL2 = List.of();
    String generations = "";
    Map<String, Map<String, Long>> countersBefore;
    Map<String, Map<String, Long>> countersAfter;
    long first;
    long injectedAt;
    long endedAt;
    long writerStoppedAt;
    long writes;
    long readyAt;
    /** When the writer's JVM last appended an invalidation (its queue replayed). */
    long replayedAt;
    long mark;
    /** The last stale read in a non-writing JVM ended this long after the fault and the writes. */
    long lastStaleMs;

    Scenario(String name, String writer) {
      this.name = name;
      this.writer = writer;
    }

    List<FaultFigures> all() {
      List<FaultFigures> out = new ArrayList<>();
      figures.values().forEach(m -> out.addAll(m.values()));
      return out;
    }

    /** A counter's change over the scenario, summed over the JVMs that ran through it. */
    long delta(String counter) {
      long d = 0;
      for (Map.Entry<String, Map<String, Long>> e : countersAfter.entrySet()) {
        Map<String, Long> before = countersBefore.get(e.getKey());
        d += e.getValue().get(counter) - (before == null ? 0 : before.get(counter));
      }
      return d;
    }

    long readyMs() {
      return TimeUnit.NANOSECONDS.toMillis(readyAt - Math.max(endedAt, writerStoppedAt));
    }

    /** From the end of the fault and the writes until the writer's JVM had replayed its queue. */
    long replayedMs() {
      return Math.max(0, TimeUnit.NANOSECONDS.toMillis(replayedAt - Math.max(endedAt, writerStoppedAt)));
    }
  }
}
