package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.FaultApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent's own faults never reach the caller: the body runs as if there were no cache. */
class AgentFaultIT {
  private static final String T = "io.methodcache.it.target.Faulty#";

  static ForkResult ran(Jdk jdk) {
    ForkResult r = Scenarios.once("faults", jdk, () -> ForkedJvm.on(jdk)
        .agent(Checks.rules("faults", jdk,
            "rules:",
            "  - name: fault-getter",
            "    method: " + T + "describe(..)",
            "    key: \"{0.explode}\"",
            "  - name: fault-hash",
            "    method: " + T + "hashed(..)",
            "  - name: fault-equals",
            "    method: " + T + "compared(..)",
            "  - name: null-path",
            "    method: io.methodcache.it.target.Orders#label(..)",
            "    key: \"{0.customer.id}\""))
        .jvmArgs("-Dmethodcache.jmx.delay=0")
        .classpath(ItEnv.testClasses())
        .main(FaultApp.class)
        .run());
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aKeyGetterThatThrowsLeavesTheCallUncachedAndCounted(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fault-getter.values", "described-1,described-1,described-1");
    eq(r, "fault-getter.bodies", "3");
    long errors = r.resultLong("rule.fault-getter.Errors");
    long internal = r.resultLong("agent.internalErrors");
    assertTrue(errors + internal > 0,
        () -> "the fault was not counted: Errors=" + errors + " InternalErrors=" + internal + "\n" + r.describe());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theRuleStillCachesArgumentsWhoseKeyCanBeBuilt(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fault-getter.calmValues", "described-2,described-2,described-2");
    eq(r, "fault-getter.calmBodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anArgumentWhoseHashCodeThrowsDoesNotFailTheCall(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fault-hash.values", "hashed-3,hashed-3,hashed-3");
    eq(r, "fault-hash.bodies", "3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anArgumentWhoseEqualsThrowsDoesNotFailTheCall(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fault-equals.values", "compared-4,compared-4,compared-4");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aKeyPathThroughANullDoesNotFailTheCall(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "null-path.values", "order:anon,order:anon,order:anon");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aFaultIsLoggedAtMostOncePerCauseAndRule(Jdk jdk) {
    ForkResult r = ran(jdk);
    for (String rule : new String[] {"fault-getter", "fault-hash", "fault-equals"}) {
      long lines = r.stderrLines().stream().filter(l -> l.contains(rule)).count();
      assertTrue(lines <= 1, () -> rule + ": " + lines + " stderr lines for one repeated fault\n" + r.describe());
    }
  }
}
