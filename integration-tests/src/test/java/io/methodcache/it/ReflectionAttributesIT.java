package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.reflect.Catalog;
import io.methodcache.it.apps.reflect.ReflectApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A woven or retransformed class keeps everything reflection can see: parameter names and
 * modifiers, annotations (class, field, constructor, method, parameter, type use), generic
 * signatures, throws clauses and the line numbers of a stack trace. On JDK 17 the class file the
 * JVM hands a transformer on retransformation has no {@code MethodParameters} (JDK-8240908, fixed
 * in 22), so without the agent restoring them an {@code attach} or a reload erased the names
 * Spring MVC binds request parameters by. The app ({@link ReflectApp}, compiled with
 * {@code -parameters}) reads {@link Catalog} by reflection only after the agent arrived or the
 * rules changed; each dump must equal the one of the same app without any agent, and the cached
 * method must really be cached (its body runs once for two calls).
 */
class ReflectionAttributesIT {
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String FIND = Catalog.class.getName() + "#find(java.util.Map, int)";
  private static final String CHECK = Catalog.class.getName() + "#check(int)";
  /** Reflection of the app without any agent, per JDK. */
  private static final Map<String, List<String>> BASELINES = new ConcurrentHashMap<>();

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void javaagentWeavesAtLoadAndKeepsReflection(Jdk jdk) {
    Path dir = ItEnv.workDir("reflection-javaagent", jdk.id());
    Path rules = cachingRules(dir);
    try (ForkedJvm.Running app = app(jdk).agent(rules).start()) {
      app.awaitLine("READY"::equals, STEP);
      assertCached(app);
      assertSameReflection(jdk, reflect(app, dir, "woven.txt"), "woven at load");
      assertNoAgentTrouble(app.finish());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void attachRetransformsAndKeepsReflection(Jdk jdk) {
    Path dir = ItEnv.workDir("reflection-attach", jdk.id());
    Path rules = cachingRules(dir);
    try (ForkedJvm.Running app = app(jdk).start()) {
      app.awaitLine("READY"::equals, STEP); // Catalog is loaded, nothing read by reflection yet
      ForkResult attach = cli(jdk, "attach", Long.toString(app.pid()), rules.toString());
      assertTrue(attach.exitCode() != null && attach.exitCode() == 0, attach::describe);
      assertCached(app);
      assertSameReflection(jdk, reflect(app, dir, "attached.txt"), "after attach");
      assertNoAgentTrouble(app.finish());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void reloadAddingThenRemovingARuleKeepsReflection(Jdk jdk) throws IOException {
    Path dir = ItEnv.workDir("reflection-reload", jdk.id());
    // a rule for another class, so the agent runs and Catalog is loaded unwoven
    Path rules = ItEnv.writeFile(dir, "rules.yaml",
        "rules:",
        "  - name: greet",
        "    method: io.methodcache.it.target.Greeter#greet(String)");
    ForkedJvm fork = app(jdk).agent(rules)
        .jvmArgs("-Dmethodcache.reload.interval=100ms", "-Dmethodcache.log=info");
    try (ForkedJvm.Running app = fork.start()) {
      app.awaitLine("READY"::equals, STEP);
      assertEquals(runs(app.ask("find", STEP)) + 1, runs(app.ask("find", STEP)), "not cached yet");

      replace(rules, "rules:",
          "  - name: find",
          "    method: " + FIND,
          "  - name: check",
          "    method: " + CHECK);
      app.awaitStderrLine(l -> l.contains("applied at") && l.contains("2 added"), STEP);
      assertCached(app);
      assertSameReflection(jdk, reflect(app, dir, "added.txt"), "after the reload adding rules");

      replace(rules, "rules:",
          "  - name: greet",
          "    method: io.methodcache.it.target.Greeter#greet(String)");
      app.awaitStderrLine(l -> l.contains("applied at") && l.contains("2 removed"), STEP);
      assertEquals(runs(app.ask("find", STEP)) + 1, runs(app.ask("find", STEP)),
          "no longer cached: the original code is back");
      assertSameReflection(jdk, reflect(app, dir, "removed.txt"),
          "after the reload removing them");
      assertNoAgentTrouble(app.finish());
    }
  }

  /** One line per declaration, so a failure shows which one changed. */
  private static void assertSameReflection(Jdk jdk, List<String> actual, String when) {
    assertEquals(String.join("\n", baseline(jdk)), String.join("\n", actual),
        () -> "reflection of " + Catalog.class.getSimpleName() + " " + when
            + " differs from the same app without any agent");
  }

  /** Reflection of the app without any agent, checked to hold what the comparison is about. */
  private static List<String> baseline(Jdk jdk) {
    return BASELINES.computeIfAbsent(jdk.id(), id -> {
      Path dir = ItEnv.workDir("reflection-baseline", id);
      try (ForkedJvm.Running app = app(jdk).start()) {
        app.awaitLine("READY"::equals, STEP);
        List<String> lines = reflect(app, dir, "plain.txt");
        String all = String.join("\n", lines);
        // compiled with -parameters (integration-tests/pom.xml), or this test proves nothing
        assertTrue(all.contains("parameter final int limit named=true modifiers=16"), all);
        assertTrue(all.contains("parameter java.lang.String homeRegion named=true"), all);
        assertTrue(all.contains("@io.methodcache.it.apps.reflect.Tag(") && all.contains("sku"),
            all);
        assertEquals("throws at " + Catalog.class.getName() + ".check(Catalog.java:"
            + throwLine() + ")", lines.get(lines.size() - 1), all);
        app.finish().assertExitedNormally();
        return lines;
      }
    });
  }

  /** The source line of Catalog marked THROW-LINE: where a stack trace must say it threw. */
  private static int throwLine() {
    Path source = ItEnv.basedir().resolve("src/test/java/"
        + Catalog.class.getName().replace('.', '/') + ".java");
    try {
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("// THROW-LINE")) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no THROW-LINE marker in " + source);
  }

  private static ForkedJvm app(Jdk jdk) {
    return ForkedJvm.on(jdk).classpath(ItEnv.testClasses()).main(ReflectApp.class);
  }

  private static Path cachingRules(Path dir) {
    return ItEnv.writeFile(dir, "rules.yaml",
        "rules:",
        "  - name: find",
        "    method: " + FIND,
        "  - name: check",
        "    method: " + CHECK);
  }

  /** Two calls, one body run: the woven method really caches. */
  private static void assertCached(ForkedJvm.Running app) {
    String first = app.ask("find", STEP);
    assertEquals(first, app.ask("find", STEP), "find is cached");
    assertTrue(first.startsWith("[a, c] "), first);
  }

  private static List<String> reflect(ForkedJvm.Running app, Path dir, String name) {
    Path file = dir.resolve(name);
    String answer = app.ask("reflect " + file, STEP);
    assertTrue(answer.endsWith(" lines"), answer);
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The agent neither failed to weave nor to restore anything. */
  private static void assertNoAgentTrouble(ForkResult r) {
    r.assertExitedNormally();
    for (String line : r.stderrLines()) {
      assertTrue(!line.contains("could not") && !line.contains("Exception"), r::describe);
    }
  }

  /** {@code java -jar <agent jar> ARGS}, as an operator runs it. */
  private static ForkResult cli(Jdk jdk, String... args) {
    return ForkedJvm.on(jdk)
        .baseJvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar")
        .main(ItEnv.agentJar().toString(), args)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  /** The body-run count of an answer {@code > SKUS RUNS}. */
  private static int runs(String answer) {
    return Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1));
  }

  /** Replaces the file atomically, so the watcher never reads half a file. */
  private static void replace(Path file, String... lines) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
