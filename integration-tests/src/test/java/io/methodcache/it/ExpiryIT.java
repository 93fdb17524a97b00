package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static io.methodcache.it.Checks.num;

import io.methodcache.it.apps.ExpiryApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TTL, jitter, the TTL of cached nulls, max-entries. Times are only ever checked from below. */
class ExpiryIT {
  private static final String T = "io.methodcache.it.target.";

  static ForkResult ran(Jdk jdk) {
    ForkResult r = Scenarios.once("expiry", jdk, () -> ForkedJvm.on(jdk)
        .agent(Checks.rules("expiry", jdk,
            "rules:",
            "  - name: short-ttl",
            "    method: " + T + "Clock#tick(java.lang.String)",
            "    ttl: 300ms",
            "    jitter: 0%",
            "  - name: jitter",
            "    method: " + T + "Clock#jittered(int)",
            "    ttl: 1s",
            "    jitter: 50%",
            "  - name: null-short",
            "    method: " + T + "Lookup#findShortNull(java.lang.String)",
            "    ttl: 10m",
            "    cache-nulls: 300ms",
            "  - name: bounded",
            "    method: " + T + "Clock#bounded(int)",
            "    max-entries: 100",
            "  - name: wide",
            "    method: " + T + "Clock#wide*(int)",
            "    max-entries: 100"))
        .jvmArgs("-Dmethodcache.jmx.delay=0")
        .classpath(ItEnv.testClasses())
        .main(ExpiryApp.class)
        .timeout(java.time.Duration.ofSeconds(120))
        .run());
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anEntryExpiresAfterItsTtlAndTheBodyRunsAgain(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "short-ttl.values", "tick-a,tick-a");
    eq(r, "short-ttl.bodiesAfterTwoCalls", "1");
    eq(r, "short-ttl.reloaded", "true");
    eq(r, "short-ttl.reloadedValue", "tick-a");
    num(r, "short-ttl.reloadedAfterMs", "not before the 300 ms TTL", ms -> ms >= 290);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void jitterSpreadsTheExpiryOfEntriesWrittenTogether(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "jitter.expired", "200");
    // ttl 1s, jitter 50%: lifetimes in [500, 1000] ms (measured from before each write)
    num(r, "jitter.minMs", "at least 1s - 50%", ms -> ms >= 490);
    long spread = r.resultLong("jitter.maxMs") - r.resultLong("jitter.minMs");
    num(r, "jitter.maxMs", "spread over >= 150 ms (min " + r.result("jitter.minMs") + ")",
        ms -> spread >= 150);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void cachedNullsHaveTheirOwnTtl(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "null-ttl.bodiesAfterTwoCalls", "1");
    eq(r, "null-ttl.reloaded", "true");
    num(r, "null-ttl.reloadedAfterMs", "not before the 300 ms cache-nulls TTL", ms -> ms >= 290);
    eq(r, "null-ttl.valueStillCached", "found:some-1");
    eq(r, "null-ttl.valueBodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void maxEntriesBoundsTheRule(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "bounded.bodiesForOneKeyTwice", "1");
    num(r, "bounded.sizeSettled", "Size settles at <= max-entries 100 within 3 s after each of 5 rounds of 1000 writes",
        n -> n >= 0 && n <= 100);
    // at most the 100 resident entries can hit when the 1000 keys are read again
    num(r, "bounded.secondPassHits", "<= 100", n -> n <= 100);
    eq(r, "bounded.value", "b999");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void maxEntriesBoundsARuleOverSeveralMethodsAsAWhole(Jdk jdk) {
    ForkResult r = ran(jdk);
    num(r, "wide.sizeSettled", "<= max-entries 100 for the rule (1000 keys on each of its 2 methods)",
        n -> n >= 0 && n <= 100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void noInternalErrorsAndNothingOnStderr(Jdk jdk) {
    ForkResult r = ran(jdk);
    Checks.noInternalErrors(r);
    Checks.silentStderr(r);
  }
}
