package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The immutable model as code (the engine, tests) builds it, without a rules file. */
class ModelTest {
  static final SourcePosition AT = new SourcePosition("f.yaml", 3, 5);

  private static RuleConfig.Builder minimal() {
    return RuleConfig.builder().name("a").method(MethodPattern.parse("a.B#c(long)")).position(AT);
  }

  @Test
  void ruleBuilderDefaults() {
    RuleConfig r = minimal().build();
    assertEquals(EnumSet.of(Tier.L1), r.tiers());
    assertNull(r.l1Ttl());
    assertEquals(Mode.CACHE_ASIDE, r.mode());
    assertEquals(RuleConfig.DEFAULT_REFRESH_AT, r.refreshAt(), 1e-12);
    assertNull(r.earlyExpiry());
    assertEquals(List.of(), r.tags());
    assertFalse(r.copyOnRead());
    assertEquals(List.of(), r.evict());
    assertNull(r.put());
    assertFalse(r.isWriteRule());
    assertEquals(Duration.ofMinutes(5), r.ttl(), "the existing defaults stay");
    assertEquals(Stampede.LOCAL, r.stampede());
  }

  @Test
  void ruleIsImmutable() {
    Set<Tier> tiers = EnumSet.of(Tier.L1, Tier.L2);
    List<KeyTemplate> tags = new java.util.ArrayList<>(List.of(KeyTemplate.parseTag("x")));
    RuleConfig r = minimal().tiers(tiers).tags(tags).build();
    tiers.remove(Tier.L2);
    tags.clear();
    assertEquals(EnumSet.of(Tier.L1, Tier.L2), r.tiers());
    assertEquals(1, r.tags().size());
    assertThrows(UnsupportedOperationException.class, () -> r.tiers().add(Tier.L1));
    assertThrows(UnsupportedOperationException.class, () -> r.tags().clear());
    assertThrows(IllegalArgumentException.class, () -> minimal().tiers(Set.of()).build());
  }

  @Test
  void writeRules() {
    EvictTarget e = EvictTarget.all("b", true, AT);
    RuleConfig w = minimal().evict(List.of(e)).build();
    assertTrue(w.isWriteRule());
    PutTarget p = new PutTarget("b", KeyTemplate.parse("{0}"), AT);
    assertTrue(minimal().put(p).build().isWriteRule());
    assertEquals("{rule: b, all: true, before: true}", e.toString());
    assertEquals("{rule: b, key: \"{0}\"}", p.toString());
    assertEquals(Tier.L2, minimal().tiers(Tier.L2).build().tiers().iterator().next());
  }

  @Test
  void evictTargetsNameExactlyOneThing() {
    KeyTemplate k = KeyTemplate.parse("{0}");
    KeyTemplate t = KeyTemplate.parseTag("catalog");
    assertEquals(EvictTarget.Kind.KEY, EvictTarget.key("b", k, false, AT).kind());
    assertEquals(EvictTarget.Kind.TAG, EvictTarget.tag(t, false, AT).kind());
    assertEquals(EvictTarget.Kind.ALL, EvictTarget.all("b", false, AT).kind());
    assertThrows(IllegalArgumentException.class, () -> new EvictTarget("b", k, t, false, false, AT));
    assertThrows(IllegalArgumentException.class, () -> new EvictTarget("b", k, null, true, false, AT));
    assertThrows(IllegalArgumentException.class, () -> new EvictTarget("b", null, null, false, false,
        AT));
    assertThrows(IllegalArgumentException.class, () -> new EvictTarget("b", null, t, false, false, AT),
        "a tag names no rule");
    assertThrows(IllegalArgumentException.class, () -> new EvictTarget(null, k, null, false, false,
        AT), "a key needs a rule");
    assertThrows(NullPointerException.class, () -> new PutTarget("b", null, AT));
  }

  @Test
  void earlyExpiry() {
    EarlyExpiry e = new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, 1.5);
    assertEquals(1.5, e.beta(), 1e-12);
    assertEquals(new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, 1.5), e);
    assertEquals("{strategy: xfetch, beta: 1.5}", e.toString());
    assertThrows(IllegalArgumentException.class,
        () -> new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, Double.POSITIVE_INFINITY));
  }

  @Test
  void redisBuilder() {
    RedisConfig r = RedisConfig.builder().uri("redis://h").build();
    assertEquals(List.of("redis://h"), r.uris());
    assertFalse(r.cluster());
    assertNull(r.password());
    assertNull(r.position());
    assertEquals(RedisConfig.DEFAULT_TIMEOUT, r.timeout());
    RedisConfig c = RedisConfig.builder().nodes(List.of("rediss://a:7000", "rediss://b:7000"))
        .password("").build();
    assertTrue(c.cluster());
    assertTrue(c.tls());
    assertNull(c.password(), "empty means none");
    assertThrows(IllegalArgumentException.class, () -> RedisConfig.builder().build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisConfig.builder().uri("redis://h").timeout(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisConfig.builder().uri("redis://h").breakerFailures(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> RedisConfig.builder().uri("redis://h").replayQueue(0).build());
    String shown = RedisConfig.builder().uri("redis://u:pw@h").password("pw2").build().toString();
    assertFalse(shown.contains("pw"), shown.replace("password: ***", ""));
  }

  @Test
  void rulesConfigKeepsItsOldConstructor() {
    RuleConfig a = minimal().build();
    RulesConfig c = new RulesConfig("f.yaml", "shop", false, List.of(a), List.of());
    assertNull(c.redis());
    assertSame(SerializationConfig.none(), c.serialization());
    assertSame(a, c.rule("a"));
    assertNull(c.rule("b"));
    RedisConfig redis = RedisConfig.builder().uri("redis://h").build();
    SerializationConfig s = new SerializationConfig(List.of("com.shop.**"), AT);
    RulesConfig d = new RulesConfig("f.yaml", "shop", true, List.of(), List.of(), redis, s);
    assertSame(redis, d.redis());
    assertSame(s, d.serialization());
  }

  @Test
  void enumsAsWritten() {
    assertEquals("l1", Tier.L1.key());
    assertEquals("l2", Tier.L2.key());
    assertEquals("cache-aside", Mode.CACHE_ASIDE.key());
    assertEquals("refresh-ahead", Mode.REFRESH_AHEAD.key());
    assertEquals("xfetch", EarlyExpiry.Strategy.XFETCH.key());
    assertEquals(List.of(Stampede.LOCAL, Stampede.NONE, Stampede.DISTRIBUTED),
        List.of(Stampede.values()), "existing ordinals stay");
  }
}
