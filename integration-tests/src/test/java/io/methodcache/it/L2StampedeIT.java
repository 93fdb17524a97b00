package io.methodcache.it;

import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.keys;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.methodcache.it.L2Group.App;
import io.methodcache.agent.redis.RedisServerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code stampede: distributed}: 3 JVMs x 8 threads, released together, on one cold key whose body
 * takes 300 ms: the body runs once in the whole group and everyone gets its value.
 */
class L2StampedeIT {
  static final int THREADS = 8;

  @Test
  void threeJvmsTimesEightThreadsOnAColdKeyRunTheBodyOnce() {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("stampede")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()),
          rule("slow", "stampede: distributed"),
          rule("lookup")));
      g.check(() -> {
        List<App> apps = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
          apps.add(g.start(name, jdk, rules, "-Dl2.slow.millis=300"));
        }
        for (App app : apps) {
          app.awaitL2();
        }
        int before = 0;
        for (long key : new long[] {7, 8}) {
          List<String> answers = race(apps, key);
          int bodies = 0;
          List<String> perJvm = new ArrayList<>();
          for (int i = 0; i < apps.size(); i++) {
            String[] p = answers.get(i).split(" ", 3);
            bodies += Integer.parseInt(p[0]);
            perJvm.add(apps.get(i).name + ": bodies so far " + p[0] + ", slowest call " + p[1] + " ms, values " + p[2]);
            assertEquals("slow-" + key + "@v1", p[2], apps.get(i).name + " values for key " + key);
          }
          figure("stampede", "key " + key + ": " + apps.size() + " JVMs x " + THREADS + " threads -> body ran "
              + (bodies - before) + " time(s) in all; " + perJvm);
          assertEquals(1, bodies - before, "body executions across all JVMs for key " + key + ": " + perJvm);
          before = bodies;
        }
        assertEquals(List.of(), keys(redis, "it:v1:slow:*", "it:v1:slow:lock:.*"), "no lock left behind");
        for (App app : apps) {
          figure("stampede", app.name + " rule slow Hits|Misses|Loads|StampedeWaits|L2Hits|L2Misses = "
              + app.ask("rule slow Hits Misses Loads StampedeWaits L2Hits L2Misses"));
        }
      });
      Map<String, ForkResult> results = g.finish();
      results.values().forEach(Checks::silentStderr);
    }
  }

  /** Arms THREADS threads in every app, releases them all, returns each app's answer. */
  static List<String> race(List<App> apps, long key) {
    for (App app : apps) {
      assertEquals("armed", app.ask("race slow " + key + " " + THREADS));
    }
    for (App app : apps) {
      app.running.send("go");
    }
    List<String> answers = new ArrayList<>();
    for (App app : apps) {
      answers.add(app.running.awaitLine(l -> l.startsWith("> "), L2Support.STEP).substring(2));
    }
    return answers;
  }
}
