package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A redis-sentinel:// URI resolves the master through a (local) Sentinel. */
class SentinelTest {
  @Test
  void connectsToTheMasterThroughSentinel() throws Exception {
    try (RedisServerFixture master = RedisServerFixture.local();
        RedisServerFixture sentinel = RedisServerFixture.sentinel(master, "mymaster")) {
      RedisSettings s = TestSettings.standalone(
          "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster").build();
      try (L2Client client = TestSettings.connected(s)) {
        String k = s.namespace() + ":k";
        assertTrue(client.set(k, new byte[] {9}, 10_000).toCompletableFuture().get(2, TimeUnit.SECONDS));
        assertTrue(client.get(k).isHit());
        assertEquals("\t", master.call("GET", k), "written on the master Sentinel named");
      }
    }
  }
}
