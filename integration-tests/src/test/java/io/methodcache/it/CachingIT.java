package io.methodcache.it;

import static io.methodcache.it.Checks.eq;

import io.methodcache.it.apps.BasicApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hits and misses for every kind of method, argument and result; exceptions; nulls; patterns. */
class CachingIT {
  private static final String T = "io.methodcache.it.target.";

  static ForkResult basic(Jdk jdk) {
    return Scenarios.once("basic", jdk, () -> ForkedJvm.on(jdk)
        .agent(Checks.rules("basic", jdk,
            "namespace: it",
            // the app makes a new instance of several classes for each call
            "defaults: { ttl: 10m, jitter: 0%, max-entries: 1000, receiver: ignore }",
            "rules:",
            "  - { name: label, method: '" + T + "Calculator#label()' }",
            "  - { name: square, method: '" + T + "Calculator#square(int)' }",
            "  - { name: ratio, method: '" + T + "Calculator#ratio(int, int)' }",
            "  - { name: is-prime, method: '" + T + "Calculator#isPrime(int)' }",
            "  - { name: low-byte, method: '" + T + "Calculator#lowByte(int)' }",
            "  - { name: half, method: '" + T + "Calculator#half(short)' }",
            "  - { name: initial, method: '" + T + "Calculator#initial(java.lang.String)' }",
            "  - { name: third, method: '" + T + "Calculator#third(float)' }",
            "  - { name: join3, method: '" + T + "Calculator#join3(java.lang.String, int, long)' }",
            "  - name: six",
            "    method: " + T + "Calculator#six(int, long, double, boolean, java.lang.String, char)",
            "  - { name: sum, method: '" + T + "Calculator#sum(int[])' }",
            "  - { name: concat, method: '" + T + "Calculator#concat(java.lang.String[])' }",
            "  - { name: total, method: '" + T + "Calculator#total(int[][])' }",
            "  - { name: words, method: '" + T + "Calculator#words(java.lang.String)' }",
            "  - name: disabled",
            "    method: " + T + "Calculator#disabled(int)",
            "    enabled: false",
            "  - { name: answer, method: '" + T + "MathStatics#answer()' }",
            "  - { name: version, method: '" + T + "MathStatics#version()' }",
            "  - { name: cube, method: '" + T + "MathStatics#cube(long)' }",
            "  - { name: hypot, method: '" + T + "MathStatics#hypot(double, double)' }",
            "  - { name: fail, method: '" + T + "Thrower#fail(java.lang.String)' }",
            "  - { name: fail-checked, method: '" + T + "Thrower#failChecked(java.lang.String)' }",
            "  - { name: fail-primitive, method: '" + T + "Thrower#failPrimitive(int)' }",
            "  - { name: flaky, method: '" + T + "Thrower#flaky(java.lang.String)' }",
            "  - name: null-cached",
            "    method: " + T + "Lookup#findNullCached(java.lang.String)",
            "    cache-nulls: 30s",
            "  - { name: null-uncached, method: '" + T + "Lookup#findNullUncached(java.lang.String)' }",
            "  - { name: optional, method: '" + T + "Lookup#findOptional(java.lang.String)' }",
            "  - name: optional-nulls",
            "    method: " + T + "Lookup#findOptionalNullsCached(java.lang.String)",
            "    cache-nulls: 30s",
            "  - name: summary",
            "    method: " + T + "Orders#summary(..)",
            "    key: \"{1.customer.id}/{0}\"",
            "  - { name: wildcards, method: '" + T + "Wildcards#*(int)' }",
            "  - { name: gamma, method: '" + T + "Wildcards#gamma(..)' }",
            "  - { name: pick, method: '" + T + "Overloads#pick' }",
            "  - { name: finder, method: 'io.methodcache.**.Finder#find(long)' }",
            "  - { name: repo, method: '" + T + "Repo+#load(int)' }",
            "  - { name: varargs, method: '" + T + "Calculator#joinAll(java.lang.String, java.lang.String[])' }",
            "  - { name: null-arg, method: '" + T + "Calculator#describe(java.lang.String)' }",
            "  - { name: ten, method: '" + T + "Calculator#ten(..)' }",
            "  - { name: synchronized, method: '" + T + "Calculator#locked(java.lang.String)' }",
            "  - { name: private, method: '" + T + "Calculator#secret(int)' }",
            "  - { name: bridge, method: '" + T + "StringLoader#load(..)' }",
            "  - name: delegate",
            "    method: " + T + "Calculator#delegate",
            "    key: \"{0}\"",
            "    stampede-timeout: 5s"))
        .jvmArgs("-Dmethodcache.jmx.delay=0")
        .classpath(ItEnv.testClasses())
        .main(BasicApp.class)
        .run());
  }

