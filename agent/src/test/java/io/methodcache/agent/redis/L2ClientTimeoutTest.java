package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow Redis (DEBUG SLEEP from a side connection stalls the whole server): every call returns
 * within timeout + margin, the breaker opens after its threshold and then calls cost nothing, and
 * once Redis answers again the breaker closes by itself.
 */
class L2ClientTimeoutTest {
  /** Scheduling noise allowed on top of the timeout (2 shared cores, JIT, GC). */
  static final long MARGIN_MS = 50;
  static final long TIMEOUT_MS = 50;

  private static RedisServerFixture server;

  @BeforeAll
  static void start() {
    server = RedisServerFixture.local();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyCallIsBoundedByTheTimeoutAndTheBreakerOpensAndCloses() throws Exception {
    RedisSettings base = TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(TIMEOUT_MS)).build();
    try (L2Client withBreaker = TestSettings.connected(base);
        L2Client noBreaker = TestSettings.connected(TestSettings.standalone(server.uri())
            .timeout(Duration.ofMillis(TIMEOUT_MS)).breaker(1_000, Duration.ofSeconds(5)).build())) {
      String k = base.namespace() + ":slow";
      assertTrue(withBreaker.set(k, new byte[] {7}, 60_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
      assertTrue(withBreaker.get(k).isHit());
      assertTrue(noBreaker.get(k).isHit());

      try (RespClient side = server.client(10_000)) {
        side.send("DEBUG", "SLEEP", "1.5");
        long sleepStart = System.nanoTime();
        // make sure the server is inside the sleep: a PING on another connection stalls
        try (RespClient probe = server.client(100)) {
          probe.send("PING");
          try {
            probe.read();
            throw new AssertionError("server answered during DEBUG SLEEP");
          } catch (java.net.SocketTimeoutException expected) {
            // stalled
          }
        }

        // 1. with a breaker: `failures` timeouts, then skipped at no cost
        long maxTimeoutCall = 0;
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          L2Result r = withBreaker.get(k);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertEquals(L2Result.Outcome.TIMEOUT, r.outcome(), "call " + i);
          assertTrue(ms <= TIMEOUT_MS + MARGIN_MS, "call " + i + " took " + ms + " ms");
          maxTimeoutCall = Math.max(maxTimeoutCall, ms);
        }
        assertEquals(CircuitBreaker.State.OPEN, withBreaker.breaker().state());
        assertTrue(withBreaker.status().startsWith("breaker open since"), withBreaker.status());
        assertFalse(withBreaker.isUsable());
        long[] skippedMicros = new long[100];
        for (int i = 0; i < skippedMicros.length; i++) {
          long t0 = System.nanoTime();
          assertEquals(L2Result.Outcome.SKIPPED, withBreaker.get(k).outcome());
          assertFalse(withBreaker.tryLock(k + ":lock", 1_000) != null);
          skippedMicros[i] = (System.nanoTime() - t0) / 1_000;
        }
        java.util.Arrays.sort(skippedMicros);
        long maxSkippedMicros = skippedMicros[skippedMicros.length - 1];
        // no network wait at all: the median is microseconds; the max only shows scheduling noise
        assertTrue(skippedMicros[50] < 1_000, "skipped calls cost nothing: median " + skippedMicros[50] + " us");
        assertTrue(maxSkippedMicros <= (TIMEOUT_MS + MARGIN_MS) * 1_000, "max " + maxSkippedMicros + " us");

        // 2. without a breaker: every single call pays at most the timeout
        int calls = 0;
        long t0 = System.nanoTime();
        CompletionStage<Boolean> write = noBreaker.set(k + ":w", new byte[] {1}, 1_000);
        long setMicros = (System.nanoTime() - t0) / 1_000;
        assertTrue(setMicros < 20_000, "set is fire and forget: " + setMicros + " us");
        while ((System.nanoTime() - sleepStart) / 1_000_000 < 1_100) {
          long c0 = System.nanoTime();
          L2Result r = noBreaker.get(k);
          long ms = (System.nanoTime() - c0) / 1_000_000;
          assertEquals(L2Result.Outcome.TIMEOUT, r.outcome());
          assertTrue(ms <= TIMEOUT_MS + MARGIN_MS, "call took " + ms + " ms");
          maxTimeoutCall = Math.max(maxTimeoutCall, ms);
          calls++;
        }
        assertFalse(write.toCompletableFuture().get(3, TimeUnit.SECONDS), "the stalled SET failed");
        assertTrue(noBreaker.writeFailures() >= 1);
        System.out.printf("L2 timeout bound: %d calls timed out, slowest returned after %d ms "
            + "(timeout %d ms, margin %d ms); skipped calls with the breaker open: median %d us, max %d us%n",
            calls + 5, maxTimeoutCall, TIMEOUT_MS, MARGIN_MS, skippedMicros[50], maxSkippedMicros);

        assertEquals("OK", side.read(), "DEBUG SLEEP over");
      }
      long recoveryStart = System.nanoTime();
      Await.until("breaker closed again", Duration.ofSeconds(5), () -> {
        withBreaker.get(k);
        return withBreaker.breaker().state() == CircuitBreaker.State.CLOSED;
      }, withBreaker::status);
      System.out.printf("L2 resumed %d ms after Redis answered again (open-for 300 ms)%n",
          (System.nanoTime() - recoveryStart) / 1_000_000);
      assertTrue(withBreaker.get(k).isHit());
      assertTrue(noBreaker.get(k).isHit());
      assertTrue(withBreaker.status().startsWith("connected"), withBreaker.status());
      assertEquals(1, withBreaker.breaker().timesOpened());
    }
  }

  @Test
  void aHandshakeSlowerThanTheCommandTimeoutIsNotAnOutage() throws Exception {
    try (RespClient side = server.client(10_000)) {
      side.send("DEBUG", "SLEEP", "0.3");
      try (L2Client c = TestSettings.connected(TestSettings.standalone(server.uri())
          .timeout(Duration.ofMillis(TIMEOUT_MS)).build())) {
        assertEquals(0, c.connectFailures(), "the handshake waited out the stall: " + c.lastError());
        assertEquals("OK", side.read());
      }
    }
  }

  /**
   * A SET NX the client gave up on runs when the stalled server resumes: the lock it takes must
   * not stay behind (nobody holds it, and every other JVM would wait on it until it expired).
   */
  @Test
  void aLockCommandThatTimedOutLeavesNoLockBehind() throws Exception {
    RedisSettings settings = TestSettings.standalone(server.uri())
        .timeout(Duration.ofMillis(TIMEOUT_MS)).breaker(1_000, Duration.ofSeconds(5)).build();
    try (L2Client client = TestSettings.connected(settings)) {
      String k = settings.namespace() + ":stalled-lock";
      try (RespClient side = server.client(10_000)) {
        side.send("DEBUG", "SLEEP", "0.5");
        try (RespClient probe = server.client(100)) { // the server is inside the sleep
          probe.send("PING");
          try {
            probe.read();
            throw new AssertionError("server answered during DEBUG SLEEP");
          } catch (java.net.SocketTimeoutException expected) {
            // stalled
          }
        }
        long t0 = System.nanoTime();
        L2Result r = client.lock(k, 30_000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(L2Result.Outcome.TIMEOUT, r.outcome());
        assertTrue(ms <= TIMEOUT_MS + MARGIN_MS, "lock took " + ms + " ms");
        assertEquals("OK", side.read(), "DEBUG SLEEP over");
      }
      // the SET ran after the sleep, and the compare-and-delete right after it
      Await.until("no lock left behind", Duration.ofSeconds(5),
          () -> Long.valueOf(0).equals(server.call("EXISTS", k)), () -> "PTTL " + server.call("PTTL", k));
      assertTrue(client.lock(k, 30_000).isHit(), "the lock is free for the next caller");
    }
  }
}
