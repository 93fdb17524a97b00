package io.methodcache.it;

import static io.methodcache.it.L2Support.awaitKey;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.it.L2Group.App;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code serialization.allow} has one grammar, the rules file's: a {@code *} inside a name
 * segment ({@code com.shop.*Dto}; here {@code io.methodcache.it.apps.l2.*tem}) passes {@code
 * validate}, and the agent then starts with it and reads such a class back from L2. It used to
 * pass {@code validate} and stop the agent ("is not a class name, package.* or package.**").
 */
class SerializationAllowIT {
  private static final String ALLOW = "io.methodcache.it.apps.l2.*tem";

  @Test
  void aWildcardInsideANameSegmentStartsTheAgentAndReadsTheClassBack() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local();
        L2Group g = new L2Group("serialization-allow")) {
      List<String> lines = new ArrayList<>();
      lines.add("namespace: it");
      lines.add("redis:");
      for (String r : standalone(redis.uri())) {
        lines.add("  " + r);
      }
      lines.add("serialization:");
      lines.add("  allow: [\"" + ALLOW + "\"]");
      lines.add("defaults: { tiers: [l1, l2] }");
      lines.add("rules:");
      lines.add(rule("item"));
      Path rules = writeRules(g.work, lines);

      ForkResult validate = OperatorCli.cli(jdk, "validate", rules.toString());
      OperatorCli.assertExit(0, validate);

      g.check(() -> {
        // started (L2Group waits for the agent's MBean) and caching
        App a = g.start("A", jdk, rules);
        App b = g.start("B", jdk, rules);
        a.awaitL2();
        b.awaitL2();
        // get answers [bodies of the method so far in that JVM, value]
        String[] first = a.get("item", 7);
        assertEquals("1", first[0], "A loads");
        assertArrayEquals(new String[] {"1", first[1]}, a.get("item", 7), "A: an L1 hit");
        awaitKey(redis, "it:v1:item:g*:7", "it:v1:item:g\\d+:7");
        // B reads A's Item from L2: the allow-list let the codec read it back
        assertArrayEquals(new String[] {"0", first[1]}, b.get("item", 7), "B: an L2 hit");
        assertEquals(1, b.ruleLong("item", "L2Hits"));
        assertEquals(0, b.ruleLong("item", "L2Errors"));
      });
      for (ForkResult r : g.finish().values()) {
        assertFalse(r.stderr().contains("agent not started"), r::describe);
        Checks.silentStderr(r);
      }
    }
  }
}