  /** Runs the scenario and checks it ran to its end before looking at any one result. */
  static ForkResult ran(Jdk jdk) {
    ForkResult r = basic(jdk).assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void hitsSkipTheBodyOfInstanceMethodsWith0To6Arguments(Jdk jdk) {
    ForkResult r = ran(jdk);
    // values of: call, same call (hit), other call, same other call (hit); bodies after 2 and 4 calls
    eq(r, "label.values", "calculator-v1,calculator-v1,calculator-v1,calculator-v1");
    eq(r, "label.bodies", "1,1");
    eq(r, "square.values", "49,49,64,64");
    eq(r, "square.bodies", "1,2");
    eq(r, "ratio.values", "0.25,0.25,0.75,0.75");
    eq(r, "ratio.bodies", "1,2");
    eq(r, "join3.values", "a|1|2,a|1|2,a|1|3,a|1|3");
    eq(r, "join3.bodies", "1,2");
    eq(r, "six.values", "1/2/3.5/true/e/f,1/2/3.5/true/e/f,1/2/3.5/false/e/f,1/2/3.5/false/e/f");
    eq(r, "six.bodies", "1,2");
    eq(r, "words.values", "[to, be, or, not],[to, be, or, not],[to, be],[to, be]");
    eq(r, "words.bodies", "1,2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void hitsSkipTheBodyOfStaticMethods(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "answer.values", "42,42,42,42");
    eq(r, "answer.bodies", "1,1");
    eq(r, "version.values", "v-42,v-42,v-42,v-42");
    eq(r, "version.bodies", "1,1");
    eq(r, "cube.values", "27L,27L,-64L,-64L");
    eq(r, "cube.bodies", "1,2");
    eq(r, "hypot.values", "5.0,5.0,13.0,13.0");
    eq(r, "hypot.bodies", "1,2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void everyPrimitiveResultTypeComesBackFromTheCacheUnchanged(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "is-prime.values", "true,true,false,false");
    eq(r, "is-prime.bodies", "1,2");
    eq(r, "low-byte.values", "(byte)44,(byte)44,(byte)45,(byte)45");
    eq(r, "low-byte.bodies", "1,2");
    eq(r, "half.values", "(short)250,(short)250,(short)300,(short)300");
    eq(r, "half.bodies", "1,2");
    eq(r, "initial.values", "'Z','Z','A','A'");
    eq(r, "initial.bodies", "1,2");
    eq(r, "third.values", "3.0f,3.0f,0.33333334f,0.33333334f");
    eq(r, "third.bodies", "1,2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void arrayArgumentsAreKeyedByContentAndCopiedAtCallTime(Jdk jdk) {
    ForkResult r = ran(jdk);
    // sum({1,2,3}); sum(new {1,2,3}) hits; the caller mutates its array to {1,2,10}: a new key;
    // sum(new {1,2,3}) still hits the first entry, which the mutation must not have changed
    eq(r, "sum.values", "6,6,13,6");
    eq(r, "sum.bodies", "1,1,2,2");
    eq(r, "concat.values", "x+y,x+y,x+z,x+y");
    eq(r, "concat.bodies", "2");
    eq(r, "total.values", "10,10,46,10");
    eq(r, "total.bodies", "2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void exceptionsAreNeverCachedAndReachTheCallerUnchanged(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fail.outcomes", thrice("!java.lang.IllegalStateException: boom:x"));
    eq(r, "fail.sameInstance", "true");
    eq(r, "fail.bodies", "3");
    eq(r, "fail-checked.outcomes", thrice("!java.io.IOException: io:x"));
    eq(r, "fail-checked.sameInstance", "true");
    eq(r, "fail-checked.bodies", "3");
    eq(r, "fail-primitive.outcomes", thrice("!java.lang.ArithmeticException: div:3"));
    eq(r, "fail-primitive.sameInstance", "true");
    eq(r, "fail-primitive.bodies", "3");
    // a failure, then a success that is cached
    eq(r, "flaky.values", "!java.lang.IllegalStateException: first call fails:k | ok:k | ok:k");
    eq(r, "flaky.bodies", "2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void nullIsCachedOnlyWithCacheNulls(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "null-cached.values", "null,null,null");
    eq(r, "null-cached.bodies", "1");
    eq(r, "null-uncached.values", "null,null,null");
    eq(r, "null-uncached.bodies", "3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void emptyOptionalIsANullResultForCacheNulls(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "optional-present.values", "Optional[found:x],Optional[found:x],Optional[found:x]");
    eq(r, "optional-present.bodies", "1");
    eq(r, "optional-empty.values", "Optional.empty,Optional.empty,Optional.empty");
    eq(r, "optional-empty.bodies", "3");
    eq(r, "optional-nulls-empty.values", "Optional.empty,Optional.empty,Optional.empty");
    eq(r, "optional-nulls-empty.bodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void keyTemplateWithPropertyPathsThroughGetterAndField(Jdk jdk) {
    ForkResult r = ran(jdk);
    // (eu, customer 7), (eu, customer 7, other order): hit; (eu, 8): miss; (us, 7): miss
    eq(r, "summary.values", "eu:7:ann,eu:7:ann,eu:8:bob,us:7:ann");
    eq(r, "summary.bodies", "1,1,2,3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aDisabledRuleIsNotCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "disabled.values", "2,2,3,3");
    eq(r, "disabled.bodies", "2,4");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void packageWildcardAndAnyParametersMatch(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "finder.values", "found-5,found-5,found-6,found-6");
    eq(r, "finder.bodies", "1,2");
    eq(r, "gamma.values", "gamma1y,gamma1y,gamma2y,gamma2y");
    eq(r, "gamma.bodies", "1,2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void oneRuleOverSeveralMethodsKeepsEachMethodsResultsApart(Jdk jdk) {
    ForkResult r = ran(jdk);
    // Wildcards#*(int): alpha(1) and beta(1) share a rule and an argument, not a result
    eq(r, "wildcard.values", "alpha1,alpha1,beta1,beta1");
    eq(r, "wildcard.bodies", "1,1");
    // Overloads#pick (every overload)
    eq(r, "pick.values", "int1,string1,pair1,1,int1,string1,pair1,1");
    eq(r, "pick.bodies", "1,1,1");
    // Repo+#load(int): two implementations, same argument
    eq(r, "repo.values", "A1,A1,B1,B1");
    eq(r, "repo.bodies", "1,1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void varargsNullArgumentsTenArgumentsSynchronizedAndPrivateMethods(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "varargs.values", "a-b,a-b,a-c,a-c");
    eq(r, "varargs.bodies", "1,2");
    eq(r, "null-arg.values", "described:null,described:null,described:null,described:null");
    eq(r, "null-arg.bodies", "1,2");
    eq(r, "ten.values", "55L,55L,56L,56L");
    eq(r, "ten.bodies", "1,2");
    eq(r, "synchronized.values", "locked:x,locked:x,locked:y,locked:y");
    eq(r, "synchronized.bodies", "1,2");
    eq(r, "private.values", "2000,2000,3000,3000");
    eq(r, "private.bodies", "1,2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aCallThroughAGenericInterfaceIsOneLookupNotTwo(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "bridge.values", "loaded:a,loaded:a,loaded:b,loaded:b");
    eq(r, "bridge.bodies", "1,2");
    // the compiler's bridge method load(Object) must not be cached as a second method
    eq(r, "rule.bridge.Misses", "2");
    eq(r, "rule.bridge.Hits", "2");
    eq(r, "rule.bridge.Loads", "2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void anOverloadCallingAnotherOverloadWithTheSameKeyDoesNotWaitForItself(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "delegate.values", "K,K");
    eq(r, "delegate.bodies", "1,1");
    // a self-wait would last the rule's 5 s stampede-timeout
    Checks.num(r, "delegate.millis", "well under the 5 s stampede-timeout", ms -> ms < 4000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void ruleStatisticsOverJmx(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "rule.square.Hits", "2");
    eq(r, "rule.square.Misses", "2");
    eq(r, "rule.square.Loads", "2");
    eq(r, "rule.square.LoadFailures", "0");
    eq(r, "rule.square.Size", "2");
    eq(r, "rule.square.HitRatio", "0.5");
    eq(r, "rule.square.Errors", "0");
    eq(r, "rule.fail.Hits", "0");
    eq(r, "rule.fail.LoadFailures", "3");
    eq(r, "rule.fail.Size", "0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void noInternalErrorsNoProblemsNothingOnStderr(Jdk jdk) {
    ForkResult r = ran(jdk);
    Checks.noInternalErrors(r);
    Checks.noProblems(r);
    Checks.silentStderr(r);
  }

  private static String thrice(String outcome) {
    return outcome + " | " + outcome + " | " + outcome;
  }
}
