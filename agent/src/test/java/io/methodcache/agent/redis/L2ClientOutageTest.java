package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Redis absent at start, killed mid-run, restarted: callers never wait and L2 resumes by itself. */
class L2ClientOutageTest {
  private static final long TIMEOUT_MS = 50;
  private static final long MARGIN_MS = 50;
  private static final Set<L2Result.Outcome> UNAVAILABLE =
      EnumSet.of(L2Result.Outcome.ERROR, L2Result.Outcome.TIMEOUT, L2Result.Outcome.SKIPPED);

  @Test
  void absentAtStartThenConnectsByItself() throws Exception {
    try (RedisServerFixture server = RedisServerFixture.localUnstarted()) {
      RedisSettings s = TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(TIMEOUT_MS)).build();
      long t0 = System.nanoTime();
      try (L2Client client = L2Client.start(s)) {
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(startMs < 1_000, "start returned after " + startMs + " ms");
        long maxMicros = 0;
        for (int i = 0; i < 50; i++) {
          long c0 = System.nanoTime();
          assertEquals(L2Result.Outcome.SKIPPED, client.get(s.namespace() + ":k").outcome());
          assertEquals(null, client.tryLock(s.namespace() + ":lock", 1_000));
          assertFalse(client.incr(s.namespace() + ":gen").isPresent());
          assertFalse(client.set(s.namespace() + ":k", new byte[] {1}, 1_000).toCompletableFuture().getNow(true));
          maxMicros = Math.max(maxMicros, (System.nanoTime() - c0) / 1_000);
        }
        assertTrue(maxMicros < 20_000, "calls while connecting cost " + maxMicros + " us");
        assertTrue(client.status().startsWith("connecting to redis://127.0.0.1:" + server.port()), client.status());
        Await.until("a failed connect attempt", Duration.ofSeconds(10), () -> client.connectFailures() > 0);

        server.restart(); // first start
        long up = System.nanoTime();
        Await.until("connected after the server started", Duration.ofSeconds(10), client::isConnected, client::status);
        System.out.printf("L2 connected %d ms after Redis started (start() returned in %d ms, "
            + "calls while absent: max %d us)%n", (System.nanoTime() - up) / 1_000_000, startMs, maxMicros);
        assertEquals(L2Result.Outcome.MISS, client.get(s.namespace() + ":k").outcome());
        assertTrue(client.set(s.namespace() + ":k", new byte[] {1}, 10_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertTrue(client.get(s.namespace() + ":k").isHit());
        assertTrue(client.status().startsWith("connected"), client.status());
      }
    }
  }

  @Test
  void killedAndRestartedMidRun() throws Exception {
    try (RedisServerFixture server = RedisServerFixture.local()) {
      RedisSettings s = TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(TIMEOUT_MS)).build();
      String k = s.namespace() + ":k";
      try (L2Client client = TestSettings.connected(s)) {
        assertTrue(client.set(k, new byte[] {1}, 60_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertTrue(client.get(k).isHit());

        server.kill();
        long maxMs = 0;
        int calls = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.breaker().state() != CircuitBreaker.State.OPEN) {
          assertTrue(System.nanoTime() < deadline, "breaker did not open: " + client.status());
          long c0 = System.nanoTime();
          L2Result r = client.get(k);
          long ms = (System.nanoTime() - c0) / 1_000_000;
          assertTrue(UNAVAILABLE.contains(r.outcome()), r.toString());
          assertTrue(ms <= TIMEOUT_MS + MARGIN_MS, "call took " + ms + " ms");
          maxMs = Math.max(maxMs, ms);
          calls++;
        }
        String status = client.status();
        assertTrue(status.startsWith("breaker open since"), status);
        assertFalse(client.isUsable());

        server.restart();
        long restarted = System.nanoTime();
        Await.until("L2 usable again", Duration.ofSeconds(10), () -> {
          L2Result r = client.get(k); // the data is gone (no persistence): MISS means answered
          return r.answered() && client.breaker().state() == CircuitBreaker.State.CLOSED;
        }, client::status);
        System.out.printf("L2 killed: %d calls until the breaker opened, slowest %d ms; resumed %d ms "
            + "after the restart%n", calls, maxMs, (System.nanoTime() - restarted) / 1_000_000);
        assertTrue(client.set(k, new byte[] {2}, 60_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertTrue(client.get(k).isHit());
        assertTrue(client.status().startsWith("connected"), client.status());
      }
    }
  }
}
