package io.methodcache.it;

import static io.methodcache.it.L2Support.CATALOG;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.it.L2Group.App;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tags and write-through across two JVMs sharing Redis. A tag eviction in A makes B's copies of
 * exactly the tagged entries stale — in B's L1 (the event) and in L2 (the value's tag version no
 * longer current), so B reloads rather than reading the old value back from Redis. A put in A
 * serves the written value in A at once and writes it to L2, where B reads it.
 */
class L2TagsAndPutIT {
  private static final long FRESH_WITHIN_NANOS = 5_000_000_000L;

  @Test
  void tagEvictionsAndPutsReachTheOtherJvmAndRedis() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("tags")) {
      List<String> lines = new ArrayList<>(rules(standalone(redis.uri()), rule("lookup"),
          rule("page", "tags: [\"product:{0}\", catalog]")));
      lines.add("  - name: touch");
      lines.add("    method: " + CATALOG + "#touch(long)");
      lines.add("    evict: { tag: \"product:{0}\" }");
      lines.add("  - name: reindex");
      lines.add("    method: " + CATALOG + "#reindex()");
      lines.add("    evict: { tag: catalog }");
      lines.add("  - name: update");
      lines.add("    method: " + CATALOG + "#update(long)");
      lines.add("    put: { rule: lookup, key: \"{0}\" }");
      Path rules = writeRules(g.work, lines);
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();

        assertEquals("page-1@v1", a.value("page", 1));
        assertEquals("page-2@v1", a.value("page", 2));
        assertEquals("page-1@v1", b.value("page", 1), "B reads A's value from L2");
        assertEquals("page-2@v1", b.value("page", 2));
        assertEquals(0, b.bodies("page"));

        a.ask("touch 1"); // evicts tag product:1
        long t0 = System.nanoTime();
        awaitValue(b, "page", 1, "page-1@v2");
        long touchMicros = (System.nanoTime() - t0) / 1_000;
        assertEquals(1, b.bodies("page"), "B loaded page 1: L2's copy carries the old tag version");
        assertEquals("page-2@v1", b.value("page", 2), "product:2 was not evicted");
        assertEquals(1, b.bodies("page"));
        assertEquals("page-1@v2", a.value("page", 1), "A's next read is fresh too");

        a.ask("reindex"); // evicts tag catalog: every page, in both JVMs and in L2
        t0 = System.nanoTime();
        awaitValue(b, "page", 2, "page-2@v2");
        long reindexMicros = (System.nanoTime() - t0) / 1_000;
        awaitValue(b, "page", 1, "page-1@v3");
        assertEquals("page-1@v3", a.value("page", 1));
        assertEquals("page-2@v2", a.value("page", 2));

        assertEquals("item-7@v1", a.value("lookup", 7));
        assertEquals("item-7@v1", b.value("lookup", 7));
        int aBodies = a.bodies("lookup");
        String written = a.ask("update 7");
        assertEquals("item-7@v2", written);
        Object inRedis = redis.call("GET", "it:v1:lookup:g" + redis.call("GET", "it:v1:lookup:gen")
            + ":7"); // generations are random
        assertTrue(inRedis instanceof String && ((String) inRedis).contains("item-7@v2"),
            () -> "L2 holds the put's value: " + inRedis);
        assertEquals("item-7@v2", a.value("lookup", 7), "A serves the written value");
        assertEquals(aBodies, a.bodies("lookup"), "without running the method");
        t0 = System.nanoTime();
        awaitValue(b, "lookup", 7, "item-7@v2");
        long putMicros = (System.nanoTime() - t0) / 1_000;

        figure("tags-and-put", "B fresh after A's tag eviction product:1 in " + touchMicros / 1000.0
            + " ms, catalog in " + reindexMicros / 1000.0 + " ms; after A's put in "
            + putMicros / 1000.0 + " ms (lookup bodies in B: " + b.bodies("lookup") + ")");
        g.finish();
      });
    }
  }

  /** Reads until the value is {@code expected}; fails after a bound no healthy run comes near. */
  private static void awaitValue(App app, String method, long id, String expected) {
    long t0 = System.nanoTime();
    String last;
    while (!(last = app.value(method, id)).equals(expected)) {
      String seen = last;
      assertTrue(System.nanoTime() - t0 < FRESH_WITHIN_NANOS,
          () -> app + " still reads " + seen + " for " + method + "(" + id + "), 5 s after the write");
    }
  }
}
