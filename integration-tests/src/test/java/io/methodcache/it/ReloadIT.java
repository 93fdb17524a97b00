package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.InteractiveApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hot reload of the rules file in a running JVM: a rule added starts caching (its already-loaded
 * class is retransformed), a changed setting applies in place, a removed rule stops caching (its
 * class is restored), an invalid file is rejected and the running rules stay. The app is driven
 * over stdin; each step waits, with a deadline, until the agent has seen the new file.
 */
class ReloadIT {
  private static final Duration STEP = Duration.ofSeconds(20);

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void addChangeRemoveAndRejectRules(Jdk jdk) throws Exception {
    Path rules = Checks.rules("reload", jdk,
        "rules:",
        "  - name: stock",
        "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)");
    ForkedJvm fork = ForkedJvm.on(jdk)
        .agent(rules)
        .jvmArgs("-Dmethodcache.reload.interval=100ms", "-Dmethodcache.log=info")
        .classpath(ItEnv.testClasses())
        .main(InteractiveApp.class);
    try (ForkedJvm.Running app = fork.start()) {
      app.awaitLine("READY"::equals, STEP);
      // stock cached, reserve not
      String first = app.ask("call a", STEP);
      assertEquals(first, app.ask("call a", STEP), "stock is cached");
      assertEquals(bodies(app.ask("reserve a", STEP)) + 1, bodies(app.ask("reserve a", STEP)),
          "reserve is not cached yet");

      // add a rule for reserve: its loaded class is retransformed
      rewrite(rules, "rules:",
          "  - name: stock",
          "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)",
          "  - name: reserve",
          "    method: io.methodcache.it.target.Inventory#reserve(java.lang.String)");
      app.awaitStderrLine(l -> l.contains("applied at") && l.contains("1 added"), STEP);
      String reserved = app.ask("reserve b", STEP);
      assertEquals(reserved, app.ask("reserve b", STEP), "reserve is cached after the reload");
      assertEquals(first, app.ask("call a", STEP), "stock kept its cache (its rule did not change)");

      // change a setting of stock in place: its cache starts over, it still caches
      rewrite(rules, "rules:",
          "  - name: stock",
          "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)",
          "    ttl: 1h",
          "  - name: reserve",
          "    method: io.methodcache.it.target.Inventory#reserve(java.lang.String)");
      app.awaitStderrLine(l -> l.contains("applied at") && l.contains("1 changed in place"), STEP);
      String again = app.ask("call a", STEP);
      assertEquals(bodies(first) + 1, bodies(again), "a changed rule starts with an empty cache");
      assertEquals(again, app.ask("call a", STEP), "and caches again");

      // remove stock: it stops caching, its class is restored
      rewrite(rules, "rules:",
          "  - name: reserve",
          "    method: io.methodcache.it.target.Inventory#reserve(java.lang.String)");
      app.awaitStderrLine(l -> l.contains("applied at") && l.contains("1 removed"), STEP);
      int before = bodies(app.ask("call a", STEP));
      assertEquals(before + 1, bodies(app.ask("call a", STEP)), "stock is no longer cached");
      assertEquals(reserved, app.ask("reserve b", STEP), "reserve still cached");

      // an invalid file: rejected, the running rules stay
      rewrite(rules, "rules:",
          "  - name: reserve",
          "    method: io.methodcache.it.target.Inventory#reserve(java.lang.String)",
          "    ttl: soon");
      String rejected = app.awaitStderrLine(l -> l.contains("rejected at"), STEP);
      assertTrue(rejected.contains("running rules are kept"), rejected);
      assertEquals(reserved, app.ask("reserve b", STEP), "reserve still cached after a bad file");
    }
  }

  /** The body count an answer "> VALUE BODIES" carries. */
  private static int bodies(String answer) {
    return Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1));
  }

  /** Replaces the file atomically, so the watcher never reads half a file. */
  private static void rewrite(Path file, String... lines) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

}
