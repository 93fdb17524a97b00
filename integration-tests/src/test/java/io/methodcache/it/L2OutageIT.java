package io.methodcache.it;

import static io.methodcache.it.L2InvalidationIT.pause;
import static io.methodcache.it.L2InvalidationIT.syncReaders;
import static io.methodcache.it.L2Support.awaitKey;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.keys;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.setVersion;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.L2Group.App;
import io.methodcache.it.L2Support.Envelope;
import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.agent.redis.RespClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Redis slow, killed, restarted and absent at start while an application runs a load: every call
 * returns the body's value (the app checks each one), no call waits much longer than the timeout,
 * the breaker opens and closes, L2 resumes by itself, and invalidations issued during the outage
 * are not lost (no stale read once the JVMs have recovered).
 */
class L2OutageIT {
  /** The rules' timeout (50 ms) plus a generous margin for a loaded 2-core machine. */
  static final double MAX_DELAY_MS = 50 + 200;
  static final int FIRST = 1000;
  static final int LAST = 1019;
  static final int KEYS = LAST - FIRST + 1;

  /**
   * AOF with fsync on every write: the old (v1) values and the stream survive the SIGKILL, so the
   * replayed invalidations must really remove them from L2 and reach B through the stream.
   */
  @Test
  void redisSlowThenKilledAndRestartedWithItsDataDuringALoad() {
    outage("outage-aof", "--appendonly", "yes", "--appendfsync", "always");
  }

  /**
   * No persistence: Redis comes back empty (no values, no stream, generations reset), so B must
   * notice the gap in the stream and clear its L1.
   */
  @Test
  void redisSlowThenKilledAndRestartedEmptyDuringALoad() {
    outage("outage-empty");
  }

