package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.reload.LedgerApp;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What an operator runs against the {@link LedgerApp}: the command line of the real agent jar in
 * its own JVM ({@code java -jar methodcache-agent.jar ARGS}), and the app started with the agent,
 * its JMX beans at once and no polling of the rules file (reloads happen when the test asks).
 */
final class OperatorCli {
  static final String LEDGER = LedgerApp.Ledger.class.getName();
  static final Duration STEP = Duration.ofSeconds(20);

  private OperatorCli() {}

  static ForkResult cli(Jdk jdk, String... args) {
    return ForkedJvm.on(jdk)
        .baseJvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar")
        .main(ItEnv.agentJar().toString(), args)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  static ForkedJvm ledger(Jdk jdk, Path rules) {
    return ForkedJvm.on(jdk)
        .agent(rules)
        .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.reload.interval=0",
            "-Dmethodcache.log=info")
        .classpath(ItEnv.testClasses())
        .main(LedgerApp.class);
  }

  static void assertExit(int expected, ForkResult r) {
    assertTrue(!r.timedOut() && r.exitCode() != null && r.exitCode() == expected,
        () -> "expected exit status " + expected + "\n" + r.describe());
  }
}
