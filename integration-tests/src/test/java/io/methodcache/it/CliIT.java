package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.cli.CliApp;
import io.methodcache.it.apps.cli.PriceOrigin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line ({@code java -jar methodcache-agent.jar ...}) in forked JVMs: validate against
 * a class path; stats, toggle, invalidate and reload against an app started with the agent; and
 * attach to an app started without it, whose hit ratio then rises.
 */
class CliIT {
  private static final Duration STEP = Duration.ofSeconds(20);
  private static final String ORIGIN = PriceOrigin.class.getName();

  /** {@code java -jar <agent jar> ARGS} on the JDK, as an operator would run it. */
  private static ForkResult cli(Jdk jdk, String... args) {
    return ForkedJvm.on(jdk)
        .baseJvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar")
        .main(ItEnv.agentJar().toString(), args)
        .timeout(Duration.ofSeconds(60))
        .run();
  }

  private static void assertExit(int expected, ForkResult r) {
    assertTrue(!r.timedOut() && r.exitCode() != null && r.exitCode() == expected,
        () -> "expected exit status " + expected + "\n" + r.describe());
  }

  private static ForkedJvm app(Jdk jdk, Path rules, String... args) {
    ForkedJvm fork = ForkedJvm.on(jdk).classpath(ItEnv.testClasses()).main(CliApp.class, args);
    return rules == null ? fork : fork.agent(rules)
        .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.reload.interval=0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void validateListsWhatEachRuleMatchesOnAClassPath(Jdk jdk) {
    Path rules = Checks.rules("cli-validate", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + "#price(String)",
        "  - name: everything",
        "    method: " + ORIGIN + "#*",
        "  - name: typo",
        "    method: io.methodcache.it.apps.cli.PriceOrign#price");
    ForkResult r = cli(jdk, "validate", rules.toString(), "--classpath",
        ItEnv.testClasses().toString());
    assertExit(1, r);
    assertEquals(List.of(
        "match price " + ORIGIN + "#price(java.lang.String) -> java.lang.String",
        "taken everything " + ORIGIN + "#price(java.lang.String) -> java.lang.String"
            + " -- already matched by rule 'price'",
        "void everything " + ORIGIN + "#audit(java.lang.String) -> void -- not cacheable, skipped",
        "nothing everything -- no matched method can be cached (see the lines above)",
        "nothing typo -- no class on the class path matches the type"
            + " io.methodcache.it.apps.cli.PriceOrign",
        "3 valid rule(s), 1 problem(s) in " + rules),
        r.stdoutLines().subList(0, 6), r::describe);
    assertTrue(r.stdoutLines().get(6).matches("\\d+ class\\(es\\) on the class path, 1 method\\(s\\)"
        + " matched, 2 rule\\(s\\) match nothing"), r::describe);
    // as the agent decides when the class loads (both use MethodSelection): the method goes to
    // the first rule; the second, left with a void method only, gets the one problem saying why
    assertEquals(List.of(rules + ":4:5: rule 'everything': " + ORIGIN + "#price(java.lang.String)"
        + " is already cached by rule 'price'; this rule skips it; fix: make the two 'method:'"
        + " patterns disjoint"),
        r.stderrLines(), r::describe);

    Path clean = Checks.rules("cli-validate-clean", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + "#price");
    r = cli(jdk, "validate", clean.toString(), "-cp", ItEnv.testClasses().toString());
    assertExit(0, r);
    assertEquals("match price " + ORIGIN + "#price(java.lang.String) -> java.lang.String",
        r.stdoutLines().get(0), r::describe);
    assertTrue(r.stderrLines().isEmpty(), r::describe);

    r = cli(jdk, "validate", "--help");
    assertExit(0, r);
    r = cli(jdk, "validate");
    assertExit(2, r);
    assertEquals("error: missing RULES (the rules file)", r.stderrLines().get(0), r::describe);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void statsToggleInvalidateAndReloadARunningAgent(Jdk jdk) {
    Path rules = Checks.rules("cli-control", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + "#price(String)");
    try (ForkedJvm.Running app = app(jdk, rules).start()) {
      app.awaitLine("READY"::equals, STEP);
      String pid = Long.toString(app.pid());
      assertEquals("price(a)=1", app.ask("call a", STEP));
      assertEquals("price(a)=1", app.ask("call a", STEP), "a hit");
      assertEquals("price(b)=1", app.ask("call b", STEP));

      ForkResult stats = cli(jdk, "stats", pid);
      assertExit(0, stats);
      System.out.println("[" + jdk.id() + "] stats " + pid + ":\n" + stats.stdout());
      List<String> lines = stats.stdoutLines();
      assertTrue(lines.get(0).startsWith("agent " + pid + ": enabled=true internal-errors=0"
          + " problems=0 l2=off"), stats::describe);
      assertEquals("config: " + rules, lines.get(1), stats::describe);
      assertEquals(List.of("RULE", "ENABLED", "HITS", "MISSES", "HIT-RATIO", "LOADS",
          "LOAD-MS-MEAN", "SIZE", "EVICTIONS", "INVALIDATIONS", "ERRORS", "L2-HITS", "L2-MISSES",
          "L2-ERRORS"),
          List.of(lines.get(2).trim().split("\\s+")), stats::describe);
      String[] row = lines.get(3).trim().split("\\s+");
      assertEquals(List.of("price", "on", "1", "2", "0.333", "2"), List.of(row).subList(0, 6),
          stats::describe);
      assertEquals("2", row[7], "size");
      assertEquals(4, lines.size(), stats::describe);
      assertTrue(stats.stderrLines().isEmpty(), stats::describe);

      ForkResult json = cli(jdk, "stats", pid, "--json", "--rule", "price");
      assertExit(0, json);
      assertTrue(json.stdout().startsWith("{\"pid\":" + pid + ",\"agent\":{"), json::describe);
      assertTrue(json.stdout().contains("\"rules\":[{\"Name\":\"price\","), json::describe);
      assertTrue(json.stdout().matches(".*[{,]\"Hits\":1[,}].*"), json::describe);
      assertTrue(json.stdout().matches(".*[{,]\"Enabled\":true[,}].*"), json::describe);
      assertTrue(json.stdout().endsWith("}]}"), json::describe);

      // off: every call computes; on again: hits
      ForkResult toggle = cli(jdk, "toggle", pid, "price", "off");
      assertExit(0, toggle);
      assertEquals(List.of("rule price: off (was on)"), toggle.stdoutLines(), toggle::describe);
      assertEquals("price(a)=2", app.ask("call a", STEP));
      assertEquals("price(a)=3", app.ask("call a", STEP));
      assertExit(0, cli(jdk, "toggle", pid, "price", "on"));
      String first = app.ask("call a", STEP);
      assertEquals(first, app.ask("call a", STEP), "a hit once switched back on");

      // the agent-wide switch
      toggle = cli(jdk, "toggle", pid, "--all", "off");
      assertExit(0, toggle);
      assertEquals(List.of("agent: off (was on)"), toggle.stdoutLines(), toggle::describe);
      assertEquals("price(b)=2", app.ask("call b", STEP));
      assertExit(0, cli(jdk, "toggle", pid, "--all", "on"));
      first = app.ask("call b", STEP);
      assertEquals(first, app.ask("call b", STEP), "a hit once the agent is back on");

      // one key, then all
      app.ask("call c", STEP);
      assertEquals("price(c)=1", app.ask("call c", STEP));
      ForkResult one = cli(jdk, "invalidate", pid, "price", "c");
      assertExit(0, one);
      assertEquals(List.of("rule price: invalidated key c"), one.stdoutLines(), one::describe);
      assertEquals("price(c)=2", app.ask("call c", STEP), "reloaded after invalidate(key)");
      ForkResult all = cli(jdk, "invalidate", pid, "price");
      assertExit(0, all);
      assertEquals(List.of("rule price: invalidated all entries"), all.stdoutLines(),
          all::describe);
      assertEquals("price(c)=3", app.ask("call c", STEP));
      assertEquals("price(b)=3", app.ask("call b", STEP)); // computed twice so far

      // reload: applied when valid; a broken file is rejected with its problems
      ForkResult reload = cli(jdk, "reload", pid);
      assertExit(0, reload);
      assertEquals("reload of " + rules + " in " + pid + ": applied", reload.stdoutLines().get(0),
          reload::describe);
      assertTrue(reload.stdoutLines().get(1).startsWith("result: "), reload::describe);
      ItEnv.writeFile(rules.getParent(), "rules.yaml",
          "rules:",
          "  - name: price",
          "    method: " + ORIGIN + ".price");
      reload = cli(jdk, "reload", pid);
      assertExit(1, reload);
      assertEquals("reload of " + rules + " in " + pid + ": rejected", reload.stdoutLines().get(0),
          reload::describe);
      assertTrue(reload.stdoutLines().get(2).startsWith("problem " + rules + ":3:13: rule 'price':"
          + " 'method': expected Type#method(params)"), reload::describe);
      assertEquals("price(c)=3", app.ask("call c", STEP), "the running rule still caches");
      ItEnv.writeFile(rules.getParent(), "rules.yaml",
          "rules:",
          "  - name: price",
          "    method: " + ORIGIN + "#price(String)");
      assertExit(0, cli(jdk, "reload", pid));

      // mistakes
      ForkResult noRule = cli(jdk, "toggle", pid, "nope", "on");
      assertExit(1, noRule);
      assertEquals(List.of("error: no rule 'nope' in JVM " + pid + "; its rules are: price"),
          noRule.stderrLines(), noRule::describe);
      ForkResult twice = cli(jdk, "attach", pid, rules.toString());
      assertExit(1, twice);
      assertTrue(twice.stderrLines().get(0).startsWith("error: the methodcache agent already runs"
          + " in JVM " + pid), twice::describe);

      ForkResult done = app.finish();
      done.assertExitedNormally();
      for (String line : done.stderrLines()) {
        // the agent's own report of the rejected reload, and nothing else
        assertTrue(line.contains("rules.yaml:3:13: rule 'price'") || line.contains("rejected"),
            done::describe);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void attachToARunningAppRaisesItsHitRatio(Jdk jdk) throws Exception {
    Path rules = Checks.rules("cli-attach", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + "#price(String)");
    try (ForkedJvm.Running app = app(jdk, null, "--background").start()) {
      app.awaitLine("READY"::equals, STEP);
      String pid = Long.toString(app.pid());

      // without the agent: every call reaches the origin
      long[] before = counts(app);
      Thread.sleep(300);
      long[] uncached = counts(app);
      assertTrue(uncached[1] - before[1] > 20, "the background thread runs");
      assertEquals(uncached[1] - before[1], uncached[0] - before[0], "no caching yet");

      ForkResult stats = cli(jdk, "stats", pid);
      assertExit(3, stats);
      assertTrue(stats.stderrLines().get(0).startsWith("error: no methodcache agent in JVM " + pid),
          stats::describe);

      ForkResult attach = cli(jdk, "attach", pid, rules.toString());
      assertExit(0, attach);
      assertEquals(List.of("attached to " + pid,
          "agent running in " + pid + ": 1 rule(s) from " + rules), attach.stdoutLines(),
          attach::describe);

      // the class was retransformed while the thread ran it: at most one miss per SKU from now
      long[] attached = counts(app);
      Thread.sleep(500);
      long[] cached = counts(app);
      long calls = cached[1] - attached[1];
      long origin = cached[0] - attached[0];
      assertTrue(calls > 20 && origin <= 10,
          () -> calls + " calls reached the origin " + origin + " times after the attach");

      double early = hitRatio(cli(jdk, "stats", pid));
      Thread.sleep(500);
      ForkResult later = cli(jdk, "stats", pid);
      double ratio = hitRatio(later);
      System.out.println("[" + jdk.id() + "] after attach, stats " + pid + ":\n" + later.stdout());
      assertTrue(ratio >= early && ratio > 0.9,
          () -> "hit ratio " + early + " then " + ratio + "\n" + later.describe());

      // a CLI on another JDK reads it too
      for (Jdk other : Jdks.all()) {
        if (other.isPresent() && other.feature() != jdk.feature()) {
          ForkResult cross = cli(other, "stats", pid, "--rule", "price");
          assertExit(0, cross);
          assertTrue(cross.stdoutLines().get(3).startsWith("price"), cross::describe);
          break;
        }
      }

      ForkResult twice = cli(jdk, "attach", pid, rules.toString());
      assertExit(1, twice);

      ForkResult done = app.finish();
      done.assertExitedNormally();
      for (String line : done.stderrLines()) {
        // JDK 21+ warns about an agent loaded at run time; the agent itself says nothing
        assertTrue(line.startsWith("WARNING:") || line.isBlank(), done::describe);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void unreachableJvmsAndUsageErrors(Jdk jdk) throws Exception {
    Path rules = Checks.rules("cli-errors", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + "#price(String)");
    Process gone = new ProcessBuilder(jdk.java().toString(), "-version")
        .redirectErrorStream(true).start();
    gone.getInputStream().readAllBytes();
    gone.waitFor();
    ForkResult r = cli(jdk, "attach", Long.toString(gone.pid()), rules.toString());
    assertExit(3, r);
    assertEquals(List.of("error: no process " + gone.pid() + " (jps or jcmd lists Java processes)"),
        r.stderrLines(), r::describe);

    Path broken = Checks.rules("cli-errors-broken", jdk,
        "rules:",
        "  - name: price",
        "    method: " + ORIGIN + ".price");
    r = cli(jdk, "attach", "1", broken.toString());
    assertExit(1, r);
    assertTrue(r.stderrLines().get(0).startsWith(broken + ":3:13: rule 'price':"), r::describe);

    r = cli(jdk, "toggle", "12x", "price", "on");
    assertExit(2, r);
    r = cli(jdk);
    assertExit(2, r);
    assertTrue(r.stderrLines().get(0).startsWith("usage: java -jar methodcache-agent.jar"),
        r::describe);
  }

  private static long[] counts(ForkedJvm.Running app) {
    String answer = app.ask("count", STEP);
    Matcher m = Pattern.compile("origin=(\\d+) calls=(\\d+)").matcher(answer);
    assertTrue(m.matches(), answer);
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  /** The HIT-RATIO of the one rule row of a stats table. */
  private static double hitRatio(ForkResult stats) {
    assertExit(0, stats);
    String[] row = stats.stdoutLines().get(3).trim().split("\\s+");
    assertEquals("price", row[0], stats::describe);
    return Double.parseDouble(row[4].toLowerCase(Locale.ROOT));
  }
}
