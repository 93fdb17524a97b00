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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A write rule across two JVMs: A writes through {@code Catalog#save} (whose rule evicts the
 * {@code lookup} key), B keeps reading. After each write, B's reads turn fresh within a bound
 * measured here (it never serves the old value for long), and once the writer stops every read in
 * both JVMs returns the last written value.
 */
class L2WriteConsistencyIT {
  private static final int WRITES = 300;
  private static final int KEYS = 4;

  @Test
  void readsInTheOtherJvmTurnFreshAfterEachWrite() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("write")) {
      List<String> lines = new ArrayList<>(rules(standalone(redis.uri()), rule("lookup")));
      lines.add("  - name: save");
      lines.add("    method: " + CATALOG + "#save(long)");
      lines.add("    evict: { rule: lookup, key: \"{0}\" }");
      Path rules = writeRules(g.work, lines);
      g.check(() -> {
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();
        List<Long> staleMicros = new ArrayList<>();
        int[] last = new int[KEYS];
        int reads = 0;
        for (int i = 0; i < WRITES; i++) {
          long id = 100 + i % KEYS;
          b.get("lookup", id); // B holds the current value in L1 (or loads it)
          int version = Integer.parseInt(a.ask("save " + id));
          last[i % KEYS] = version;
          String fresh = "item-" + id + "@v" + version;
          assertEquals(fresh, a.get("lookup", id)[1], "the writer's own next read is fresh");
          long t0 = System.nanoTime();
          while (!fresh.equals(b.get("lookup", id)[1])) {
            reads++;
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L,
                "B still stale 5 s after write " + i + " of key " + id);
          }
          reads++;
          staleMicros.add((System.nanoTime() - t0) / 1_000);
        }
        for (int k = 0; k < KEYS; k++) {
          String fresh = "item-" + (100 + k) + "@v" + last[k];
          assertEquals(fresh, a.get("lookup", 100 + k)[1], "A after the writer stopped");
          assertEquals(fresh, b.get("lookup", 100 + k)[1], "B after the writer stopped");
        }
        Collections.sort(staleMicros);
        figure("write-consistency", WRITES + " writes in A over " + KEYS + " keys, " + reads
            + " reads in B: B fresh after p50 " + staleMicros.get(WRITES / 2) / 1000.0
            + " ms, p99 " + staleMicros.get(WRITES * 99 / 100) / 1000.0 + " ms, max "
            + staleMicros.get(WRITES - 1) / 1000.0 + " ms (includes the test's own round trips)");
      });
    }
  }
}
