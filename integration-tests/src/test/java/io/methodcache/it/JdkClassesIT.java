package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.proxies.JdkTypesApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JDK classes outside {@code java.}, {@code jdk.}, {@code sun.} and {@code com.sun.} are the
 * JDK's too ({@code javax.management.ObjectName}, {@code javax.naming.CompositeName},
 * {@code org.xml.sax.helpers.NamespaceSupport}): never woven, with the bridge on the system class
 * path (where the boot loader cannot reach it) and on the boot class path (where it can), decided
 * by the class's loader and module. A rule naming one exactly is a problem, at start and in
 * {@code validate}; a pattern that happens to match one leaves it alone.
 */
class JdkClassesIT {
  private static final List<String> VALUE_KEYS = List.of("objectName.compareTo",
      "compositeName.compareTo", "namespace.getURI", "label.values");

  static Path rules(Jdk jdk) {
    return Checks.rules("jdk-classes", jdk,
        "rules:",
        "  - name: names-exact",
        "    method: javax.management.ObjectName#compareTo(javax.management.ObjectName)",
        "  - name: names-glob",
        "    method: javax.management.Object*#compareTo",
        "  - name: composite-sub",
        "    method: javax.naming.CompositeName+#compareTo",
        "  - name: namespaces",
        "    method: org.xml.sax.helpers.Namespace*#getURI(String)",
        "  - name: label",
        "    method: io.methodcache.it.proxies.JdkTypesApp#label(long)");
  }

  static ForkResult withAgent(Jdk jdk, String scenario, String... jvmArgs) {
    ForkResult r = Scenarios.once(scenario, jdk, () -> ForkedJvm.on(jdk)
        .agent(rules(jdk))
        .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.log=info")
        .jvmArgs(jvmArgs)
        .classpath(ItEnv.testClasses())
        .main(JdkTypesApp.class)
        .run());
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  static List<ForkResult> agentRuns(Jdk jdk) {
    return List.of(withAgent(jdk, "jdk-classes"),
        withAgent(jdk, "jdk-classes-boot-bridge", "-Dmethodcache.bridge=boot"));
  }

  static ForkResult withoutAgent(Jdk jdk) {
    ForkResult r = Scenarios.once("jdk-classes-noagent", jdk, () -> ForkedJvm.on(jdk)
        .classpath(ItEnv.testClasses())
        .main(JdkTypesApp.class, "noagent")
        .run());
    r.assertExitedNormally();
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void resultsEqualTheResultsWithoutTheAgent(Jdk jdk) {
    ForkResult plain = withoutAgent(jdk);
    eq(plain, "objectName.compareTo", "[0, -1, 1, 0, 0, 0, -1, 1, 0, 0]");
    for (ForkResult r : agentRuns(jdk)) {
      for (String key : VALUE_KEYS) {
        assertEquals(plain.result(key), r.result(key), () -> key + "\n" + r.describe());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void jdkClassesAreNeverWovenWhereverTheBridgeIs(Jdk jdk) {
    for (ForkResult r : agentRuns(jdk)) {
      List<String> woven = r.stderrLines().stream().filter(l -> l.contains("caching "))
          .collect(Collectors.toList());
      assertEquals(List.of("methodcache: caching io.methodcache.it.proxies.JdkTypesApp#label(long)"
          + " (rule 'label')"), woven, r::describe);
      for (String rule : List.of("names-glob", "composite-sub", "namespaces")) {
        eq(r, "rule." + rule + ".Misses", "0");
        eq(r, "rule." + rule + ".Hits", "0");
      }
      // the agent is at work in the same JVM
      eq(r, "label.bodies", "2");
      eq(r, "rule.label.Hits", "1");
      eq(r, "agent.internalErrors", "0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anExactlyNamedJdkTypeIsAProblemAtStart(Jdk jdk) {
    for (ForkResult r : agentRuns(jdk)) {
      String problems = r.result("agent.problems");
      assertTrue(problems.contains("rule 'names-exact': javax.management.ObjectName is a JDK class"
          + " (module java.management), which methodcache never instruments"), r::describe);
      assertEquals(1, problems.split("rule '").length - 1, r::describe);
      assertEquals(1, r.stderrLines().stream().filter(l -> l.contains("rule 'names-exact'"))
          .count(), r::describe);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void validateReportsItWithExitStatusOne(Jdk jdk) {
    Path rules = rules(jdk);
    for (List<String> args : List.of(List.of("validate", rules.toString()),
        List.of("validate", rules.toString(), "--classpath", ItEnv.testClasses().toString()))) {
      ForkResult r = ForkedJvm.on(jdk)
          .baseJvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar")
          .main(ItEnv.agentJar().toString(), args.toArray(new String[0]))
          .timeout(Duration.ofSeconds(60))
          .run();
      assertEquals(Integer.valueOf(1), r.exitCode(), r::describe);
      assertEquals(1, r.stderrLines().size(), r::describe);
      String line = r.stderrLines().get(0);
      assertTrue(line.startsWith(rules + ":2:5: rule 'names-exact': javax.management.ObjectName is"
          + " a JDK class (module java.management), which methodcache never instruments")
          && line.endsWith("fix: cache the application method that calls it (rule skipped)"),
          line);
      assertTrue(r.stdoutLines().contains("4 valid rule(s), 1 problem(s) in " + rules),
          r::describe);
    }
  }
}
