package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.LongPredicate;

/** Assertions on a fork's RESULT lines whose failure messages carry the fork's whole output. */
public final class Checks {
  private Checks() {}

  public static void eq(ForkResult r, String key, String expected) {
    String actual = r.result(key);
    assertEquals(expected, actual, () -> "RESULT " + key + "\n" + r.describe());
  }

  public static void num(ForkResult r, String key, String what, LongPredicate test) {
    String actual = r.result(key);
    long value;
    try {
      value = Long.parseLong(actual);
    } catch (NumberFormatException e) {
      throw new AssertionError("RESULT " + key + " is not a number: " + actual + "\n" + r.describe());
    }
    assertTrue(test.test(value), () -> "RESULT " + key + "=" + value + ", expected " + what + "\n" + r.describe());
  }

  public static void noInternalErrors(ForkResult r) {
    eq(r, "agent.mbean", "true");
    eq(r, "agent.internalErrors", "0");
  }

  public static void noProblems(ForkResult r) {
    eq(r, "agent.problems", "[]");
  }

  /** No line on stderr at all. */
  public static void silentStderr(ForkResult r) {
    assertTrue(r.stderrLines().isEmpty(), () -> "expected nothing on stderr\n" + r.describe());
  }

  /** A rules file for one scenario on one JDK, under target/it-work, written from lines. */
  public static Path rules(String scenario, Jdk jdk, String... lines) {
    return ItEnv.writeFile(ItEnv.workDir(scenario, jdk.id()), "rules.yaml", lines);
  }
}
