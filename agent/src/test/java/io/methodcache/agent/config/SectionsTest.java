package io.methodcache.agent.config;

import static io.methodcache.agent.config.RulesParserTest.FILE;
import static io.methodcache.agent.config.RulesParserTest.assertProblems;
import static io.methodcache.agent.config.RulesParserTest.parse;
import static io.methodcache.agent.config.RulesParserTest.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The top-level {@code redis:} and {@code serialization:} sections. */
class SectionsTest {
  static final String RULES = "rules: [{name: a, method: a.B#c}]";
  static final String OFF = " (L2 stays off until this is fixed)";

  @Nested
  class Redis {
    @Test
    void everyKeyIsRead() {
      RulesConfig c = parse(yaml(
          "redis:",
          "  uri: rediss://10.0.0.1:6380/2",
          "  password: ${REDIS_PASSWORD:-}",
          "  timeout: 75ms",
          "  breaker: { failures: 3, open-for: 10s }",
          "  invalidation-log: { max-length: 50_000, replay-queue: 2000 }",
          RULES), Map.of("REDIS_PASSWORD", "s3cret"));
      assertProblems(c);
      RedisConfig r = c.redis();
      assertEquals(List.of("rediss://10.0.0.1:6380/2"), r.uris());
      assertFalse(r.cluster());
      assertFalse(r.sentinel());
      assertTrue(r.tls());
      assertEquals("s3cret", r.password());
      assertEquals(Duration.ofMillis(75), r.timeout());
      assertEquals(3, r.breakerFailures());
      assertEquals(Duration.ofSeconds(10), r.breakerOpenFor());
      assertEquals(50_000, r.streamMaxLength());
      assertEquals(2000, r.replayQueue());
      assertEquals(FILE + ":2:3", r.position().toString());
      assertFalse(r.toString().contains("s3cret"), r.toString());
    }

    @Test
    void builtInDefaultsAndAnEmptyPassword() {
      RulesConfig c = parse(yaml(
          "redis:",
          "  uri: redis://127.0.0.1:6379/0",
          "  password: ${REDIS_PASSWORD:-}",
          RULES));
      assertProblems(c);
      RedisConfig r = c.redis();
      assertNull(r.password(), "empty means none");
      assertEquals(Duration.ofMillis(50), r.timeout());
      assertEquals(5, r.breakerFailures());
      assertEquals(Duration.ofSeconds(5), r.breakerOpenFor());
      assertEquals(10_000, r.streamMaxLength());
      assertEquals(10_000, r.replayQueue());
      assertNull(parse(yaml("redis: {uri: 'redis://h', password: ~}", RULES)).redis().password());
    }

    @Test
    void clusterAndSentinel() {
      RulesConfig cluster = parse(yaml(
          "redis:",
          "  nodes: [redis://10.0.0.1:7000, 'redis://10.0.0.2:7000']",
          RULES));
      assertProblems(cluster);
      assertTrue(cluster.redis().cluster());
      assertEquals(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000"),
          cluster.redis().uris());
      RulesConfig seed = parse(yaml("redis: {nodes: 'rediss://10.0.0.1:7000'}", RULES));
      assertProblems(seed);
      assertTrue(seed.redis().cluster(), "one seed node is enough");
      assertTrue(seed.redis().tls());
      RulesConfig sentinel = parse(yaml(
          "redis: {uri: 'redis-sentinel://:pw@10.0.0.1:26379,10.0.0.2/0#mymaster'}", RULES));
      assertProblems(sentinel);
      assertTrue(sentinel.redis().sentinel());
      assertEquals("redis{uri: redis-sentinel://***@10.0.0.1:26379,10.0.0.2/0#mymaster,"
          + " timeout: 50ms, breaker: {failures: 5, open-for: 5s}, invalidation-log: {max-length:"
          + " 10000, replay-queue: 10000}}", sentinel.redis().toString());
    }

    @Test
    void aRedisSectionMakesBothTiersTheDefault() {
      RulesConfig c = parse(yaml("redis: {uri: 'redis://h:6379'}", RULES));
      assertEquals(EnumSet.of(Tier.L1, Tier.L2), c.rules().get(0).tiers());
    }

