package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedisUrisTest {

  private static String error(String uri, boolean node) {
    return assertThrows(IllegalArgumentException.class, () -> RedisUris.check(uri, node))
        .getMessage();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "redis://127.0.0.1:6379/0", "redis://localhost", "redis://h:6379", "redis://h/", "redis://h/15",
      "rediss://cache.internal:6380/1", "redis://:pw@h:6379/0", "redis://user:p%40ss@h",
      "redis://user:p@ss@h", "redis://[::1]:6379/0", "redis://[fe80::1%25eth0]",
      "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster", "redis-sentinel://h#m",
      "redis-sentinel://:pw@h1,h2:26380#master-1", " redis://h "})
  void valid(String uri) {
    RedisUris.check(uri, false);
  }

  @Test
  void whatAValidUriSays() {
    RedisUris.Parsed p = RedisUris.check("redis-sentinel://u:pw@a:1,b/3#m", false);
    assertEquals("redis-sentinel", p.scheme);
    assertTrue(p.hasPassword);
    assertEquals(List.of("a:1", "b"), p.hosts);
    assertEquals(3, p.database);
    assertFalse(RedisUris.check("rediss://h", true).hasPassword);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''| the URI is empty; write e.g. redis://127.0.0.1:6379/0",
      "localhost:6379| 'localhost:6379' is not a Redis URI; write scheme://host:port, e.g."
          + " redis://127.0.0.1:6379/0 — add the scheme: redis://localhost:6379",
      "http://h| unknown scheme 'http://'; use redis://, rediss:// (TLS) or redis-sentinel://,"
          + " e.g. redis://127.0.0.1:6379/0",
      "redis+ssl://h| unknown scheme 'redis+ssl://'; for TLS write rediss://",
      "redis-socket:///tmp/r.sock| unknown scheme 'redis-socket://'; Unix sockets are not"
          + " supported; use redis://, rediss:// (TLS) or redis-sentinel://",
      "REDIS://h| write the scheme in lower case: redis://",
      "redis://h#m| '#m' names a Sentinel master, which only redis-sentinel:// URIs have; remove"
          + " it, e.g. redis://127.0.0.1:6379/0",
      "redis-sentinel://h:26379| a redis-sentinel:// URI ends with '#' and the master's name, e.g."
          + " redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster",
      "redis://h?timeout=1s| query parameters ('?timeout=1s') are not read; remove them and use the"
          + " keys of 'redis:' (timeout, password)",
      "redis://h/x| the database after '/' must be a number, got 'x'; write e.g."
          + " redis://127.0.0.1:6379/0",
      "redis://| the host is missing; write e.g. redis://127.0.0.1:6379/0",
      "redis://:6379| the host is missing before ':6379'; write e.g. redis://127.0.0.1:6379/0",
      "redis://h:0| port '0' of 'h:0' must be a number from 1 to 65535",
      "redis://h:http| port 'http' of 'h:http' must be a number from 1 to 65535",
      "redis://h:1:2| 'h:1:2' has more than one ':'; an IPv6 address goes in brackets, e.g."
          + " redis://[::1]:6379",
      "redis://[::1| '[::1': the IPv6 address has no closing ']'",
      "redis://[::1]6379| '[::1]6379': expected ':port' after ']'",
      "redis://h_st!| host 'h_st!' has '!'; a host is a name or an address",
      "redis://a,b| 'a,b' lists several hosts, which only redis-sentinel:// URIs do; for a Redis"
          + " Cluster write nodes: [redis://a, redis://b] instead of uri:",
      "redis-sentinel://a,,b#m| an empty host (a doubled or trailing ',')",
      "redis://@h| nothing follows '//' before '@'; write user:password@ or :password@, or put the"
          + " password under password: (e.g. password: ${REDIS_PASSWORD})",
      "redis://user:@h| nothing follows 'user:' before '@'",
      "redis://h st| 'redis://h st' contains a space or control character; write it without one,"
          + " e.g. redis://127.0.0.1:6379/0"})
  void invalid(String uri, String message) {
    String e = error(uri, false);
    assertTrue(e.startsWith(message.trim()), e);
  }

  @Test
  void clusterNodes() {
    RedisUris.check("redis://10.0.0.1:7000", true);
    RedisUris.check("rediss://10.0.0.1:7000/0", true);
    assertTrue(error("redis://h/1", true).startsWith("a Redis Cluster has only database 0; remove"
        + " '/1', e.g. redis://10.0.0.1:7000"));
    assertTrue(error("redis-sentinel://h#m", true).startsWith("a Cluster node is redis:// or"
        + " rediss://, not redis-sentinel://"));
    assertTrue(error("http://h", true).endsWith("use redis:// or rediss:// (TLS), e.g."
        + " redis://10.0.0.1:7000"));
  }

  @Test
  void messagesNeverShowThePassword() {
    for (String uri : List.of("redis://u:hunter2@h:0", "redis://u:hunter2@", "u:hunter2@h:1",
        "redis://u:hunter2@h x", "redis://u:hunter2@h?x=1", "redis://u:hunter2@a,b")) {
      assertFalse(error(uri, false).contains("hunter2"), uri);
    }
  }

  @Test
  void redaction() {
    assertEquals("redis://***@h:6379/0", RedisConfig.redact("redis://u:pw@h:6379/0"));
    assertEquals("redis://***@h", RedisConfig.redact("redis://u:p@ss@h"));
    assertEquals("redis://h", RedisConfig.redact("redis://h"));
    assertEquals("redis-sentinel://***@h#m@x", RedisConfig.redact("redis-sentinel://:pw@h#m@x"));
    assertEquals("***@h:1", RedisConfig.redact("u:pw@h:1"));
    assertEquals("h:1", RedisConfig.redact("h:1"));
  }
}
