package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The harness itself: a hanging JVM is dumped and killed at its timeout; JDKs are found. */
class ForkedJvmIT {
  @Test
  void aHangingJvmIsKilledAtItsTimeoutWithAThreadDump() {
    Jdk jdk = Jdk.at(java.nio.file.Path.of(System.getProperty("java.home")));
    ForkedJvm.Running running = ForkedJvm.on(jdk).classpath(ItEnv.testClasses()).main(Sleeper.class)
        .timeout(Duration.ofSeconds(2)).start();
    long pid = running.pid();
    ForkResult r;
    try (running) {
      running.awaitLine("sleeping"::equals, Duration.ofSeconds(20));
      r = running.awaitExit(Duration.ofSeconds(2));
    }
    assertTrue(r.timedOut(), r::describe);
    assertNull(r.exitCode(), r::describe);
    assertTrue(r.describe().contains("Sleeper.main"), () -> "no thread dump of main\n" + r.describe());
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    assertFalse(handle.isPresent() && handle.get().isAlive(), "the forked JVM still runs");
  }

  @Test
  void theRunningJdkIsAmongTheDiscoveredOnes() {
    List<Jdk> found = Jdks.discover();
    assertTrue(found.stream().anyMatch(j -> j.feature() == Runtime.version().feature()), found::toString);
    assertEquals(found.size(), found.stream().map(Jdk::home).distinct().count(), found::toString);
  }
}
