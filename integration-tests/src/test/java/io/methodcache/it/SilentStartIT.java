package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.HealthyApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a healthy start neither the agent nor the JVM prints anything (JDK 25 warns about
 * sun.misc.Unsafe and about appending to the boot class path: neither may appear); the rules file is
 * found by agent argument, system property or environment variable.
 */
class SilentStartIT {
  private static final String G = "io.methodcache.it.target.Greeter#";

  static Path rules(Jdk jdk, String scenario) {
    return Checks.rules(scenario, jdk,
        "namespace: it",
        "strict: true",
        "rules:",
        "  - name: greet",
        "    method: " + G + "greet(java.lang.String)",
        "  - name: shout",
        "    method: " + G + "shout(java.lang.String)",
        "    ttl: 1m");
  }

  static final List<String> HEALTHY_CACHED = List.of(
      "app: started",
      "RESULT greet=Hello, ada!",
      "RESULT greetBodies=1",
      "RESULT shoutBodies=1",
      "RESULT agent.mbean=true",
      "RESULT agent.internalErrors=0",
      "RESULT agent.problems=[]",
      "app: done");

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aHealthyStartPrintsNothingButTheAppsOwnOutput(Jdk jdk) {
    // default JVM options only (no GC or JIT flags that could change what the JVM prints)
    ForkResult r = ForkedJvm.on(jdk)
        .baseJvmArgs("-Xmx128m")
        .agent(rules(jdk, "silent"))
        .classpath(ItEnv.testClasses())
        .main(HealthyApp.class, "--await-agent")
        .run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    assertEquals(HEALTHY_CACHED, r.stdoutLines(), r::describe);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aRulesFileWithByteOrderMarkAndCrlfLineEndsIsRead(Jdk jdk) {
    String text = "\uFEFFstrict: true\r\nrules:\r\n  - name: greet\r\n    method: " + G
        + "greet(java.lang.String)\r\n  - name: shout\r\n    method: " + G + "shout(java.lang.String)\r\n";
    Path rules = ItEnv.writeBytes(ItEnv.workDir("bom-crlf", jdk.id()), "windows.yaml",
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ForkResult r = ForkedJvm.on(jdk).agent(rules).classpath(ItEnv.testClasses()).main(HealthyApp.class).run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "greetBodies", "1");
    eq(r, "shoutBodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void logInfoSaysWhatIsInstrumented(Jdk jdk) {
    ForkResult r = ForkedJvm.on(jdk)
        .agent(rules(jdk, "log-info"))
        .jvmArgs("-Dmethodcache.log=info")
        .classpath(ItEnv.testClasses())
        .main(HealthyApp.class)
        .run();
    r.assertExitedNormally();
    String agentOutput = (r.stdout() + "\n" + r.stderr()).replace("RESULT greet=", "");
    assertTrue(agentOutput.contains("Greeter") || agentOutput.contains("greet"),
        () -> "-Dmethodcache.log=info printed nothing about the instrumented Greeter\n" + r.describe());
    eq(r, "greetBodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void rulesFileFromSystemProperty(Jdk jdk) {
    ForkResult r = ForkedJvm.on(jdk)
        .agentWithoutArgument()
        .jvmArgs("-Dmethodcache.config=" + rules(jdk, "config-property"))
        .classpath(ItEnv.testClasses())
        .main(HealthyApp.class)
        .run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "greetBodies", "1");
    eq(r, "shoutBodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void rulesFileFromEnvironmentWithVariablesSubstituted(Jdk jdk) {
    Path rules = Checks.rules("config-env", jdk,
        "strict: true",
        "rules:",
        "  - name: greet",
        "    method: ${METHODCACHE_IT_GREETER}#greet(java.lang.String)",
        "  - name: shout",
        "    method: " + G + "shout(java.lang.String)",
        "    ttl: ${METHODCACHE_IT_TTL:-1m}");
    ForkResult r = ForkedJvm.on(jdk)
        .agentWithoutArgument()
        .env("METHODCACHE_CONFIG", rules.toString())
        .env("METHODCACHE_IT_GREETER", "io.methodcache.it.target.Greeter")
        .withoutEnv("METHODCACHE_IT_TTL")
        .classpath(ItEnv.testClasses())
        .main(HealthyApp.class)
        .run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "greetBodies", "1");
    eq(r, "shoutBodies", "1");
  }
}
