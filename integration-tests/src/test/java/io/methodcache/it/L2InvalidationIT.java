package io.methodcache.it;

import static io.methodcache.it.L2Support.awaitKey;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.setVersion;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.L2Group.App;
import io.methodcache.agent.redis.RedisServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cross-JVM invalidation through the Redis stream: A and B both hold a key in L1; the data
 * changes; A (or B) invalidates; the other JVM's next call runs its body within a deadline. The
 * propagation time printed is from just before the invalidating command was sent to the first
 * fresh read in the other JVM (both measured by the test; stdin round trips included).
 */
class L2InvalidationIT {
  /** Generous for a 2-core machine; the figure printed is what matters. */
  private static final Duration DEADLINE = Duration.ofSeconds(2);

  @Test
  void invalidationsReachTheOtherJvmsL1WithinMilliseconds() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("invalidation")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()), rule("lookup")));
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();
        syncReaders(a, b);
        syncReaders(b, a);

        // both hold 42 and 43 in L1
        assertArrayEquals(new String[] {"1", "item-42@v1"}, a.get("lookup", 42));
        assertArrayEquals(new String[] {"2", "item-43@v1"}, a.get("lookup", 43));
        awaitKey(redis, "it:v1:lookup:g*:42", "it:v1:lookup:g\\d+:42");
        awaitKey(redis, "it:v1:lookup:g*:43", "it:v1:lookup:g\\d+:43");
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42));
        assertArrayEquals(new String[] {"0", "item-43@v1"}, b.get("lookup", 43));
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42), "B: an L1 hit");

        // 1. invalidate(rule, key) in A reaches B
        setVersion(g.data, 42, 2);
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42),
            "B still serves its L1 copy before any invalidation");
        long received = b.agentLong("InvalidationsReceived");
        long t0 = System.nanoTime();
        String inv = a.ask("inv lookup 42");
        assertTrue(inv.startsWith("true "), () -> "A invalidate: " + inv);
        long ms = awaitFresh(b, "lookup", 42, "item-42@v2", t0);
        figure("invalidation", "invalidate(lookup, 42) A->B: " + ms + " ms to B's first fresh read"
            + " (A's invalidate call took " + micros(inv) + " us)");
        assertEquals("1", b.get("lookup", 42)[0], "B's body ran once for the new value");
        assertArrayEquals(new String[] {"1", "item-43@v1"}, b.get("lookup", 43),
            "43 was not touched (still in B's L1: no further body run)");
        assertEquals("item-42@v2", a.value("lookup", 42), "A reads the new value too");
        assertTrue(b.agentLong("InvalidationsReceived") > received, "B InvalidationsReceived grew");

        // 2. invalidateAll(rule) in A: every key, and the generation changes
        String gen0 = String.valueOf(redis.call("GET", "it:v1:lookup:gen"));
        setVersion(g.data, 42, 3);
        setVersion(g.data, 43, 3);
        t0 = System.nanoTime();
        String all = a.ask("invall lookup");
        assertTrue(all.startsWith("true "), () -> "A invalidateAll: " + all);
        long msAll = awaitFresh(b, "lookup", 43, "item-43@v3", t0);
        assertEquals("item-42@v3", b.value("lookup", 42));
        String gen1 = String.valueOf(redis.call("GET", "it:v1:lookup:gen"));
        assertNotEquals(gen0, gen1, "invalidateAll bumps it:v1:lookup:gen");
        figure("invalidation", "invalidateAll(lookup) A->B: " + msAll + " ms; generation "
            + gen0 + " -> " + gen1 + " (A's call took " + micros(all) + " us)");
        // the entries of the new generation are shared again
        assertEquals("item-42@v3", a.value("lookup", 42));
        awaitKey(redis, "it:v1:lookup:g" + gen1 + ":42", "it:v1:lookup:g" + gen1 + ":42");

        // 3. the rule MBean's invalidateAll() in B reaches A
        setVersion(g.data, 42, 4);
        t0 = System.nanoTime();
        String jmx = b.ask("jmxinvall lookup");
        assertTrue(jmx.startsWith("ok "), () -> "B JMX invalidateAll: " + jmx);
        long msJmx = awaitFresh(a, "lookup", 42, "item-42@v4", t0);
        String gen2 = String.valueOf(redis.call("GET", "it:v1:lookup:gen"));
        assertNotEquals(gen1, gen2, "JMX invalidateAll bumps the generation too");
        figure("invalidation", "JMX invalidateAll B->A: " + msJmx + " ms; generation " + gen1 + " -> "
            + gen2);

        // 4. a burst: 20 keys invalidated one by one in A, all fresh in B
        for (long id = 100; id < 120; id++) {
          a.get("lookup", id);
        }
        for (long id = 100; id < 120; id++) {
          awaitKey(redis, "it:v1:lookup:g*:" + id, "it:v1:lookup:g\\d+:" + id);
        }
        String before = b.ask("gets lookup 100 119");
        assertTrue(before.endsWith("item-119@v1"), before);
        for (long id = 100; id < 120; id++) {
          setVersion(g.data, id, 2);
        }
        t0 = System.nanoTime();
        for (long id = 100; id < 120; id++) {
          a.ask("inv lookup " + id);
        }
        long msBurst = awaitFresh(b, "lookup", 119, "item-119@v2", t0);
        String after = b.ask("gets lookup 100 119");
        assertTrue(!after.contains("@v1"), () -> "B still has stale values after the burst: " + after);
        figure("invalidation", "20 invalidations A->B: last fresh after " + msBurst + " ms");

        figure("invalidation", "A " + a.ask("agent InvalidationsSent InvalidationsReceived L1ClearsAfterGap")
            + "; B " + b.ask("agent InvalidationsSent InvalidationsReceived L1ClearsAfterGap")
            + " (Sent|Received|L1ClearsAfterGap)");
        assertEquals(0, a.agentLong("L1ClearsAfterGap"), "no gap in a healthy run (A)");
        assertEquals(0, b.agentLong("L1ClearsAfterGap"), "no gap in a healthy run (B)");
      });
      Map<String, ForkResult> results = g.finish();
      results.values().forEach(Checks::silentStderr);
    }
  }

  /**
   * A JVM that has just started and already serves a key from L1 must not miss an invalidation of
   * it made elsewhere a moment later: B starts, reads 42 from L2 into its L1 as soon as its L2
   * connection is up, A invalidates 42 (the data changed); once B's stream reader demonstrably
   * runs (it received a later probe), B must read the new value. Fails when the reader positions
   * itself at the stream's end only after the invalidation was published (it then never sees it,
   * and B serves the stale value until the TTL).
   */
  @Test
  void anInvalidationJustAfterAnotherJvmStartedIsNotLost() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("invalidation-at-start")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()), rule("lookup")));
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        a.awaitL2();
        assertArrayEquals(new String[] {"1", "item-42@v1"}, a.get("lookup", 42));
        awaitKey(redis, "it:v1:lookup:g*:42", "it:v1:lookup:g\\d+:42");

        App b = g.start("B", jdk, rules);
        b.awaitL2();
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42), "B: from L2 into its L1");
        setVersion(g.data, 42, 2);
        long t0 = System.nanoTime();
        assertTrue(a.ask("inv lookup 42").startsWith("true"));
        long invalidatedMs = (System.nanoTime() - t0) / 1_000_000;
        syncReaders(a, b); // B's reader now runs: anything published before must have reached it
        long syncedMs = (System.nanoTime() - t0) / 1_000_000;
        String after = b.value("lookup", 42);
        figure("invalidation-at-start", "B read " + after + " after A's invalidate (" + invalidatedMs
            + " ms) and B's reader confirmed running " + syncedMs + " ms after it; B "
            + b.ask("agent InvalidationsReceived L1ClearsAfterGap") + " (Received|L1ClearsAfterGap)");
        assertEquals("item-42@v2", after, "B serves the value A invalidated just after B started");
      });
      g.finish().values().forEach(Checks::silentStderr);
    }
  }

  /**
   * Makes sure the receivers' stream readers are positioned: the publisher invalidates a key
   * nobody holds and each receiver must count it. (A reader starts at the stream's end when it
   * first connects; an event published before that is, by design, not delivered to it.)
   */
  static void syncReaders(App publisher, App... receivers) {
    long[] before = new long[receivers.length];
    for (int i = 0; i < receivers.length; i++) {
      before[i] = receivers[i].agentLong("InvalidationsReceived");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int attempt = 0;
    for (int i = 0; i < receivers.length; ) {
      if (receivers[i].agentLong("InvalidationsReceived") > before[i]) {
        i++;
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(receivers[i].name + " received none of " + attempt
            + " invalidations from " + publisher.name + " within 15 s");
      }
      if (attempt == 0 || attempt % 10 == 0) {
        publisher.ask("inv lookup -" + (1000 + attempt)); // a key nobody holds
      }
      attempt++;
      pause(20);
    }
  }

  /** Polls app's value until it equals {@code fresh}; returns ms since t0; fails after the deadline. */
  static long awaitFresh(App app, String method, long id, String fresh, long t0) {
    long deadline = t0 + DEADLINE.toNanos();
    String last;
    int polls = 0;
    while (true) {
      last = app.value(method, id);
      polls++;
      if (last.equals(fresh)) {
        return (System.nanoTime() - t0) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(app.name + " still reads " + last + " for " + method + " " + id
            + " " + DEADLINE.toMillis() + " ms after the invalidation (" + polls + " polls)");
      }
      pause(1);
    }
  }

  static String micros(String answer) {
    return answer.substring(answer.indexOf(' ') + 1);
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
