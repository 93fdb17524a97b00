package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every sample in config-samples/ parses: without problems and with at least one rule, or, for
 * files named {@code invalid-*}, with problems (they show the messages off). The directory comes
 * from the system property {@code methodcache.samples.dir}, set by the agent's surefire config.
 */
class ConfigSamplesTest {

  @TestFactory
  Stream<DynamicTest> everySampleParses() throws IOException {
    String dir = System.getProperty("methodcache.samples.dir");
    assumeTrue(dir != null && !dir.isEmpty(), "methodcache.samples.dir is not set");
    Path samples = Paths.get(dir);
    assumeTrue(Files.isDirectory(samples), samples + " is not a directory");
    List<Path> files;
    try (Stream<Path> list = Files.list(samples)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted()
          .collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "no *.yaml in " + samples);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
        () -> check(file)));
  }

  private static void check(Path file) {
    // No environment: samples that use ${VAR} must give a default.
    RulesConfig config = RulesParser.load(file, name -> null);
    String problems = config.problems().stream().map(Problem::toString)
        .collect(Collectors.joining("\n"));
    if (file.getFileName().toString().startsWith("invalid-")) {
      assertFalse(config.problems().isEmpty(), file + " is meant to be invalid");
      for (Problem p : config.problems()) {
        assertEquals(file.toString(), p.position().file());
      }
    } else {
      assertTrue(config.problems().isEmpty(), file + ":\n" + problems);
      assertFalse(config.rules().isEmpty(), file + " has no rules");
    }
  }
}
