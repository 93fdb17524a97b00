package io.methodcache.it;

import static io.methodcache.it.L2Support.CATALOG;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.it.L2Group.App;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The concurrent version of {@link L2WriteConsistencyIT}: in JVM A one thread writes a few thousand
 * times over a small set of keys, as fast as it can, through a write rule ({@code evict:} on
 * {@code Catalog#save}, or {@code put:} on {@code Catalog#update}, whose result is exactly what
 * {@code lookup} returns afterwards), while reader threads in A and in B read random keys of the
 * set without pause (the app's {@code mix} commands, see {@code apps.l2.Mix}). During the writes
 * stale reads are allowed and counted; a value that was never written is not. After the writer
 * stops (at T, its clock), the readers go on: for every key and JVM the time from T until its reads
 * return the last written value and keep returning it is measured in the apps and reported (max,
 * p99, p50); it must stay under a generous hard limit. Reading goes on until every key in both
 * JVMs has been read fresh {@value #AFTER_READS} more times and the agent's delayed actions (the
 * repeated invalidation after 1 s, the writer's 2 s read-from-origin window) are over, so an old
 * value coming back (a late load writing it to Redis) would show.
 */
class L2ConcurrentConsistencyIT {
  private static final int WRITES = 3_000;
  private static final int KEYS = 8;
  private static final long FIRST_ID = 100;
  private static final int READERS_A = 2;
  private static final int READERS_B = 3;
  /** Every key must read its last value, for good, within this of the writer's stop: a safety net. */
  private static final long HARD_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** Reads go on at least this long after the writer stopped: past the agent's delayed actions. */
  private static final long OBSERVE_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** The writer's limit, a safety net (it takes about 3 s). */
  private static final Duration WRITER_LIMIT = Duration.ofSeconds(90);
  /** Fresh reads per key and JVM after convergence, at least. */
  private static final int AFTER_READS = 200;

  @Test
  void readersInBothJvmsConvergeAfterConcurrentEvictingWrites() {
    run("evict", "save", "    evict: { rule: lookup, key: \"{0}\" }");
  }

  @Test
  void readersInBothJvmsConvergeAfterConcurrentPutWrites() {
    run("put", "update", "    put: { rule: lookup, key: \"{0}\" }");
  }

  private void run(String mode, String method, String target) {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local();
        L2Group g = new L2Group("concurrent-" + mode)) {
      List<String> lines = new ArrayList<>(rules(standalone(redis.uri()), rule("lookup")));
      lines.add("  - name: " + method);
      lines.add("    method: " + CATALOG + "#" + method + "(long)");
      lines.add(target);
      Path rules = writeRules(g.work, lines);
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();
        assertSharedClock(a);
        assertSharedClock(b);

        assertEquals("ok", a.ask("mix init " + FIRST_ID + " " + KEYS));
        assertEquals("started", b.ask("mix readers " + READERS_B + " " + FIRST_ID + " " + KEYS));
        assertEquals("started", a.ask("mix readers " + READERS_A + " " + FIRST_ID + " " + KEYS));
        long writeStart = System.nanoTime();
        assertEquals("started", a.ask("mix write " + WRITES + " " + method + " 42"));
        String[] written = {""};
        L2Support.await("A's writer to finish " + WRITES + " writes", WRITER_LIMIT,
            () -> !(written[0] = a.ask("mix written")).startsWith("running"), () -> written[0]);
        String[] w = written[0].split(" ");
        long stop = Long.parseLong(w[0]); // T: A's System.nanoTime() after the last write returned
        long[] last = new long[KEYS];
        String[] v = w[4].split(",");
        for (int k = 0; k < KEYS; k++) {
          last[k] = Long.parseLong(v[k]);
        }

        // the readers go on; wait (with a deadline) until every key is fresh for good in both JVMs
        String[] status = new String[2];
        long deadline = stop + HARD_LIMIT_NANOS + OBSERVE_NANOS;
        while (true) {
          status[0] = a.ask("mix status");
          status[1] = b.ask("mix status");
          if (System.nanoTime() - stop >= OBSERVE_NANOS && settled(status[0]) && settled(status[1])) {
            break;
          }
          if (System.nanoTime() > deadline) {
            throw new AssertionError("not every key read its last value " + fmt(last) + " for good"
                + " within " + (HARD_LIMIT_NANOS + OBSERVE_NANOS) / 1_000_000 + " ms of the writer's"
                + " stop (per key: µs from the stop to the fresh streak/fresh reads since; -1 = its last"
                + " read was stale): A " + status[0] + "; B " + status[1] + unsettled(a, b, last));
          }
          Thread.sleep(20);
        }
        Map<String, String> ra = parse(a.ask("mix stop"));
        Map<String, String> rb = parse(b.ask("mix stop"));

        List<Long> converged = new ArrayList<>();
        long[] staleAfter = new long[2];
        long[] flipBacks = new long[2];
        long minAfterReads = Long.MAX_VALUE;
        String[] names = {"A", "B"};
        List<Map<String, String>> reports = List.of(ra, rb);
        for (int j = 0; j < 2; j++) {
          Map<String, String> r = reports.get(j);
          String who = names[j];
          assertEquals("0", r.get("bad"), () -> who + " read a value that is not item-ID@vN of the key: "
              + r.get("firstBad"));
          assertTrue(Long.parseLong(r.get("run.reads")) >= WRITES, () -> who + " made only "
              + r.get("run.reads") + " reads during the " + WRITES + " writes");
          for (int k = 0; k < KEYS; k++) {
            int key = k;
            long max = Long.parseLong(r.get(k + ".maxVersion"));
            assertTrue(max <= last[k], () -> who + " read v" + max + " of " + (FIRST_ID + key)
                + ", a version never written (the last was v" + last[key] + ")");
            long c = Long.parseLong(r.get(k + ".convergedMicros"));
            assertTrue(c >= 0 && c * 1_000 < HARD_LIMIT_NANOS, () -> who + ": key " + (FIRST_ID + key)
                + " read its last value v" + last[key] + " for good only " + c + " µs after the writer"
                + " stopped (limit " + HARD_LIMIT_NANOS / 1_000_000 + " ms): " + keyReport(r, key));
            long fresh = Long.parseLong(r.get(k + ".freshSince"));
            assertTrue(fresh >= AFTER_READS, () -> who + ": key " + (FIRST_ID + key) + " only " + fresh
                + " fresh reads after converging: " + keyReport(r, key));
            converged.add(c);
            staleAfter[j] += Long.parseLong(r.get(k + ".stale"));
            flipBacks[j] += Long.parseLong(r.get(k + ".flipBacks"));
            minAfterReads = Math.min(minAfterReads, fresh);
          }
        }
        // and through the line protocol, as the sequential test checks
        String expected = expectedValues(last);
        String aGets = a.ask("gets lookup " + FIRST_ID + " " + (FIRST_ID + KEYS - 1));
        assertEquals(expected, aGets.substring(aGets.indexOf(' ') + 1), "A after the readers stopped");
        String bGets = b.ask("gets lookup " + FIRST_ID + " " + (FIRST_ID + KEYS - 1));
        assertEquals(expected, bGets.substring(bGets.indexOf(' ') + 1), "B after the readers stopped");

        Collections.sort(converged);
        int n = converged.size();
        long writeMs = (stop - writeStart) / 1_000_000;
        figure("concurrent-consistency", mode + " (" + jdk + "): " + WRITES + " writes by 1 thread in A"
            + " over " + KEYS + " keys in " + writeMs + " ms (mean " + w[3] + " µs, max "
            + Long.parseLong(w[2]) / 1000.0 + " ms per write); reads during the writes: A "
            + ra.get("run.reads") + " by " + READERS_A + " threads (stale " + ra.get("run.stale")
            + ", max lag " + ra.get("run.maxLag") + " versions), B " + rb.get("run.reads") + " by "
            + READERS_B + " threads (stale " + rb.get("run.stale") + ", max lag " + rb.get("run.maxLag")
            + " versions); longest a read returned an older version after the newer write had"
            + " returned: A " + ms(Long.parseLong(ra.get("run.maxStaleMicros"))) + " ms ("
            + ra.get("run.maxStaleRead") + ", " + ra.get("run.staleEpisodes") + " stale episodes), B "
            + ms(Long.parseLong(rb.get("run.maxStaleMicros"))) + " ms (" + rb.get("run.maxStaleRead")
            + ", " + rb.get("run.staleEpisodes") + " stale episodes); every key read its last"
            + " version for good in both JVMs after max " + ms(converged.get(n - 1)) + " ms, p99 "
            + ms(converged.get((int) Math.ceil(n * 0.99) - 1)) + " ms, p50 " + ms(converged.get((n - 1) / 2)) + " ms of the writer's stop (" + n
            + " JVM×key pairs); reads after the stop: A " + afterReads(ra) + " (stale " + staleAfter[0]
            + ", flip-backs " + flipBacks[0] + "), B " + afterReads(rb) + " (stale " + staleAfter[1]
            + ", flip-backs " + flipBacks[1] + "), at least " + minAfterReads + " fresh per key and JVM"
            + " after converging, over " + OBSERVE_NANOS / 1_000_000 + "+ ms; a thread saw a key go"
            + " backwards A " + ra.get("backwards") + ", B " + rb.get("backwards") + " times");
        figure("concurrent-consistency", mode + ": per key (µs to converge A/B) " + perKey(ra, rb)
            + "; A " + a.ask("agent InvalidationsSent InvalidationsReceived L1ClearsAfterGap")
            + ", B " + b.ask("agent InvalidationsSent InvalidationsReceived L1ClearsAfterGap")
            + " (Sent|Received|L1ClearsAfterGap)");
      });
      g.finish().forEach((name, r) -> {
        if (!r.stderrLines().isEmpty()) {
          figure("concurrent-consistency", mode + ": " + name + " stderr " + r.stderrLines());
        }
      });
    }
  }

  /** Stops the readers and names each key that has not settled, with what its reads returned. */
  private static String unsettled(App a, App b, long[] last) {
    StringBuilder out = new StringBuilder();
    for (App app : List.of(a, b)) {
      Map<String, String> r = parse(app.ask("mix stop"));
      for (int k = 0; k < KEYS; k++) {
        if (Long.parseLong(r.get(k + ".convergedMicros")) < 0
            || Long.parseLong(r.get(k + ".freshSince")) < AFTER_READS) {
          out.append("\n  ").append(app.name).append(": key ").append(FIRST_ID + k)
              .append(" (last written v").append(last[k]).append("): ").append(keyReport(r, k));
        }
      }
    }
    return out.toString();
  }

  /** The app's nanoTime lies between two of the test's own: every JVM here reads one clock. */
  private static void assertSharedClock(App app) {
    long before = System.nanoTime();
    long theirs = Long.parseLong(app.ask("mix clock"));
    long after = System.nanoTime();
    assertTrue(before <= theirs && theirs <= after, () -> app + ": System.nanoTime() " + theirs
        + " is not between the test's " + before + " and " + after + ": the JVMs do not share the"
        + " clock the convergence times are measured with");
  }

  /** Every key: a fresh streak since the last stale read, of at least AFTER_READS reads. */
  private static boolean settled(String status) {
    String[] parts = status.split(" ");
    if (parts.length != KEYS + 1) {
      throw new AssertionError("mix status: " + status);
    }
    for (int k = 1; k <= KEYS; k++) {
      String[] cf = parts[k].split("/");
      if (Long.parseLong(cf[0]) < 0 || Long.parseLong(cf[1]) < AFTER_READS) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> parse(String report) {
    Map<String, String> m = new TreeMap<>();
    for (String kv : report.split(" ")) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  private static String keyReport(Map<String, String> r, int k) {
    StringJoiner j = new StringJoiner(" ");
    r.forEach((name, value) -> {
      if (name.startsWith(k + ".")) {
        j.add(name + "=" + value);
      }
    });
    return j.toString();
  }

  private static long afterReads(Map<String, String> r) {
    long sum = 0;
    for (int k = 0; k < KEYS; k++) {
      sum += Long.parseLong(r.get(k + ".reads"));
    }
    return sum;
  }

  private static String perKey(Map<String, String> ra, Map<String, String> rb) {
    StringJoiner j = new StringJoiner(", ");
    for (int k = 0; k < KEYS; k++) {
      j.add((FIRST_ID + k) + ": " + ra.get(k + ".convergedMicros") + "/" + rb.get(k + ".convergedMicros"));
    }
    return j.toString();
  }

  private static String expectedValues(long[] last) {
    StringJoiner j = new StringJoiner("|");
    for (int k = 0; k < KEYS; k++) {
      j.add("item-" + (FIRST_ID + k) + "@v" + last[k]);
    }
    return j.toString();
  }

  private static String fmt(long[] last) {
    StringJoiner j = new StringJoiner(",", "v[", "]");
    for (long l : last) {
      j.add(Long.toString(l));
    }
    return j.toString();
  }

  private static String ms(long micros) {
    return String.format(java.util.Locale.ROOT, "%.1f", micros / 1000.0);
  }
}