    @Test
    void problemsLeaveL2Off() {
      RulesConfig c = parse(yaml(
          "redis:",
          "  uri: http://127.0.0.1:6379",
          "  timeout: 0s",
          "  breaker: { failures: 0, open-for: x }",
          "  invalidation-log: { max-length: -1, replay-queue: 99999999999, maxlen: 3 }",
          "  host: localhost",
          "  tiemout: 1s",
          "rules:",
          "  - {name: a, method: a.B#c}",
          "  - {name: b, method: a.B#c, tiers: [l2], stampede: distributed}"));
      assertProblems(c,
          "2:8: 'uri': unknown scheme 'http://'; use redis://, rediss:// (TLS) or"
              + " redis-sentinel://, e.g. redis://127.0.0.1:6379/0" + OFF,
          "3:12: 'timeout' must be greater than zero, got '0s'; write e.g. timeout: 50ms" + OFF,
          "4:24: 'failures' must be a positive integer, got '0'; write e.g. failures: 5" + OFF,
          "4:37: 'open-for': 'x' is not a duration | e.g. 30s or 1m30s" + OFF,
          "5:35: 'max-length' must be a positive integer, got '-1'; write e.g. max-length: 10000"
              + OFF,
          "5:53: 'replay-queue' is too large, got '99999999999' (at most 2147483647); write e.g."
              + " replay-queue: 10000" + OFF,
          "5:66: unknown key 'maxlen'; valid keys here: max-length, replay-queue" + OFF,
          "6:3: 'host' is part of the URI; write uri: redis://127.0.0.1:6379/0 (rediss:// for"
              + " TLS, /0 is the database)" + OFF,
          "7:3: unknown key 'tiemout' — did you mean 'timeout'?" + OFF);
      assertNull(c.redis());
      assertEquals(2, c.rules().size(), "rules are not skipped for a broken redis: section");
      assertEquals(EnumSet.of(Tier.L2), c.rules().get(1).tiers());
    }

    @Test
    void topology() {
      assertProblems(parse(yaml("redis: {timeout: 1s}", RULES)),
          "1:8: 'redis' needs 'uri' (one server, or Sentinel) or 'nodes' (a Redis Cluster); add"
              + " e.g. uri: redis://127.0.0.1:6379/0" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://a', nodes: ['redis://b:7000']}", RULES)),
          "1:27: 'uri' and 'nodes' are two topologies; keep one: uri for one server or Sentinel,"
              + " nodes for a Redis Cluster" + OFF);
      assertProblems(parse(yaml("redis: {uri: ['redis://a', 'redis://b']}", RULES)),
          "1:14: 'uri' is one URI, but this is a list; for a Redis Cluster write nodes:"
              + " [redis://10.0.0.1:7000, …] instead" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://a:7000,b:7000'}", RULES)),
          "1:14: 'uri': 'a:7000,b:7000' lists several hosts, which only redis-sentinel:// URIs"
              + " do; for a Redis Cluster write nodes: [redis://a:7000, redis://b:7000] instead"
              + " of uri:" + OFF);
    }

    @Test
    void clusterNodes() {
      RulesConfig c = parse(yaml(
          "redis:",
          "  nodes:",
          "    - redis://a:7000",
          "    - rediss://b:7000",
          "    - redis://a:7000",
          "    - redis://c:7000/1",
          "    - redis-sentinel://x#m",
          "    - [redis://d:7000]",
          RULES));
      assertProblems(c,
          "4:7: all nodes of a Cluster use one scheme, but this one is rediss:// and the first is"
              + " redis://; write redis:// for every node (rediss:// for TLS)" + OFF,
          "5:7: 'redis://a:7000' is listed twice in 'nodes' (first at line 3); remove one" + OFF,
          "6:7: 'nodes': a Redis Cluster has only database 0; remove '/1', e.g."
              + " redis://10.0.0.1:7000" + OFF,
          "7:7: 'nodes': a Cluster node is redis:// or rediss://, not redis-sentinel://; for"
              + " Sentinel write uri: redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster"
              + " instead of nodes:" + OFF,
          "8:7: each entry of 'nodes' is one URI, but this is a list; write e.g. nodes:"
              + " [redis://10.0.0.1:7000, redis://10.0.0.2:7000]" + OFF);
      assertProblems(parse(yaml("redis: {nodes: []}", RULES)),
          "1:16: 'nodes' is empty; list the Cluster's nodes (some are enough), e.g. nodes:"
              + " [redis://10.0.0.1:7000, redis://10.0.0.2:7000]" + OFF);
    }

