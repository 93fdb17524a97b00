package io.methodcache.it;

import static io.methodcache.it.L2InvalidationIT.awaitFresh;
import static io.methodcache.it.L2InvalidationIT.syncReaders;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.setVersion;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.L2Group.App;
import io.methodcache.agent.redis.RedisClusterFixture;
import io.methodcache.agent.redis.RedisServerFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A 3-master Redis Cluster started by the test (loopback ports, slots 0-5460 / 5461-10922 /
 * 10923-16383 assigned by the test): two JVMs share values whose keys land in different slots and
 * nodes, cross-JVM invalidation and invalidate-all work, and so does the distributed lock.
 */
class L2ClusterIT {
  @Test
  void twoJvmsShareInvalidateAndLockAcrossTheClustersSlots() {
    Jdk jdk = L2Support.jdk();
    try (RedisClusterFixture cluster = RedisClusterFixture.start(); L2Group g = new L2Group("cluster")) {
      List<String> redis = List.of(
          "nodes: [" + String.join(", ", cluster.nodeUris()) + "]",
          "timeout: " + L2Support.FUNCTIONAL_TIMEOUT,
          "breaker: { failures: 5, open-for: 1s }");
      Path rules = writeRules(g.work, rules(redis,
          rule("lookup"),
          rule("slow", "stampede: distributed")));
      g.check(() -> {
        App a = g.start("A", jdk, rules, "-Dl2.slow.millis=300");
        App b = g.start("B", jdk, rules, "-Dl2.slow.millis=300");
        a.awaitL2();
        b.awaitL2();
        syncReaders(a, b);

        // A loads 12 keys; each lands on the node that owns its slot
        String av = a.ask("gets lookup 1 12");
        assertTrue(av.startsWith("12 "), av);
        Map<Integer, String> nodeOf = new TreeMap<>();
        Map<Integer, Long> slotOf = new TreeMap<>();
        for (int id = 1; id <= 12; id++) {
          int key = id;
          String[] where = new String[2];
          L2Support.await("key " + id + " on exactly one node", Duration.ofSeconds(10), () -> {
            List<String> found = new ArrayList<>();
            for (RedisServerFixture n : cluster.nodes()) {
              for (String k : L2Support.keys(n, "it:v1:lookup:g*:" + key, "it:v1:lookup:g\\d+:" + key)) {
                found.add(n.port() + "=" + k);
              }
            }
            if (found.size() == 1) {
              where[0] = found.get(0).substring(0, found.get(0).indexOf('='));
              where[1] = found.get(0).substring(found.get(0).indexOf('=') + 1);
            }
            return found.size() == 1;
          }, () -> "");
          nodeOf.put(id, where[0]);
          slotOf.put(id, (Long) cluster.nodes().get(0).call("CLUSTER", "KEYSLOT", where[1]));
        }
        figure("cluster", "nodes " + cluster.nodeUris() + "; key -> node port " + nodeOf + "; key -> slot " + slotOf);
        assertTrue(new TreeSet<>(nodeOf.values()).size() >= 2, () -> "all keys on one node: " + nodeOf);

        String bv = b.ask("gets lookup 1 12");
        assertEquals("0 " + av.substring(3), bv, "B reads all 12 from L2");
        assertEquals(12, b.ruleLong("lookup", "L2Hits"), "B lookup L2Hits");

        // invalidate one key
        setVersion(g.data, 5, 2);
        long t0 = System.nanoTime();
        assertTrue(a.ask("inv lookup 5").startsWith("true"));
        long ms = awaitFresh(b, "lookup", 5, "item-5@v2", t0);

        // invalidate all: every key, generation bumped
        String genBefore = generation(cluster);
        for (int id = 1; id <= 12; id++) {
          setVersion(g.data, id, 3);
        }
        t0 = System.nanoTime();
        assertTrue(a.ask("invall lookup").startsWith("true"));
        long msAll = awaitFresh(b, "lookup", 12, "item-12@v3", t0);
        String after = b.ask("gets lookup 1 12");
        assertTrue(!after.contains("@v1") && !after.contains("@v2"), () -> "stale after invalidateAll: " + after);
        String genAfter = generation(cluster);
        assertNotEquals(genBefore, genAfter, "generation");
        figure("cluster", "invalidate A->B " + ms + " ms; invalidateAll A->B " + msAll + " ms; generation "
            + genBefore + " -> " + genAfter);

        // the distributed lock, 2 JVMs x 8 threads on a cold key
        List<App> apps = List.of(a, b);
        List<String> answers = L2StampedeIT.race(apps, 70);
        int bodies = 0;
        for (String answer : answers) {
          String[] p = answer.split(" ", 3);
          bodies += Integer.parseInt(p[0]);
          assertEquals("slow-70@v1", p[2]);
        }
        figure("cluster", "distributed stampede 2 JVMs x 8 threads: body ran " + bodies + " time(s); " + answers);
        assertEquals(1, bodies, "body executions across both JVMs: " + answers);
      });
      Map<String, ForkResult> results = g.finish();
      results.values().forEach(Checks::silentStderr);
    }
  }

  /** The value of it:v1:lookup:gen on whichever node holds it ("null" when none does). */
  static String generation(RedisClusterFixture cluster) {
    for (RedisServerFixture n : cluster.nodes()) {
      if (!L2Support.keys(n, "it:v1:lookup:gen", ".*").isEmpty()) {
        return String.valueOf(n.call("GET", "it:v1:lookup:gen"));
      }
    }
    return "null";
  }
}
