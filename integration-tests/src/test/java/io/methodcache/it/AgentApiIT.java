package io.methodcache.it;

import static io.methodcache.it.Checks.eq;

import io.methodcache.api.MethodCache;
import io.methodcache.it.apps.ApiApp;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The optional agent-api jar on the app's class path: live with the agent, a no-op without. */
class AgentApiIT {
  static Path agentApi() {
    // The agent-api jar itself, not the first jar with MethodCache in it: the shaded agent jar
    // (a test dependency, listed first) has it too, and on a fork's class path it would run in
    // place of the -javaagent jar under test.
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.getFileName() != null && p.getFileName().toString().startsWith("methodcache-agent-api")
          || p.endsWith(Path.of("agent-api", "target", "classes"))) {
        return p;
      }
    }
    try {
      return Path.of(MethodCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void withTheAgentTheApiInvalidatesAndReports(Jdk jdk) {
    ForkResult r = ForkedJvm.on(jdk)
        .agent(Checks.rules("api", jdk,
            "rules:",
            "  - name: stock",
            "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)",
            "    tags: [\"item:{0}\"]"))
        .classpath(ItEnv.testClasses(), agentApi())
        .main(ApiApp.class)
        .run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "active", "true");
    eq(r, "bodiesAfterTwoCalls", "1");
    eq(r, "invalidate", "true");
    eq(r, "bodiesAfterInvalidate", "2");
    eq(r, "invalidateAll", "true");
    eq(r, "bodiesAfterInvalidateAll", "3");
    eq(r, "invalidateTag", "true");
    eq(r, "bodiesAfterInvalidateTag", "4");
    eq(r, "unknownRule", "false");
    eq(r, "stats.hits", "2L");
    eq(r, "stats.misses", "4L");
    eq(r, "stats.size", "1L");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void withoutTheAgentTheApiIsANoOp(Jdk jdk) {
    ForkResult r = ForkedJvm.on(jdk).classpath(ItEnv.testClasses(), agentApi()).main(ApiApp.class).run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "active", "false");
    eq(r, "bodiesAfterTwoCalls", "2");
    eq(r, "invalidate", "false");
    eq(r, "invalidateAll", "false");
    eq(r, "bodiesAfterInvalidateAll", "5");
    eq(r, "invalidateTag", "false");
    eq(r, "bodiesAfterInvalidateTag", "6");
    eq(r, "stats.hits", "null");
  }
}
