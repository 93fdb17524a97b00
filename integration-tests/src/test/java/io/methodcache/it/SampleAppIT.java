package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.sample.CatalogApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample catalog with config-samples/quickstart.yaml: same results, far fewer origin calls. */
class SampleAppIT {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void quickstartRulesCutOriginCallsAndKeepResults(Jdk jdk) {
    List<Path> cp = new ArrayList<>();
    cp.add(ItEnv.classes());
    cp.addAll(ItEnv.appLibs());
    String[] args = {"--calls", "1000", "--threads", "4", "--machine"};
    ForkResult without = ForkedJvm.on(jdk).classpath(cp).main(CatalogApp.class, args).run();
    without.assertExitedNormally();
    ForkResult with = ForkedJvm.on(jdk)
        .agent(ItEnv.configSamples().resolve("quickstart.yaml"))
        .classpath(cp)
        .main(CatalogApp.class, args)
        .run();
    with.assertExitedNormally();
    // quickstart.yaml is valid and every rule matches: the agent says nothing
    Checks.silentStderr(with);

    String both = "\nWITHOUT AGENT:\n" + without.describe() + "\nWITH AGENT:\n" + with.describe();
    assertEquals(without.result("lookups"), with.result("lookups"), both);
    assertEquals(without.result("checksum"), with.result("checksum"), () -> "results differ" + both);
    long originWithout = without.resultLong("origin");
    long originWith = with.resultLong("origin");
    assertTrue(originWith * 2 < originWithout,
        () -> "origin calls " + originWith + " with the agent vs " + originWithout + " without" + both);
    assertTrue(with.resultLong("quotes") < without.resultLong("quotes"), both);
    assertTrue(with.resultLong("db") < without.resultLong("db"), both);
  }
}
