package io.methodcache.it;

import static io.methodcache.it.Checks.eq;

import io.methodcache.it.apps.StampedeApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 64 threads on one cold key. The slow bodies hold until every other caller is parked (see
 * {@code Race}), so the outcome does not depend on how fast threads happen to start.
 */
class StampedeIT {
  private static final String T = "io.methodcache.it.target.SlowLoader#";

  static ForkResult ran(Jdk jdk) {
    ForkResult r = Scenarios.once("stampede", jdk, () -> ForkedJvm.on(jdk)
        .agent(Checks.rules("stampede", jdk,
            "rules:",
            "  - name: single-flight",
            "    method: " + T + "load(java.lang.String)",
            "  - name: leader-fails",
            "    method: " + T + "loadOrFail(java.lang.String)",
            "  - name: waiter-timeout",
            "    method: " + T + "slowLeader(java.lang.String, int)",
            "    stampede-timeout: 200ms",
            "  - name: no-stampede",
            "    method: " + T + "unguarded(java.lang.String, int)",
            "    stampede: none",
            "  - name: interrupted-waiter",
            "    method: " + T + "patient(java.lang.String)",
            "  - name: soak",
            "    method: " + T + "soak(int)",
            "    ttl: 20ms",
            "    max-entries: 50"))
        .jvmArgs("-Dmethodcache.jmx.delay=0")
        .classpath(ItEnv.testClasses())
        .main(StampedeApp.class)
        .timeout(java.time.Duration.ofSeconds(120))
        .run());
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void sixtyFourThreadsOnAColdKeyRunTheBodyOnceAndShareTheLeadersValue(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "single-flight.bodies", "1");
    eq(r, "single-flight.releasedByCondition", "true");
    eq(r, "single-flight.distinct", "1 [value-k1]");
    eq(r, "single-flight.sameInstance", "true");
    eq(r, "single-flight.afterwards", "value-k1");
    eq(r, "single-flight.bodiesAfterwards", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void stampedeWaitsAreCounted(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "rule.single-flight.StampedeWaits", "63");
    eq(r, "rule.single-flight.Loads", "1");
    // 65 calls in all (64 racing, 1 afterwards): each is either a hit or a miss
    long calls = r.resultLong("rule.single-flight.Hits") + r.resultLong("rule.single-flight.Misses");
    org.junit.jupiter.api.Assertions.assertEquals(65, calls, () -> "Hits + Misses\n" + r.describe());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aLeaderThatThrowsReleasesEveryWaiterWithItsException(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "leader-fails.bodies", "1");
    eq(r, "leader-fails.releasedByCondition", "true");
    eq(r, "leader-fails.distinct", "1 [!java.lang.IllegalStateException: leader failed: k2]");
    // and the failure was not cached
    eq(r, "leader-fails.afterwards", "!java.lang.IllegalStateException: leader failed: k2");
    eq(r, "leader-fails.bodiesAfterwards", "2");
    eq(r, "rule.leader-fails.Size", "0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void waitersGiveUpAfterStampedeTimeoutAndRunTheBodyThemselves(Jdk jdk) {
    ForkResult r = ran(jdk);
    // the leader holds until all 8 bodies have run: only possible if the 7 waiters stopped waiting
    eq(r, "waiter-timeout.releasedByCondition", "true");
    eq(r, "waiter-timeout.bodies", "8");
    eq(r, "waiter-timeout.distinct", "1 [slow-k3]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void stampedeNoneLetsEveryCallerRunTheBody(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "no-stampede.releasedByCondition", "true");
    eq(r, "no-stampede.bodies", "8");
    eq(r, "no-stampede.distinct", "1 [free-k4]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anInterruptedWaiterGetsTheValueAndKeepsItsInterruptStatus(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "interrupted-waiter.parked", "true");
    eq(r, "interrupted-waiter.follower", "patient-k5");
    eq(r, "interrupted-waiter.followerStillInterrupted", "true");
    eq(r, "interrupted-waiter.leader", "patient-k5");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void soakWithExpiryEvictionInvalidationAndTogglesNeverReturnsAWrongValue(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "soak.wrong", "0");
    eq(r, "soak.firstWrong", "null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void noInternalErrorsAndNothingOnStderr(Jdk jdk) {
    ForkResult r = ran(jdk);
    Checks.noInternalErrors(r);
    Checks.silentStderr(r);
  }
}