    @Test
    void signingKeysComeOnlyFromTheEnvironment() {
      String key = "k".repeat(40);
      RedisConfig r = parse(yaml(
          "redis:",
          "  uri: redis://h",
          "  signing-key: ${SIGN}",
          "  signing-key-previous: ${OLD_SIGN}",
          RULES), Map.of("SIGN", key, "OLD_SIGN", "o".repeat(32))).redis();
      assertEquals(key, new String(r.signingKey(), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals("o".repeat(32),
          new String(r.previousSigningKey(), java.nio.charset.StandardCharsets.UTF_8));
      assertFalse(r.toString().contains(key), r.toString());
      assertTrue(r.toString().contains("signing-key: ***"), r.toString());
      assertProblems(parse(yaml("redis: {uri: 'redis://h', signing-key: " + key + "}", RULES)),
          "1:40: 'signing-key' must name an environment variable, e.g. signing-key:"
              + " ${METHODCACHE_SIGNING_KEY}: a signing key written in the rules file would be"
              + " readable by whoever can read the file" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://h', signing-key: '${SIGN}'}", RULES),
          Map.of("SIGN", "short")),
          "1:40: 'signing-key': the key in ${SIGN} has 5 bytes; use at least 32 random bytes,"
              + " e.g. the output of openssl rand -base64 48" + OFF);
      assertNull(parse(yaml("redis: {uri: 'redis://h'}", RULES)).redis().signingKey());
    }

    @Test
    void passwords() {
      RulesConfig twice = parse(yaml(
          "redis:",
          "  uri: redis://:inline@h:6379",
          "  password: ${REDIS_PASSWORD}",
          RULES), Map.of("REDIS_PASSWORD", "env"));
      assertProblems(twice, "3:13: the password is given twice, in the URI and in 'password';"
          + " keep one (password: ${REDIS_PASSWORD} keeps it out of the file)" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://h', password: '${REDIS_PASSWORD}'}", RULES)),
          "1:37: 'password': environment variable REDIS_PASSWORD is not set and has no default;"
              + " write ${REDIS_PASSWORD:-} or set it" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://h', password: [a]}", RULES)),
          "1:37: 'password' must be a single value, but this is a list; write e.g. password:"
              + " ${REDIS_PASSWORD:-}" + OFF);
    }

    @Test
    void aPasswordNeverAppearsInAMessage() {
      RulesConfig c = parse(yaml(
          "redis:",
          "  uri: 'redis://user:hunter2@h:99999'",
          RULES));
      assertProblems(c, "2:8: 'uri': port '99999' of 'h:99999' must be a number from 1 to 65535,"
          + " e.g. redis://127.0.0.1:6379/0" + OFF);
      assertProblems(parse(yaml("redis: 'redis://user:hunter2@h'", RULES)),
          "1:8: 'redis' must be a mapping, but this is the text 'redis://***@h'; write e.g. redis:"
              + " {uri: redis://***@h}" + OFF);
      for (Problem p : parse(yaml("redis: {uri: 'redis://:hunter2@'}", RULES)).problems()) {
        assertFalse(p.message().contains("hunter2"), p.toString());
      }
    }

    @Test
    void emptyOrWrongShape() {
      assertProblems(parse(yaml("redis:", RULES)),
          "1:1: 'redis' is empty; write e.g. redis: {uri: redis://127.0.0.1:6379/0}, or remove"
              + " it" + OFF);
      assertProblems(parse(yaml("redis: {uri: 'redis://h', breaker: 5}", RULES)),
          "1:36: 'breaker' must be a mapping, but this is the text '5'; write e.g. breaker:"
              + " {failures: 5, open-for: 5s}" + OFF);
    }

    @Test
    void keysInTheWrongPlace() {
      assertProblems(parse(yaml(
          "uri: redis://h",
          "allow: [com.shop.**]",
          "redis: {uri: 'redis://h', ttl: 5m, serialization: {}}",
          RULES)),
          "1:1: 'uri' is a setting of 'redis:'; indent it under redis:",
          "2:1: 'allow' is a setting of 'serialization:'; write serialization: {allow:"
              + " [\"com.shop.**\"]}",
          "3:27: 'ttl' is a rule setting, not a setting of 'redis:'; put it inside a rule or"
              + " under 'defaults:'" + OFF,
          "3:36: unknown key 'serialization'; valid keys here: uri, nodes, password, timeout,"
              + " breaker, invalidation-log, signing-key, signing-key-previous" + OFF);
    }
  }

