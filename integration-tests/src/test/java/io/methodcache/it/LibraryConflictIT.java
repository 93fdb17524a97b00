package io.methodcache.it;

import static io.methodcache.it.Checks.eq;

import io.methodcache.it.apps.ConflictApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The app carries Caffeine 2.9.3, Byte Buddy 1.14.18 and SnakeYAML 1.33 (from target/conflict-libs)
 * and uses them while the agent, with its own relocated copies, caches one of its methods.
 */
class LibraryConflictIT {
  static List<Path> classpath() {
    List<Path> cp = new ArrayList<>();
    cp.add(ItEnv.testClasses());
    cp.addAll(ItEnv.conflictLibs());
    return cp;
  }

  static ForkResult ran(Jdk jdk) {
    ForkResult r = Scenarios.once("conflict", jdk, () -> ForkedJvm.on(jdk)
        .agent(Checks.rules("conflict", jdk,
            "rules:",
            "  - name: yaml-settings",
            "    method: io.methodcache.it.target.YamlSettings#parse(java.lang.String)"))
        .jvmArgs("-Dmethodcache.jmx.delay=0")
        .classpath(classpath())
        .main(ConflictApp.class)
        .run());
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theAppUsesItsOwnLibraryVersions(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "caffeine.jar", "caffeine-2.9.3.jar");
    eq(r, "caffeine.works", "4,4,1,v");
    eq(r, "snakeyaml.jar", "snakeyaml-1.33.jar");
    eq(r, "snakeyaml.works", "1,[x, y]");
    eq(r, "bytebuddy.jar", "byte-buddy-1.14.18.jar");
    eq(r, "bytebuddy.works", "made by the app's byte buddy");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aMethodUsingThoseLibrariesIsCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "cached.values", "{name=shop, size=3} ; {name=shop, size=3} ; {name=shop, size=3}");
    eq(r, "cached.bodies", "1");
    Checks.noInternalErrors(r);
    Checks.noProblems(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theAgentAddsNothingToStderr(Jdk jdk) {
    // the app's own old Caffeine may make JDK 25 warn about sun.misc.Unsafe: that is the app's;
    // compare with the same app run without the agent
    ForkResult with = ran(jdk);
    ForkResult without = ForkedJvm.on(jdk).classpath(classpath()).main(ConflictApp.class, "--without-agent").run();
    without.assertExitedNormally();
    org.junit.jupiter.api.Assertions.assertEquals(without.stderrLines(), with.stderrLines(),
        () -> "stderr with the agent differs from stderr without it\nWITHOUT:\n" + without.describe()
            + "\nWITH:\n" + with.describe());
  }
}
