package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.refresh.RatesApp;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refresh-ahead under a steady load on a hot key for 10 TTL periods: after the first load no
 * caller waits for the body again, and the body runs in the background about once per period.
 */
class RefreshAheadIT {
  private static final int TTL_MILLIS = 300;
  private static final int PERIODS = 10;

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void hotKeysNeverMissAndReloadAboutOncePerPeriod(Jdk jdk) {
    Path rules = Checks.rules("refresh-ahead", jdk,
        "rules:",
        "  - name: rates",
        "    method: io.methodcache.it.apps.refresh.RatesApp$Rates#latest(java.lang.String)",
        "    mode: refresh-ahead",
        "    ttl: " + TTL_MILLIS + "ms",
        "    refresh-at: 80%");
    ForkResult r = ForkedJvm.on(jdk)
        .agent(rules)
        .classpath(ItEnv.testClasses())
        .main(RatesApp.class, String.valueOf(TTL_MILLIS), String.valueOf(PERIODS))
        .run();
    assertEquals(0, r.exitCode(), r::toString);
    int callerLoads = Integer.parseInt(r.result("callerLoads"));
    int background = Integer.parseInt(r.result("backgroundLoads"));
    System.out.println("[refresh-ahead " + jdk.id() + "] " + PERIODS + " periods of " + TTL_MILLIS
        + " ms, calls " + r.result("calls") + ": caller-visible loads " + callerLoads
        + ", background reloads " + background + ", values seen " + r.result("valuesSeen"));
    assertEquals(1, callerLoads, "only the first call waited for the body\n" + r);
    // A reload starts at the first hit past 80% of the TTL: about one per 0.8 period.
    assertTrue(background >= PERIODS - 2 && background <= 2 * PERIODS + 2,
        "background reloads " + background + " for " + PERIODS + " periods\n" + r);
    assertTrue(r.stderr().isEmpty(), r::toString);
  }
}