  @Nested
  class Serialization {
    @Test
    void patterns() {
      RulesConfig c = parse(yaml(
          "serialization:",
          "  allow: [\"com.shop.**\", \"com.shop.model.Product\", 'org.acme.*Dto']",
          RULES));
      assertProblems(c);
      SerializationConfig s = c.serialization();
      assertEquals(List.of("com.shop.**", "com.shop.model.Product", "org.acme.*Dto"), s.allow());
      assertEquals(FILE + ":2:3", s.position().toString());
      assertTrue(s.allows("com.shop.model.Product"));
      assertTrue(s.allows("com.shop.a.b.C$D"));
      assertTrue(s.allows("org.acme.PriceDto"));
      assertFalse(s.allows("org.acme.sub.PriceDto"));
      assertFalse(s.allows("org.apache.commons.collections.functors.InvokerTransformer"));
    }

    @Test
    void absentOrEmptyAllowsNothing() {
      for (String text : List.of(RULES, yaml("serialization:", RULES),
          yaml("serialization: {allow: []}", RULES), yaml("serialization: {allow: ~}", RULES))) {
        RulesConfig c = parse(text);
        assertProblems(c);
        assertEquals(List.of(), c.serialization().allow());
        assertFalse(c.serialization().allows("com.shop.Product"));
      }
      assertSame(SerializationConfig.none(), parse(RULES).serialization());
      assertNull(SerializationConfig.none().position());
    }

    @Test
    void aSinglePattern() {
      RulesConfig c = parse(yaml("serialization: {allow: com.shop.**}", RULES));
      assertProblems(c);
      assertEquals(List.of("com.shop.**"), c.serialization().allow());
    }

    @Test
    void badPatternsAreLeftOut() {
      RulesConfig c = parse(yaml(
          "serialization:",
          "  allow:",
          "    - com.**",
          "    - '**'",
          "    - com..shop",
          "    - com.shop.**",
          "    - com.shop.**",
          "    - com/shop/X",
          "    - 'com.shop.Repo#find'",
          "    - [x]",
          "  deny: [x]",
          "  allowed: [x]",
          RULES));
      assertProblems(c,
          "3:7: 'allow': 'com.**' would let the codec read back classes of every library under"
              + " 'com.', deserialization gadgets included; name at least two package levels"
              + " before a wildcard, e.g. com.shop.** (this pattern is left out)",
          "4:7: 'allow': '**' would let the codec read back classes of any package,"
              + " deserialization gadgets included | e.g. com.shop.** (this pattern is left out)",
          "5:7: 'allow': pattern 'com..shop' has an empty name segment (a leading, trailing or"
              + " doubled '.') | (this pattern is left out)",
          "7:7: 'com.shop.**' is listed twice in 'allow' (first at line 6); remove one",
          "8:7: 'allow': pattern 'com/shop/X' uses '/'; write a binary name with dots, e.g."
              + " com.shop.X (this pattern is left out)",
          "9:7: 'allow': 'com.shop.Repo#find' is not a class pattern; write class names only",
          "10:7: each entry of 'allow' is one class pattern, but this is a list",
          "11:3: only an allow-list is read: every class it does not allow (besides the JDK's"
              + " value types) is refused; remove 'deny'",
          "12:3: unknown key 'allowed' — did you mean 'allow'?");
      assertEquals(List.of("com.shop.**"), c.serialization().allow());
      assertEquals(1, c.rules().size(), "rules do not depend on the section");
    }

    @Test
    void wrongShape() {
      RulesConfig c = parse(yaml("serialization: [com.shop.**]", RULES));
      assertProblems(c, "1:16: 'serialization' must be a mapping, but this is a list; write e.g."
          + " serialization: {allow: [\"com.shop.**\"]}");
      assertEquals(List.of(), c.serialization().allow());
    }
  }
}
