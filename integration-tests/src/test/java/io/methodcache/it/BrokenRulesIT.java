package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.HealthyApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad rules file never stops the app (unless {@code strict: true}); every problem is reported once
 * on stderr as {@code methodcache: FILE:LINE:COL: rule 'NAME': message}; valid rules still apply.
 */
class BrokenRulesIT {
  private static final String G = "io.methodcache.it.target.Greeter#";

  /** One file holding one valid rule and many broken ones, each on a known line. */
  static final RulesText MANY = new RulesText()
      .line("# one valid rule and many broken ones")
      .line("namespace: it")
      .line("rules:")
      .line("  - name: ok-greet", "ok-greet")
      .line("    method: " + G + "greet(java.lang.String)")
      .line("    ttl: ${METHODCACHE_IT_UNSET_TTL:-5m}")
      .line("  - name: unknown-key", "unknown-key")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    tll: 5m", "unknown-key")
      .line("  - name: bad-duration", "bad-duration")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    ttl: 5 minutes", "bad-duration")
      .line("  - name: bad-percentage", "bad-percentage")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    jitter: 150%", "bad-percentage")
      .line("  - name: wrong-type", "wrong-type")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    max-entries: [1, 2]", "wrong-type")
      .line("  - name: malformed-method", "malformed-method")
      .line("    method: " + G + "shout(java.lang.String", "malformed-method")
      .line("  - name: bad-stampede", "bad-stampede")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    stampede: everywhere", "bad-stampede")
      .line("  - name: unset-variable", "unset-variable")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    ttl: ${METHODCACHE_IT_UNSET_VARIABLE}", "unset-variable")
      .line("  - name: dup-name", "dup-name-first")
      .line("    method: " + G + "wave(java.lang.String)")
      .line("  - name: dup-name", "dup-name")
      .line("    method: " + G + "wave(java.lang.String)")
      .line("  - name: void-method", "void-method")
      .line("    method: " + G + "touch(java.lang.String)", "void-method")
      .line("  - name: matches-nothing", "matches-nothing")
      .line("    method: " + G + "noSuchMethod(..)", "matches-nothing")
      .line("  - name: key-arg-missing", "key-arg-missing")
      .line("    method: " + G + "shout(java.lang.String)", "key-arg-missing")
      .line("    key: \"{3}\"", "key-arg-missing")
      .line("  - name: negative-max", "negative-max")
      .line("    method: " + G + "shout(java.lang.String)")
      .line("    max-entries: -5", "negative-max")
      .line("  - name: jdk-method", "jdk-method")
      .line("    method: java.lang.Integer#toHexString(int)", "jdk-method");

  static final List<String> MANY_PROBLEMS = List.of("unknown-key", "bad-duration", "bad-percentage",
      "wrong-type", "malformed-method", "bad-stampede", "unset-variable", "dup-name", "void-method",
      "matches-nothing", "key-arg-missing", "negative-max", "jdk-method");

  static ForkResult many(Jdk jdk) {
    return Scenarios.once("many-problems", jdk, () -> ForkedJvm.on(jdk)
        .agent(ItEnv.writeFile(ItEnv.workDir("many-problems", jdk.id()), "many-problems.yaml", MANY.text()))
        .withoutEnv("METHODCACHE_IT_UNSET_TTL")
        .withoutEnv("METHODCACHE_IT_UNSET_VARIABLE")
        .classpath(ItEnv.testClasses())
        .main(HealthyApp.class)
        .run());
  }

