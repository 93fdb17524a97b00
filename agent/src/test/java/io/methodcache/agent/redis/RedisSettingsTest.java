package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  @Test
  void defaults() {
    RedisSettings s = RedisSettings.builder().uri("redis://127.0.0.1:6379/0").build();
    assertEquals(List.of("redis://127.0.0.1:6379/0"), s.uris());
    assertFalse(s.cluster());
    assertNull(s.password());
    assertEquals(Duration.ofMillis(50), s.timeout());
    assertEquals(5, s.breakerFailures());
    assertEquals(Duration.ofSeconds(5), s.breakerOpenFor());
    assertEquals(10_000, s.streamMaxLength());
    assertEquals(10_000, s.replayQueueBound());
    assertEquals("methodcache", s.namespace());
  }

  @Test
  void clusterAndSentinelAndTls() {
    RedisSettings c = RedisSettings.builder().nodes(List.of("redis://a:7000", "rediss://b:7001")).build();
    assertTrue(c.cluster());
    assertEquals(2, c.uris().size());
    RedisSettings sentinel = RedisSettings.builder().uri("redis-sentinel://h1:26379,h2:26379/0#mymaster").build();
    assertFalse(sentinel.cluster());
    RedisSettings.builder().uri("rediss://cache.example:6380").build();
  }

  @Test
  void emptyPasswordMeansNone() {
    assertNull(RedisSettings.builder().uri("redis://h").password("").build().password());
    assertEquals("pw", RedisSettings.builder().uri("redis://h").password("pw").build().password());
  }

  @Test
  void secretsNeverPrinted() {
    RedisSettings s = RedisSettings.builder().uri("redis://user:secret@h:6379").password("other").build();
    assertEquals(List.of("redis://***@h:6379"), s.redactedUris());
    assertFalse(s.toString().contains("secret"));
    assertFalse(s.toString().contains("other"));
  }

  @Test
  void invalidSettingsFailAtBuildTime() {
    assertThrows(IllegalArgumentException.class, () -> RedisSettings.builder().build());
    assertThrows(IllegalArgumentException.class, () -> RedisSettings.builder().uri("http://h").build());
    assertThrows(IllegalArgumentException.class, () -> RedisSettings.builder().uri("redis://").build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().nodes(List.of("redis-sentinel://h:1")).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().uri("redis://h").timeout(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().uri("redis://h").breaker(0, Duration.ofSeconds(1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().uri("redis://h").namespace("a b").build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().uri("redis://h").replayQueueBound(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisSettings.builder().uri("redis://h").cluster(false).nodes(List.of("redis://a", "redis://b"))
            .cluster(false).build());
  }
}
