package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.redis.InvalidationLog.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InvalidationLogTest {
  /** Records what a "JVM" is told; can hold its reader inside onEvent to make it lag. */
  static final class Recorder implements InvalidationLog.Listener {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Long> receivedAt = new LinkedBlockingQueue<>();
    final AtomicInteger gaps = new AtomicInteger();
    final BlockingQueue<Set<String>> overflows = new LinkedBlockingQueue<>();
    volatile CountDownLatch holdInside;
    final CountDownLatch inside = new CountDownLatch(1);
    /** What {@link #generationOf} answers for every rule (-1: none). */
    volatile long generation = -1;

    @Override
    public long generationOf(String rule) {
      return generation;
    }

    @Override
    public void onEvent(Event event) {
      receivedAt.add(System.nanoTime());
      events.add(event);
      CountDownLatch hold = holdInside;
      if (hold != null) {
        holdInside = null;
        inside.countDown();
        try {
          hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onGap() {
      gaps.incrementAndGet();
    }

    @Override
    public void onOverflow(Set<String> rules) {
      overflows.add(rules);
    }

    Event next() throws InterruptedException {
      Event e = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(e, "an event within 10 s");
      return e;
    }
  }

  /** Two "JVMs" (clients with their own sender ids) on one namespace. */
  static final class Pair implements AutoCloseable {
    final L2Client clientA;
    final L2Client clientB;
    final Recorder recA = new Recorder();
    final Recorder recB = new Recorder();
    final InvalidationLog a;
    final InvalidationLog b;

    Pair(RedisSettings settings) {
      clientA = TestSettings.connected(settings);
      clientB = TestSettings.connected(settings);
      a = InvalidationLog.start(clientA, recA, "jvm-a");
      b = InvalidationLog.start(clientB, recB, "jvm-b");
      Await.until("both readers live", Duration.ofSeconds(10), () -> a.isLive() && b.isLive());
    }

    @Override
    public void close() {
      a.close();
      b.close();
      clientA.close();
      clientB.close();
    }
  }

  @Test
  void eventsReachOtherSendersOnlyAndFast() throws Exception {
    try (RedisServerFixture server = RedisServerFixture.start();
        Pair p = new Pair(TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(500)).build())) {
      p.a.publish(Event.key("product-by-id", "42"));
      p.a.publish(Event.all("prices"));
      p.a.publish(Event.tag("catalog", "shoes"));
      assertEquals(new Event("jvm-a", InvalidationLog.Type.KEY, "product-by-id", "42"), p.recB.next());
      assertEquals(new Event("jvm-a", InvalidationLog.Type.ALL, "prices", ""), p.recB.next());
      assertEquals(new Event("jvm-a", InvalidationLog.Type.TAG, "catalog", "shoes"), p.recB.next());

      // a malformed entry written by something else is skipped, not fatal
      server.call("XADD", p.a.streamKey(), "*", "foo", "bar");
      p.b.publish(Event.key("r", "from-b"));
      assertEquals(new Event("jvm-b", InvalidationLog.Type.KEY, "r", "from-b"), p.recA.next());
      assertNull(p.recA.events.poll(), "A never hears its own events");
      Await.until("malformed counted", Duration.ofSeconds(5), () -> p.a.malformed() == 1);
      assertNull(p.recB.events.poll(100, TimeUnit.MILLISECONDS), "B never hears its own events");

      // a key event carries the generation the sender deleted under; tags and "all" do not
      p.recA.generation = 7_123_456_789L;
      p.a.publish(Event.key("r", "g"));
      p.a.publish(Event.tag("r", "t"));
      assertEquals(new Event("jvm-a", InvalidationLog.Type.KEY, "r", "g", 7_123_456_789L), p.recB.next());
      assertEquals(-1, p.recB.next().generation());
      p.recA.generation = -1;
      server.call("XADD", p.a.streamKey(), "*", "sender", "jvm-x", "type", "key", "rule", "r",
          "value", "v", "gen", "not-a-number");
      assertEquals(new Event("jvm-x", InvalidationLog.Type.KEY, "r", "v", -1), p.recB.next(),
          "a garbled generation reads as unknown (the receiver then deletes under its own)");
      p.recA.events.clear();

      // latency: publish on A until B's listener has it, one at a time
      p.recB.receivedAt.clear();
      int n = 200;
      long[] micros = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        p.a.publish(Event.key("latency", Integer.toString(i)));
        Long at = p.recB.receivedAt.poll(5, TimeUnit.SECONDS);
        assertNotNull(at, "event " + i);
        micros[i] = (at - t0) / 1_000;
        assertEquals(Integer.toString(i), p.recB.next().value());
      }
      Arrays.sort(micros);
      System.out.printf("invalidation latency A→B over %d events: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          n, micros[n / 2] / 1000.0, micros[n * 99 / 100] / 1000.0, micros[n - 1] / 1000.0);
      assertTrue(micros[n / 2] < 100_000, "median under 100 ms");
      assertEquals(0, p.b.gaps());
      assertEquals(n + 6, p.b.received());
      assertEquals(n + 5, p.a.sent());
    }
  }

  @Test
  void aReaderThatLaggedPastTheTrimmedHeadReportsAGap() throws Exception {
    // small stream nodes so MAXLEN ~ 10 really trims
    try (RedisServerFixture server = RedisServerFixture.local("--stream-node-max-entries", "5");
        Pair p = new Pair(TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(500))
            .streamMaxLength(10).build())) {
      CountDownLatch release = new CountDownLatch(1);
      p.recB.holdInside = release;
      p.a.publish(Event.key("r", "first"));
      assertTrue(p.recB.inside.await(10, TimeUnit.SECONDS), "B is inside onEvent");
      for (int i = 0; i < 60; i++) {
        p.a.publish(Event.key("r", "k" + i));
      }
      long length = (Long) server.call("XLEN", p.a.streamKey());
      assertTrue(length < 30, "trimmed to about 10: " + length);
      assertEquals(0, p.recB.gaps.get());
      release.countDown();
      Await.until("gap detected", Duration.ofSeconds(10), () -> p.recB.gaps.get() == 1);
      assertEquals(1, p.b.gaps());
      p.recB.events.clear();
      p.a.publish(Event.key("r", "after"));
      Event e = p.recB.next();
      while (!e.value().equals("after")) {
        e = p.recB.next(); // entries still in the stream after the gap may come first
      }
      assertEquals(1, p.recB.gaps.get(), "one gap only");
    }
  }

  @Test
  void aStreamLostWithARestartIsAGap() throws Exception {
    try (RedisServerFixture server = RedisServerFixture.local();
        Pair p = new Pair(TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(200)).build())) {
      p.a.publish(Event.key("r", "before"));
      assertEquals("before", p.recB.next().value());
      server.kill();
      Await.until("B disconnected", Duration.ofSeconds(5), () -> !p.clientB.isConnected());
      server.restart(); // no persistence: the stream is gone
      Await.until("gap after the reconnect", Duration.ofSeconds(15),
          () -> p.recB.gaps.get() == 1 && p.b.isLive(), p.clientB::status);
      Await.until("A usable", Duration.ofSeconds(10), p.clientA::isUsable);
      p.a.publish(Event.key("r", "after"));
      assertEquals("after", p.recB.next().value());
      assertEquals(1, p.recB.gaps.get());
    }
  }

  @Test
  void invalidationsIssuedDuringAnOutageAreReplayedInOrderWithTheirEffects() throws Exception {
    // AOF with fsync always: the stream and keys survive SIGKILL, so B can check it missed nothing
    try (RedisServerFixture server = RedisServerFixture.local("--appendonly", "yes", "--appendfsync", "always");
        Pair p = new Pair(TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(200)).build())) {
      String ns = p.clientA.settings().namespace();
      p.a.publish(Event.key("r", "before"));
      assertEquals("before", p.recB.next().value());
      for (int i = 1; i <= 3; i++) {
        server.call("SET", ns + ":k" + i, "stale");
      }
      server.kill();
      Await.until("A disconnected", Duration.ofSeconds(5), () -> !p.clientA.isConnected());
      for (int i = 1; i <= 3; i++) {
        String k = ns + ":k" + i;
        long t0 = System.nanoTime();
        p.a.publish(Event.key("r", "k" + i), l2 -> l2.delete(k));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 100, "publish does not wait for Redis");
      }
      assertEquals(3, p.a.queueSize());
      server.restart();
      List<String> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        got.add(p.recB.next().value());
      }
      assertEquals(List.of("k1", "k2", "k3"), got, "replayed in order");
      for (int i = 1; i <= 3; i++) {
        assertNull(server.call("GET", ns + ":k" + i), "the effect (L2 delete) ran before the event");
      }
      assertEquals(0, p.a.queueSize());
      assertEquals(3, p.a.replayed());
      assertEquals(0, p.recB.gaps.get(), "B could verify it missed nothing");
      assertEquals(0, p.recA.overflows.size());
    }
  }

  @Test
  void overflowDropsTheQueueAndReportsTheRulesOnRecovery() throws Exception {
    try (RedisServerFixture server = RedisServerFixture.local();
        Pair p = new Pair(TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(200))
            .replayQueueBound(3).build())) {
      server.kill();
      Await.until("A disconnected", Duration.ofSeconds(5), () -> !p.clientA.isConnected());
      for (int i = 1; i <= 5; i++) {
        p.a.publish(Event.key("rule" + i, "k"));
      }
      p.a.publish(Event.all("rule6")); // while overflowed
      assertEquals(0, p.a.queueSize(), "dropped");
      assertEquals(1, p.a.overflows());
      server.restart();
      Set<String> rules = p.recA.overflows.poll(15, TimeUnit.SECONDS);
      assertEquals(new HashSet<>(List.of("rule1", "rule2", "rule3", "rule4", "rule5", "rule6")), rules);
      assertNull(p.recA.overflows.poll(200, TimeUnit.MILLISECONDS), "reported once");
      Await.until("A usable", Duration.ofSeconds(10), p.clientA::isUsable);
      // B had no entry to check against when it reconnected (nothing was ever published): a gap,
      // after which it reads from the end; publishing before that would be covered by the gap.
      Await.until("B's gap", Duration.ofSeconds(10), () -> p.recB.gaps.get() == 1 && p.b.isLive());
      p.a.publish(Event.all("rule1"));
      Await.until("B hears the post-recovery event", Duration.ofSeconds(10), () -> {
        Event e = p.recB.events.poll();
        return e != null && e.rule().equals("rule1") && e.type() == InvalidationLog.Type.ALL;
      });
      assertEquals(0, p.a.replayed(), "nothing of the dropped queue was replayed");
    }
  }
}
