package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operations against a real server (REDIS_URL, or a local one). */
class L2ClientTest {
  private static RedisServerFixture server;
  private static L2Client client;
  private static String prefix;

  @BeforeAll
  static void start() {
    server = RedisServerFixture.start();
    RedisSettings s = TestSettings.standalone(server.uri()).timeout(Duration.ofMillis(500)).build();
    prefix = s.namespace() + ":";
    client = TestSettings.connected(s);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String key(String name) {
    return prefix + name;
  }

  @Test
  void setGetDeleteWithTtl() throws Exception {
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    long hits = client.hits();
    assertTrue(client.set(key("a"), value, 10_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
    L2Result r = client.get(key("a"));
    assertEquals(L2Result.Outcome.HIT, r.outcome());
    assertArrayEquals(value, r.value(), "binary-safe");
    assertEquals(hits + 1, client.hits());
    long pttl = (Long) server.call("PTTL", key("a"));
    assertTrue(pttl > 0 && pttl <= 10_000, "PX ttl applied: " + pttl);
    assertTrue(client.delete(key("a"), key("absent")));
    long misses = client.misses();
    assertEquals(L2Result.Outcome.MISS, client.get(key("a")).outcome());
    assertEquals(misses + 1, client.misses());
  }

  /**
   * Leases: a fill stores its value only if no invalidation of the key came after its load began,
   * however long the load took; a put voids every lease taken before it.
   */
  @Test
  void aFillWhoseLeaseAnInvalidationVoidedIsDropped() throws Exception {
    String k = key("leased");
    String marker = L2Client.sameSlot(k, ":inv");
    String lease = client.marker(marker);
    assertEquals("", lease, "no invalidation yet");
    assertEquals(1L, client.fill(k, marker, lease, new byte[] {1}, 10_000)
        .toCompletableFuture().get(2, TimeUnit.SECONDS));
    assertArrayEquals(new byte[] {1}, client.get(k).value());

    String slowLoad = client.marker(marker); // a load begins: it reads the origin's old data...
    assertTrue(client.invalidate(k, marker, 60_000)); // ...a write invalidates the key...
    assertEquals(L2Result.Outcome.MISS, client.get(k).outcome());
    // ...and the slow load finishes: its old value is dropped, atomically
    assertEquals(0L, client.fill(k, marker, slowLoad, new byte[] {2}, 10_000)
        .toCompletableFuture().get(2, TimeUnit.SECONDS));
    assertEquals(L2Result.Outcome.MISS, client.get(k).outcome());
    long markerTtl = (Long) server.call("PTTL", marker);
    assertTrue(markerTtl > 50_000 && markerTtl <= 60_000, "the marker outlives loads: " + markerTtl);

    String fresh = client.marker(marker); // a load that began after the write fills
    assertEquals(1L, client.fill(k, marker, fresh, new byte[] {3}, 10_000)
        .toCompletableFuture().get(2, TimeUnit.SECONDS));
    assertArrayEquals(new byte[] {3}, client.get(k).value());

    String before = client.marker(marker);
    assertTrue(client.replace(k, marker, 60_000, new byte[] {4}, 10_000)
        .toCompletableFuture().get(2, TimeUnit.SECONDS)); // a put
    assertEquals(0L, client.fill(k, marker, before, new byte[] {5}, 10_000)
        .toCompletableFuture().get(2, TimeUnit.SECONDS));
    assertArrayEquals(new byte[] {4}, client.get(k).value(), "the put's value stays");
  }

  @Test
  void markersShareTheirKeysClusterSlot() {
    assertEquals("{a:b}:inv", L2Client.sameSlot("a:b", ":inv"));
    assertEquals("a:{x,y}:inv", L2Client.sameSlot("a:{x,y}", ":inv"));
  }

  @Test
  void setWithoutTtlNeverExpires() throws Exception {
    assertTrue(client.set(key("forever"), new byte[] {1}, 0).toCompletableFuture().get(2, TimeUnit.SECONDS));
    assertEquals(-1L, server.call("PTTL", key("forever")));
  }

  @Test
  void incrAndCounter() {
    assertEquals(OptionalLong.of(0), client.counter(key("gen")));
    assertEquals(OptionalLong.of(1), client.incr(key("gen")));
    assertEquals(OptionalLong.of(2), client.incr(key("gen")));
    assertEquals(OptionalLong.of(2), client.counter(key("gen")));
    server.call("SET", key("notanumber"), "abc");
    assertFalse(client.counter(key("notanumber")).isPresent());
  }

  @Test
  void lockIsExclusiveAndReleasedOnlyByItsToken() {
    String k = key("lock");
    String token = client.tryLock(k, 5_000);
    assertNotNull(token);
    long pttl = (Long) server.call("PTTL", k);
    assertTrue(pttl > 0 && pttl <= 5_000, "lock expires by itself: " + pttl);
    assertNull(client.tryLock(k, 5_000), "held");
    assertEquals(L2Result.Outcome.MISS, client.lock(k, 5_000).outcome(), "MISS = held elsewhere");
    assertFalse(client.unlock(k, "not-the-token"));
    assertEquals(token, server.call("GET", k));
    assertTrue(client.unlock(k, token));
    assertNull(server.call("GET", k));
    assertFalse(client.unlock(k, token), "already released");
    String again = client.tryLock(k, 5_000);
    assertNotNull(again);
    assertTrue(client.unlock(k, again));
  }

  @Test
  void unlockFallsBackToEvalWhenTheScriptIsUnknown() {
    Assumptions.assumeFalse(server.isExternal(), "never SCRIPT FLUSH an external server");
    assertEquals("OK", server.call("SCRIPT", "FLUSH"));
    String k = key("lock-flushed");
    String token = client.tryLock(k, 5_000);
    assertTrue(client.unlock(k, token));
    assertEquals(1L, ((java.util.List<?>) server.call("SCRIPT", "EXISTS", L2Client.UNLOCK_SHA)).get(0),
        "EVAL loaded it");
  }

  @Test
  void anExpiredLockTakenByAnotherHolderIsLeftAlone() {
    String k = key("lock-expired");
    String first = client.tryLock(k, 30);
    assertNotNull(first);
    Await.until("lock expiry", Duration.ofSeconds(5), () -> server.call("GET", k) == null);
    String second = client.tryLock(k, 5_000);
    assertNotNull(second);
    assertFalse(client.unlock(k, first));
    assertEquals(second, server.call("GET", k));
    assertTrue(client.unlock(k, second));
  }

  @Test
  void anErrorReplyIsAnErrorOutcomeNotAnException() {
    server.call("RPUSH", key("list"), "x");
    long errors = client.errors();
    L2Result r = client.get(key("list")); // WRONGTYPE
    assertEquals(L2Result.Outcome.ERROR, r.outcome());
    assertEquals(errors + 1, client.errors());
    assertTrue(client.lastError().contains("WRONGTYPE"), client.lastError());
    assertEquals(L2Result.Outcome.MISS, client.get(key("nothing")).outcome(), "still usable");
  }

  @Test
  void unlockShaMatchesTheScript() throws Exception {
    byte[] d = java.security.MessageDigest.getInstance("SHA-1")
        .digest(L2Client.UNLOCK_SCRIPT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder();
    for (byte b : d) {
      hex.append(String.format("%02x", b));
    }
    assertEquals(hex.toString(), L2Client.UNLOCK_SHA);
    assertEquals(L2Client.UNLOCK_SHA, server.call("SCRIPT", "LOAD", L2Client.UNLOCK_SCRIPT));
  }

  @Test
  void statusSaysConnected() {
    assertTrue(client.status().startsWith("connected to redis://"), client.status());
    assertFalse(client.status().contains("@"), "no credentials in the status");
    assertTrue(client.isUsable());
  }
}
