package io.methodcache.it;

import static io.methodcache.it.L2Support.awaitKey;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.keys;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.L2Group.App;
import io.methodcache.it.L2Support.Envelope;
import io.methodcache.agent.redis.RedisServerFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two and three JVMs against one redis-server: a value loaded in one JVM is an L2 hit in the
 * others (their bodies do not run), for String, primitive, object and cached-null results; a
 * {@code tiers: [l2]} rule keeps no in-process copy; the keys and envelopes in Redis have the
 * documented layout; nothing is printed on stderr. The third JVM runs on another JDK when the
 * machine has one (values written by one JDK's serialization, read by another's).
 */
class L2SharingIT {
  @Test
  void valuesLoadedInOneJvmAreL2HitsInTheOthers() {
    Jdk jdk = L2Support.jdk();
    Jdk third = L2Support.otherJdk(jdk).orElse(jdk);
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("sharing")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()),
          rule("lookup"),
          rule("price"),
          rule("item"),
          rule("maybe", "cache-nulls: 5m"),
          rule("direct", "tiers: [l2]")));
      g.check(() -> {
        long started = System.currentTimeMillis();
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        figure("sharing", "A connected: " + a.awaitL2() + "; B connected: " + b.awaitL2());

        // A loads: every body runs once in A
        assertArrayEquals(new String[] {"1", "item-42@v1"}, a.get("lookup", 42));
        assertArrayEquals(new String[] {"1", "4201L"}, a.get("price", 42));
        String item = "Item{id=42,name=item-42,version=1,price=42.01,since=2020-02-12,tags=[t0, v1],"
            + "stock={north=42, south=1}}";
        assertArrayEquals(new String[] {"1", item}, a.get("item", 42));
        assertArrayEquals(new String[] {"1", "null"}, a.get("maybe", 42));
        assertArrayEquals(new String[] {"2", "odd-43@v1"}, a.get("maybe", 43));
        assertArrayEquals(new String[] {"1", "direct-42@v1"}, a.get("direct", 42));

        // the writes are asynchronous: wait until Redis has each key
        String lookupKey = awaitKey(redis, "it:v1:lookup:g*:42", "it:v1:lookup:g\\d+:42");
        String priceKey = awaitKey(redis, "it:v1:price:g*:42", "it:v1:price:g\\d+:42");
        awaitKey(redis, "it:v1:item:g*:42", "it:v1:item:g\\d+:42");
        String nullKey = awaitKey(redis, "it:v1:maybe:g*:42", "it:v1:maybe:g\\d+:42");
        awaitKey(redis, "it:v1:maybe:g*:43", "it:v1:maybe:g\\d+:43");
        awaitKey(redis, "it:v1:direct:g*:42", "it:v1:direct:g\\d+:42");

        // B: the same values, no body runs
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42), "B lookup 42");
        assertArrayEquals(new String[] {"0", "4201L"}, b.get("price", 42), "B price 42 (primitive)");
        assertArrayEquals(new String[] {"0", item}, b.get("item", 42), "B item 42 (object)");
        assertArrayEquals(new String[] {"0", "null"}, b.get("maybe", 42), "B maybe 42 (cached null)");
        assertArrayEquals(new String[] {"0", "odd-43@v1"}, b.get("maybe", 43), "B maybe 43");
        assertArrayEquals(new String[] {"0", "direct-42@v1"}, b.get("direct", 42), "B direct 42");
        // and again (from B's L1, or L2 for direct)
        assertArrayEquals(new String[] {"0", "item-42@v1"}, b.get("lookup", 42));
        assertArrayEquals(new String[] {"0", "direct-42@v1"}, b.get("direct", 42));
        assertArrayEquals(new String[] {"1", "direct-42@v1"}, a.get("direct", 42));
        assertEquals(1, b.ruleLong("lookup", "L2Hits"), "B lookup L2Hits");
        assertEquals(0, b.ruleLong("lookup", "L2Misses"), "B lookup L2Misses");
        String aCounters = a.ask("rule lookup L2Hits L2Misses L2Errors L2Timeouts");
        assertEquals("0|1|0|0", aCounters, "A lookup L2Hits|L2Misses|L2Errors|L2Timeouts (one miss: its first call)");
        assertTrue(b.ruleLong("direct", "L2Hits") >= 2, "B direct L2Hits");
        // tiers: [l2] keeps no in-process copy
        assertEquals(0, a.ruleLong("direct", "Size"), "A direct Size (tiers: [l2])");
        assertEquals(0, b.ruleLong("direct", "Size"), "B direct Size (tiers: [l2])");
        assertEquals(1, b.ruleLong("lookup", "Size"), "B lookup Size (L1 filled from L2)");

        // the key layout and the envelope, read by the test itself
        assertEquals(List.of(lookupKey), keys(redis, "it:v1:lookup:g*", "it:v1:lookup:g\\d+:.*"));
        Envelope e = Envelope.decode(L2Support.getBytes(redis, lookupKey));
        assertNotNull(e, "the value of " + lookupKey + " is not a well-formed envelope");
        assertEquals("jdk", e.codec, "codec id");
        assertEquals(0, e.flags, "flags");
        assertEquals(300_000, e.ttl, "ttl in the envelope (5m)");
        long now = System.currentTimeMillis();
        assertTrue(e.writtenAt >= started - 1_000 && e.writtenAt <= now, () -> "written-at " + e.writtenAt);
        assertEquals("item-42@v1", L2Support.readJdkValue(e.payload), "payload");
        long pttl = (Long) redis.call("PTTL", lookupKey);
        assertTrue(pttl > 0 && pttl <= 300_000, () -> "PTTL " + pttl + " of " + lookupKey);
        Envelope p = Envelope.decode(L2Support.getBytes(redis, priceKey));
        assertNotNull(p);
        assertEquals(4201L, L2Support.readJdkValue(p.payload), "the primitive travels boxed");
        Envelope n = Envelope.decode(L2Support.getBytes(redis, nullKey));
        assertNotNull(n, "cached null envelope");
        assertTrue(n.isNull() && n.payload.length == 0, () -> "cached null: " + n);
        figure("sharing", "keys " + keys(redis, "it:*", ".*") + "; lookup envelope " + e
            + "; PTTL " + pttl);

        // a third JVM (another JDK when there is one) shares both ways
        App c = g.start("C", third, rules);
        c.awaitL2();
        assertArrayEquals(new String[] {"0", "item-42@v1"}, c.get("lookup", 42), "C lookup 42");
        assertArrayEquals(new String[] {"0", item}, c.get("item", 42), "C item 42");
        assertArrayEquals(new String[] {"0", "4201L"}, c.get("price", 42), "C price 42");
        assertArrayEquals(new String[] {"1", "item-44@v1"}, c.get("lookup", 44), "C loads 44");
        assertArrayEquals(new String[] {"1", "Item{id=44,name=item-44,version=1,price=44.01,since=2020-02-14,"
            + "tags=[t2, v1],stock={north=44, south=1}}"}, c.get("item", 44), "C loads item 44");
        awaitKey(redis, "it:v1:lookup:g*:44", "it:v1:lookup:g\\d+:44");
        awaitKey(redis, "it:v1:item:g*:44", "it:v1:item:g\\d+:44");
        assertArrayEquals(new String[] {"1", "item-44@v1"}, a.get("lookup", 44), "A reads C's 44");
        assertArrayEquals(new String[] {"0", "item-44@v1"}, b.get("lookup", 44), "B reads C's 44");
        assertEquals("0", b.get("item", 44)[0], "B reads C's item 44");
        assertEquals("1", a.get("item", 44)[0], "A reads C's item 44");
        figure("sharing", "3 JVMs: A and B on " + jdk + ", C on " + third
            + "; bodies of lookup A/B/C = " + a.bodies("lookup") + "/" + b.bodies("lookup") + "/"
            + c.bodies("lookup"));
      });
      Map<String, ForkResult> results = g.finish();
      results.values().forEach(Checks::silentStderr);
    }
  }

  @Test
  void aNonSerializableResultMakesItsRuleL1OnlyWithOneWarning() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("unserializable")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()), rule("widget"), rule("lookup")));
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        a.awaitL2();
        assertArrayEquals(new String[] {"1", "Widget#1"}, a.get("widget", 1));
        assertArrayEquals(new String[] {"1", "Widget#1"}, a.get("widget", 1), "an L1 hit still");
        assertArrayEquals(new String[] {"2", "Widget#2"}, a.get("widget", 2));
        assertArrayEquals(new String[] {"2", "Widget#2"}, a.get("widget", 2));
        assertArrayEquals(new String[] {"3", "Widget#3"}, a.get("widget", 3));
        // other rules still use L2
        assertArrayEquals(new String[] {"1", "item-1@v1"}, a.get("lookup", 1));
        awaitKey(redis, "it:v1:lookup:g*:1", "it:v1:lookup:g\\d+:1");
        assertEquals(List.of(), keys(redis, "it:v1:widget:*", "it:v1:widget:g\\d+:.*"),
            "no L2 entry of the non-serializable rule");
      });
      ForkResult r = g.finish().get("A");
      List<String> stderr = r.stderrLines();
      figure("unserializable", "stderr " + stderr);
      assertEquals(1, stderr.size(), () -> "exactly one warning line on stderr\n" + r.describe());
      assertTrue(stderr.get(0).contains("widget"), () -> "the warning names the rule\n" + r.describe());
    }
  }
}
