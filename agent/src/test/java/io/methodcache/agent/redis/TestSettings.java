package io.methodcache.agent.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Settings for tests: a unique namespace per call, a short breaker period so recovery is quick. */
final class TestSettings {
  private TestSettings() {}

  static String uniqueNamespace() {
    return "t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  static RedisSettings.Builder standalone(String uri) {
    return RedisSettings.builder().uri(uri).namespace(uniqueNamespace())
        .breaker(5, Duration.ofMillis(300))
        .reconnectMaxDelay(Duration.ofMillis(500));
  }

  static RedisSettings.Builder cluster(List<String> nodes) {
    return RedisSettings.builder().nodes(nodes).namespace(uniqueNamespace())
        .timeout(Duration.ofMillis(200)) // cluster commands hop nodes on a shared 2-core box
        .breaker(5, Duration.ofMillis(300))
        .reconnectMaxDelay(Duration.ofMillis(500));
  }

  static L2Client connected(RedisSettings settings) {
    L2Client c = L2Client.start(settings);
    Await.until("L2 connected", Duration.ofSeconds(15), c::isConnected, c::status);
    return c;
  }
}