  static Stream<Arguments> manyProblems() {
    return Jdks.jdks().flatMap(jdk -> MANY_PROBLEMS.stream().map(p -> Arguments.of(jdk, p)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("manyProblems")
  void eachProblemIsReportedOnceWithFileLineAndColumn(Jdk jdk, String rule) {
    ForkResult r = many(jdk);
    Pattern at = Pattern.compile(Pattern.quote("many-problems.yaml") + ":(\\d+):(\\d+):");
    List<String> lines = r.stderrLines().stream()
        .filter(l -> l.contains("'" + rule + "'"))
        .collect(Collectors.toList());
    assertEquals(1, lines.size(), () -> "expected one stderr line naming rule '" + rule + "'\n" + r.describe());
    String line = lines.get(0);
    assertTrue(line.startsWith("methodcache: "), () -> "no 'methodcache: ' prefix: " + line);
    Matcher m = at.matcher(line);
    assertTrue(m.find(), () -> "no many-problems.yaml:LINE:COL in: " + line);
    int lineNo = Integer.parseInt(m.group(1));
    int col = Integer.parseInt(m.group(2));
    Set<Integer> expected = MANY.lines(rule);
    assertTrue(expected.contains(lineNo), () -> "line " + lineNo + " but the problem is on line(s) " + expected + ": " + line);
    assertTrue(col >= 1, () -> "column " + col + ": " + line);
    if (rule.equals("unknown-key")) {
      assertTrue(line.contains("tll") && line.contains("ttl"), () -> "should name 'tll' and suggest 'ttl': " + line);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theAppRunsAndTheValidRuleNextToBrokenOnesStillCaches(Jdk jdk) {
    ForkResult r = many(jdk).assertExitedNormally();
    assertEquals("app: started", r.stdoutLines().get(0), r::describe);
    assertEquals("app: done", r.stdoutLines().get(r.stdoutLines().size() - 1), r::describe);
    eq(r, "greet", "Hello, ada!");
    eq(r, "greetBodies", "1");
    // every rule on shout(String) is broken: none of them may apply
    eq(r, "shoutBodies", "3");
  }

  // ---- files broken as a whole

  static Stream<Arguments> wholeFileVariants() {
    return Jdks.jdks().flatMap(jdk -> Stream.of("not-yaml", "not-a-mapping", "binary", "empty",
        "alias-bomb", "deep-nesting", "java-tag", "unknown-top-level-key").map(v -> Arguments.of(jdk, v)));
  }

  static Path wholeFile(Path dir, String variant) {
    String name = variant + ".yaml";
    switch (variant) {
      case "not-yaml":
        return ItEnv.writeFile(dir, name, "rules: [unclosed", "  - name: x", "    method: {{{");
      case "unknown-top-level-key":
        return ItEnv.writeFile(dir, name,
            "namespace: it",
            "rulez:",
            "  - name: greet",
            "    method: " + G + "greet(java.lang.String)");
      case "not-a-mapping":
        return ItEnv.writeFile(dir, name, "- just", "- a list");
      case "binary": {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0;
        garbage[100] = 0;
        return ItEnv.writeBytes(dir, name, garbage);
      }
      case "empty":
        return ItEnv.writeBytes(dir, name, new byte[0]);
      case "alias-bomb": {
        List<String> lines = new ArrayList<>();
        lines.add("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]");
        for (int i = 1; i <= 9; i++) {
          String prev = "*a" + (i - 1);
          lines.add("a" + i + ": &a" + i + " [" + String.join(",", java.util.Collections.nCopies(9, prev)) + "]");
        }
        lines.add("rules: *a9");
        return ItEnv.writeFile(dir, name, lines.toArray(new String[0]));
      }
      case "deep-nesting":
        return ItEnv.writeBytes(dir, name,
            ("rules: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8));
      case "java-tag":
        return ItEnv.writeFile(dir, name,
            "rules:",
            "  - name: canary",
            "    method: !!io.methodcache.it.apps.Canary [\"constructed\"]");
      default:
        throw new IllegalArgumentException(variant);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("wholeFileVariants")
  void aFileBrokenAsAWholeIsReportedAndTheAppRunsUncached(Jdk jdk, String variant) {
    Path rules = wholeFile(ItEnv.workDir("whole-file", jdk.id(), variant), variant);
    ForkResult r = ForkedJvm.on(jdk).agent(rules).classpath(ItEnv.testClasses()).main(HealthyApp.class).run();
    r.assertExitedNormally();
    assertHealthyOutputUncached(r);
    String file = rules.getFileName().toString();
    Pattern at = Pattern.compile(Pattern.quote(file) + ":\\d+:\\d+: ");
    assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("methodcache: ") && at.matcher(l).find()),
        () -> "no 'methodcache: " + file + ":LINE:COL: ...' line on stderr\n" + r.describe());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aMissingRulesFileIsReportedAndTheAppRuns(Jdk jdk) {
    Path missing = ItEnv.workDir("missing-file", jdk.id()).resolve("no-such-rules.yaml");
    ForkResult r = ForkedJvm.on(jdk).agent(missing).classpath(ItEnv.testClasses()).main(HealthyApp.class).run();
    r.assertExitedNormally();
    assertHealthyOutputUncached(r);
    assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("methodcache: ") && l.contains("no-such-rules.yaml")),
        () -> "no 'methodcache: ...no-such-rules.yaml...' line on stderr\n" + r.describe());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void strictModeStopsTheJvmWithTheMessage(Jdk jdk) {
    RulesText strict = new RulesText()
        .line("strict: true")
        .line("rules:")
        .line("  - name: ok-greet")
        .line("    method: " + G + "greet(java.lang.String)")
        .line("  - name: broken")
        .line("    method: " + G + "shout(java.lang.String)")
        .line("    ttl: 5 minutes", "broken");
    Path rules = ItEnv.writeFile(ItEnv.workDir("strict", jdk.id()), "strict.yaml", strict.text());
    ForkResult r = ForkedJvm.on(jdk).agent(rules).classpath(ItEnv.testClasses()).main(HealthyApp.class).run();
    assertFalse(r.timedOut(), r::describe);
    assertEquals(Integer.valueOf(78), r.exitCode(), () -> "exit status\n" + r.describe());
    int line = strict.lines("broken").iterator().next();
    assertTrue(r.stderrLines().stream().anyMatch(l -> l.startsWith("methodcache: ")
            && l.contains("strict.yaml:" + line + ":") && l.contains("'broken'")),
        () -> "no 'methodcache: strict.yaml:" + line + ":COL: rule 'broken': ...' on stderr\n" + r.describe());
    assertFalse(r.stdout().contains("app: started"), () -> "the app ran\n" + r.describe());
  }

  /** The healthy app's own output, with nothing cached: each body ran on each of its 3 calls. */
  static void assertHealthyOutputUncached(ForkResult r) {
    assertFalse(r.stdout().contains("CANARY"), () -> "a YAML tag constructed a Java object\n" + r.describe());
    assertEquals(List.of("app: started", "RESULT greet=Hello, ada!", "RESULT greetBodies=3",
        "RESULT shoutBodies=3", "app: done"), r.stdoutLines(), r::describe);
  }
}