  private void outage(String scenario, String... redisArgs) {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(redisArgs); L2Group g = new L2Group(scenario)) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri(), "50ms"),
          rule("load", "tiers: [l2]"),
          rule("lookup")));
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();
        syncReaders(a, b);

        // both JVMs hold 1000..1019 (v1) in L1, and so does L2
        String v1 = a.ask("gets lookup " + FIRST + " " + LAST);
        assertTrue(v1.startsWith(KEYS + " "), v1);
        for (int id = FIRST; id <= LAST; id++) {
          awaitKey(redis, "it:v1:lookup:g*:" + id, "it:v1:lookup:g\\d+:" + id);
        }
        String bv1 = b.ask("gets lookup " + FIRST + " " + LAST);
        assertTrue(bv1.startsWith("0 ") && count(bv1, "@v1") == KEYS, () -> "B from L2: " + bv1);

        // the load: 4 threads, 300 keys, a call per thread every ~1 ms, on a tiers: [l2] rule
        a.ask("load start 4 300 1000 warmup");
        awaitCalls(a, 800);
        a.ask("load phase up");
        awaitCalls(a, calls(a) + 1500);

        // slow: DEBUG SLEEP 0.5 s on a side connection
        a.ask("load phase slow");
        List<String> breakerDuringSlow;
        try (RespClient side = redis.client(5_000)) {
          side.send("DEBUG", "SLEEP", "0.5");
          breakerDuringSlow = sampleBreaker(a, 400);
          assertEquals("OK", side.read(), "DEBUG SLEEP");
        }
        figure(scenario, "DEBUG SLEEP 0.5 s: breaker samples during it " + breakerDuringSlow);
        a.ask("load phase afterSlow");
        awaitCalls(a, calls(a) + 1000);
        long hitsBeforeKill = a.ruleLong("load", "L2Hits");

        // killed
        a.ask("load phase down");
        long sentBefore = a.agentLong("InvalidationsSent");
        long receivedBefore = b.agentLong("InvalidationsReceived");
        long gapsBefore = b.agentLong("L1ClearsAfterGap");
        redis.kill();
        long killedAt = System.nanoTime();
        // the data changes during the outage, and A invalidates
        long maxInvMicros = 0;
        for (int id = FIRST; id <= LAST; id++) {
          setVersion(g.data, id, 2);
        }
        for (int id = FIRST; id <= LAST; id++) {
          String inv = a.ask("inv lookup " + id);
          assertTrue(inv.startsWith("true "), () -> "A invalidate during the outage: " + inv);
          maxInvMicros = Math.max(maxInvMicros, Long.parseLong(inv.substring(5)));
        }
        String aDuring = a.ask("gets lookup " + FIRST + " " + LAST);
        int staleInADuring = count(aDuring, "@v1");
        List<String> breakerDown = sampleBreaker(a, 1_500);
        String statusDown = a.agent("L2Status");
        while (System.nanoTime() - killedAt < 2_500_000_000L) {
          pause(20);
        }
        String bDuring = b.ask("gets lookup " + FIRST + " " + LAST);

        // restarted on the same port (the AOF brings back the v1 values and the stream)
        a.ask("load phase recovering");
        redis.restart();
        long restartedAt = System.nanoTime();
        long outageMs = (restartedAt - killedAt) / 1_000_000;
        int staleInL2AtRestart = staleInL2(redis);

        // recovery: A connected, breaker closed, its queued invalidations replayed; B informed
        long[] seenStale = new long[1];
        L2Support.await("A reconnected, breaker CLOSED", Duration.ofSeconds(20),
            () -> a.agent("L2Status").startsWith("connected") && a.agent("BreakerState").equals("CLOSED"),
            () -> a.ask("agent L2Status BreakerState"));
        long connectedMs = (System.nanoTime() - restartedAt) / 1_000_000;
        L2Support.await("A's queued invalidations replayed", Duration.ofSeconds(20),
            () -> a.agentLong("InvalidationsSent") >= sentBefore + KEYS,
            () -> "InvalidationsSent " + a.agentLong("InvalidationsSent") + ", before the outage " + sentBefore);
        long replayedMs = (System.nanoTime() - restartedAt) / 1_000_000;
        L2Support.await("B fresh", Duration.ofSeconds(20), () -> {
          String v = b.ask("gets lookup " + FIRST + " " + LAST);
          seenStale[0] += count(v, "@v1") > 0 ? 1 : 0;
          return count(v, "@v1") == 0;
        }, () -> b.ask("gets lookup " + FIRST + " " + LAST) + "; B received "
            + b.ask("agent InvalidationsReceived L1ClearsAfterGap"));
        long bFreshMs = (System.nanoTime() - restartedAt) / 1_000_000;

        // after recovery: no stale read anywhere, and none left in L2
        int staleAfter = 0;
        for (int round = 0; round < 3; round++) {
          staleAfter += count(a.ask("gets lookup " + FIRST + " " + LAST), "@v1");
          staleAfter += count(b.ask("gets lookup " + FIRST + " " + LAST), "@v1");
        }
        int staleInL2After = staleInL2(redis);
        String bReceived = b.ask("agent InvalidationsReceived L1ClearsAfterGap");

        // L2 serves the load again by itself
        a.ask("load phase after");
        awaitCalls(a, Math.max(calls(a) + 2000, 6000));
        long hitsAfter = a.ruleLong("load", "L2Hits");
        L2Support.await("load L2 hits after the restart", Duration.ofSeconds(10),
            () -> a.ruleLong("load", "L2Hits") > hitsBeforeKill + 100,
            () -> "L2Hits " + a.ruleLong("load", "L2Hits") + " (before the kill " + hitsBeforeKill + ")");
        List<String> breakerAfter = sampleBreaker(a, 100);
        Map<String, String> load = parse(a.ask("load stop"));
        String counters = a.ask("rule load L2Hits L2Misses L2Errors L2Timeouts");

        figure(scenario, "load " + load);
        figure(scenario, "calls made " + load.get("total.calls") + ", failed " + load.get("total.failed")
            + ", max delay " + load.get("total.maxMs") + " ms; per phase, ms: "
            + delays(load, "warmup", "up", "slow", "afterSlow", "down", "recovering", "after")
            + "; calls over 50 ms " + load.get("total.over50ms")
            + ", over 100 ms " + load.get("total.over100ms"));
        figure(scenario, "load rule L2Hits|L2Misses|L2Errors|L2Timeouts = " + counters
            + "; L2Hits before the kill " + hitsBeforeKill + ", after recovery " + hitsAfter);
        figure(scenario, "outage " + outageMs + " ms; 20 invalidate() calls during it, slowest "
            + maxInvMicros + " us; A status while down: " + statusDown + "; breaker while down "
            + breakerDown + "; after " + breakerAfter);
        figure(scenario, "after restart: A connected+CLOSED in " + connectedMs + " ms, queue replayed in "
            + replayedMs + " ms, B fresh in " + bFreshMs + " ms; stale values in L2 at restart "
            + staleInL2AtRestart + " -> after recovery " + staleInL2After + "; B polls (20 keys each) that"
            + " still saw v1 while converging " + seenStale[0] + "; stale reads after recovery " + staleAfter
            + " (of " + 6 * KEYS + ")"
            + "; stale reads in A during the outage " + staleInADuring + "; B during the outage read "
            + count(bDuring, "@v1") + " v1 values (expected: it cannot know); B Received|Gaps before "
            + receivedBefore + "|" + gapsBefore + " after " + bReceived);

        assertEquals("0", load.get("total.failed"), () -> "failed calls; first: " + load.get("firstFailure"));
        assertTrue(Long.parseLong(load.get("total.calls")) >= 5000, () -> "calls made " + load.get("total.calls"));
        assertDelays(load, "up", "slow", "afterSlow", "down", "recovering", "after");
        assertTrue(maxInvMicros < MAX_DELAY_MS * 1_000, "an invalidate() during the outage took " + maxInvMicros + " us");
        assertEquals(0, staleInADuring, "A read a value it had invalidated itself");
        assertTrue(breakerDown.contains("OPEN"), () -> "the breaker never opened while Redis was down: " + breakerDown);
        assertEquals("CLOSED", breakerAfter.get(breakerAfter.size() - 1), "breaker after recovery");
        assertEquals(0, staleAfter, "stale reads after recovery");
        assertEquals(0, staleInL2After, "stale values left in L2 after recovery");
      });
      Map<String, ForkResult> results = g.finish();
      for (Map.Entry<String, ForkResult> r : results.entrySet()) {
        figure(scenario, r.getKey() + " stderr " + r.getValue().stderrLines());
      }
    }
  }

  @Test
  void redisAbsentAtStartThenStarted() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.localUnstarted(); L2Group g = new L2Group("absent")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri(), "50ms"),
          rule("load", "tiers: [l2]"),
          rule("lookup")));
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        a.ask("load start 3 200 1000 warmup");
        awaitCalls(a, 600);
        a.ask("load phase absent");
        awaitCalls(a, calls(a) + 1500);
        String statusAbsent = a.agent("L2Status");
        String before = a.ask("gets lookup 1 5");
        assertTrue(before.startsWith("5 ") && count(before, "@v1") == 5, before);

        redis.restart(); // its first start
        long startedAt = System.nanoTime();
        a.ask("load phase up");
        a.awaitL2();
        long connectedMs = (System.nanoTime() - startedAt) / 1_000_000;
        L2Support.await("A's load hits L2", Duration.ofSeconds(20), () -> a.ruleLong("load", "L2Hits") > 0,
            () -> a.ask("agent L2Status BreakerState"));
        long hitsMs = (System.nanoTime() - startedAt) / 1_000_000;
        // values A loads now are shared
        a.ask("gets lookup 10 19");
        for (int id = 10; id <= 19; id++) {
          awaitKey(redis, "it:v1:lookup:g*:" + id, "it:v1:lookup:g\\d+:" + id);
        }
        App b = g.start("B", jdk, rules);
        b.awaitL2();
        String bv = b.ask("gets lookup 10 19");
        assertTrue(bv.startsWith("0 "), () -> "B ran bodies for values A loaded after Redis came up: " + bv);
        long bHits = b.ruleLong("lookup", "L2Hits");
        assertEquals(10, bHits, "B lookup L2Hits");
        awaitCalls(a, calls(a) + 1500);
        Map<String, String> load = parse(a.ask("load stop"));
        String gaps = a.agent("L1ClearsAfterGap");
        figure("absent", "status while absent: " + statusAbsent + "; connected " + connectedMs
            + " ms after redis-server started, first L2 hit after " + hitsMs + " ms; B L2Hits " + bHits
            + "; A L1ClearsAfterGap " + gaps);
        figure("absent", "calls made " + load.get("total.calls") + ", failed " + load.get("total.failed")
            + ", max delay " + load.get("total.maxMs") + " ms; per phase, ms: "
            + delays(load, "warmup", "absent", "up") + "; " + load);
        assertEquals("0", load.get("total.failed"), () -> "failed calls; first: " + load.get("firstFailure"));
        assertDelays(load, "absent", "up");
      });
      Map<String, ForkResult> results = g.finish();
      for (Map.Entry<String, ForkResult> r : results.entrySet()) {
        figure("absent", r.getKey() + " stderr " + r.getValue().stderrLines());
      }
    }
  }

  /**
   * No call of these phases waited longer than the timeout plus the margin, beyond what the
   * process itself stalled (the jitter thread's longest oversleep in the same phase: a JVM that
   * is not scheduled at all is not the agent's doing).
   */
  static void assertDelays(Map<String, String> load, String... phases) {
    for (String phase : phases) {
      double max = Double.parseDouble(load.get(phase + ".maxMs"));
      double jitter = Double.parseDouble(load.get(phase + ".jitterMs"));
      assertTrue(max - jitter < MAX_DELAY_MS, () -> "max delay in phase " + phase + ": " + max
          + " ms, of which the process itself stalled at most " + jitter + " ms");
    }
  }

  /** Max delay and the process's own stall (jitter) of each phase, for the figures. */
  static String delays(Map<String, String> load, String... phases) {
    StringBuilder b = new StringBuilder();
    for (String phase : phases) {
      b.append(b.length() == 0 ? "" : ", ").append(phase).append(' ').append(load.get(phase + ".maxMs"))
          .append(" (stall ").append(load.get(phase + ".jitterMs")).append(')');
    }
    return b.toString();
  }

  /** Values in L2 for 1000..1019 that still hold v1 (read and decoded by the test). */
  static int staleInL2(RedisServerFixture redis) {
    int stale = 0;
    for (String key : keys(redis, "it:v1:lookup:g*", "it:v1:lookup:g\\d+:\\d+")) {
      int id = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
      if (id < FIRST || id > LAST) {
        continue;
      }
      Envelope e = Envelope.decode(L2Support.getBytes(redis, key));
      if (e != null && String.valueOf(L2Support.readJdkValue(e.payload)).endsWith("@v1")) {
        stale++;
      }
    }
    return stale;
  }

  static List<String> sampleBreaker(App a, long millis) {
    List<String> states = new ArrayList<>();
    long end = System.nanoTime() + millis * 1_000_000;
    do {
      String s = a.agent("BreakerState");
      if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
        states.add(s);
      }
      pause(10);
    } while (System.nanoTime() < end);
    return states;
  }

  static long calls(App a) {
    String p = a.ask("load progress");
    return Long.parseLong(p.substring(0, p.indexOf(' ')));
  }

  static long awaitCalls(App a, long atLeast) {
    long[] now = new long[1];
    L2Support.await(atLeast + " load calls", Duration.ofSeconds(60), () -> (now[0] = calls(a)) >= atLeast,
        () -> "calls " + now[0]);
    return now[0];
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  static Map<String, String> parse(String answer) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String token : answer.trim().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        m.put(token.substring(0, eq), token.substring(eq + 1));
      }
    }
    return m;
  }
}
