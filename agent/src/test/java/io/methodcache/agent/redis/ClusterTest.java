package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import io.methodcache.agent.redis.InvalidationLog.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 3-master cluster: keys, counters and locks in every slot range, and the invalidation log. */
class ClusterTest {
  private static RedisClusterFixture cluster;
  private static RedisSettings settings;
  private static L2Client client;

  @BeforeAll
  static void start() {
    cluster = RedisClusterFixture.start();
    settings = TestSettings.cluster(cluster.nodeUris()).build();
    client = TestSettings.connected(settings);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Keys spread over all three masters (asserted). */
  private static List<String> keysOnEveryNode(String what) {
    List<String> keys = new ArrayList<>();
    Set<Integer> nodes = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String k = settings.namespace() + ":" + what + ":" + i;
      keys.add(k);
      nodes.add(cluster.nodes().indexOf(cluster.nodeForSlot(SlotHash.getSlot(k))));
    }
    assertEquals(3, nodes.size(), "keys cover every master");
    return keys;
  }

  @Test
  void valuesAcrossSlots() throws Exception {
    List<String> keys = keysOnEveryNode("v");
    List<CompletableFuture<Boolean>> writes = new ArrayList<>();
    for (String k : keys) {
      writes.add(client.set(k, k.getBytes(StandardCharsets.UTF_8), 60_000).toCompletableFuture());
    }
    for (CompletableFuture<Boolean> w : writes) {
      assertTrue(w.get(5, TimeUnit.SECONDS));
    }
    for (String k : keys) {
      L2Result r = client.get(k);
      assertTrue(r.isHit(), k + " " + r);
      assertArrayEquals(k.getBytes(StandardCharsets.UTF_8), r.value());
      // stored on the master that owns the slot
      assertEquals(k, cluster.nodeForSlot(SlotHash.getSlot(k)).call("GET", k));
    }
    assertTrue(client.delete(keys.toArray(new String[0])), "one DEL across slots");
    for (String k : keys) {
      assertEquals(L2Result.Outcome.MISS, client.get(k).outcome());
    }
  }

  @Test
  void countersAcrossSlots() {
    for (String k : keysOnEveryNode("gen")) {
      assertEquals(OptionalLong.of(1), client.incr(k));
      assertEquals(OptionalLong.of(1), client.counter(k));
    }
  }

  @Test
  void locksAcrossSlots() {
    for (RedisServerFixture node : cluster.nodes()) {
      node.call("SCRIPT", "FLUSH"); // the first unlock on each master goes through EVAL
    }
    for (String k : keysOnEveryNode("lock")) {
      String token = client.tryLock(k, 10_000);
      assertNotNull(token, k);
      assertNull(client.tryLock(k, 10_000));
      assertFalse(client.unlock(k, "other"));
      assertTrue(client.unlock(k, token), k);
      assertNull(cluster.nodeForSlot(SlotHash.getSlot(k)).call("GET", k));
    }
  }

  @Test
  void invalidationLogOnACluster() throws Exception {
    try (InvalidationLogTest.Pair p = new InvalidationLogTest.Pair(settings)) {
      p.a.publish(Event.key("r", "x"));
      assertEquals(new Event("jvm-a", InvalidationLog.Type.KEY, "r", "x"), p.recB.next());
      p.b.publish(Event.all("r"));
      assertEquals(InvalidationLog.Type.ALL, p.recA.next().type());
      assertEquals(0, p.b.gaps());
    }
  }

  @Test
  void statusNamesTheCluster() {
    assertTrue(client.status().startsWith("connected to cluster [redis://127.0.0.1:"), client.status());
    assertEquals(CircuitBreaker.State.CLOSED, client.breaker().state());
    assertTrue(Duration.ofMillis(200).equals(client.settings().timeout()));
  }
}
