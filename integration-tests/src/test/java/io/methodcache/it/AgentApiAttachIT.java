package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.ApiAttachApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, item 8: an application that used the agent-api facade before the agent was attached
 * (so the facade found no agent) sees the agent at once after a real {@code attach}.
 */
class AgentApiAttachIT {
  private static final Duration STEP = Duration.ofSeconds(30);

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theFacadeFindsAnAgentAttachedAfterItWasUsed(Jdk jdk) throws Exception {
    Path rules = Checks.rules("api-attach", jdk,
        "rules:",
        "  - name: stock",
        "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)");
    try (ForkedJvm.Running app = ForkedJvm.on(jdk)
        .classpath(ItEnv.testClasses(), AgentApiIT.agentApi())
        .main(ApiAttachApp.class).start()) {
      assertEquals("before=false,false", app.awaitLine(l -> l.startsWith("before="), STEP));
      app.awaitLine("READY"::equals, STEP);
      assertEquals("1", app.ask("call a", STEP));
      assertEquals("2", app.ask("call a", STEP), "uncached before the attach");

      ForkResult attach = ForkedJvm.on(jdk)
          .baseJvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar")
          .main(ItEnv.agentJar().toString(), "attach", Long.toString(app.pid()), rules.toString())
          .timeout(Duration.ofSeconds(60))
          .run();
      assertTrue(attach.exitCode() != null && attach.exitCode() == 0, attach::describe);

      // no wait: the agent told the facade when it arrived
      assertEquals("true", app.ask("active", STEP));
      assertEquals("3", app.ask("call b", STEP));
      assertEquals("3", app.ask("call b", STEP), "cached after the attach");
      assertEquals("true", app.ask("invalidate b", STEP));
      assertEquals("4", app.ask("call b", STEP), "the facade's invalidation reached the agent");
    }
  }
}
