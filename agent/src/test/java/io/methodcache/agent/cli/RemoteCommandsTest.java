package io.methodcache.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stats, toggle, invalidate, reload and attach against stand-in MBeans (no second JVM). */
class RemoteCommandsTest {
  @TempDir
  Path tmp;

  private static ValidateTest.Run run(Jvms.Connector connector, Attach.Loader loader, Path jar,
      String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), connector, loader, jar);
    return new ValidateTest.Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static ValidateTest.Run run(FakeAgent fake, String... args) {
    return run(fake.connector(), (j, p, a) -> { throw new AssertionError("no attach"); }, null,
        args);
  }

  @Test
  void statsTable() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    fake.price.state = "broken";
    ValidateTest.Run r = run(fake, "stats", "4242");
    assertEquals(0, r.status, r.toString());
    // caching rules with what removed entries (EVICTIONS: size or TTL; INVALIDATIONS: asked
    // for), then write rules with what they did: they cache nothing, so hits would be zeros
    assertEquals(List.of(
        "agent 4242: enabled=true internal-errors=0 problems=0 l2=connected to redis://127.0.0.1:6379",
        "config: /srv/rules.yaml",
        "RULE         ENABLED  HITS  MISSES  HIT-RATIO  LOADS  LOAD-MS-MEAN  SIZE  EVICTIONS"
            + "  INVALIDATIONS  ERRORS  L2-HITS  L2-MISSES  L2-ERRORS",
        "stock        on         90      10      0.900     10         1.250    10          3"
            + "              2       0        0          0          0",
        "price-quote  broken      0       0      0.000      0         1.250     0          3"
            + "              2       0        0          0          0",
        "WRITE-RULE  ENABLED  CALLS  EVICTIONS-FIRED  PUTS-FIRED  ERRORS",
        "stock-save  on           4                4           0       0"),
        r.out, r.toString());
    assertEquals(List.of(), r.err);

    r = run(fake, "stats", "4242", "--rule", "price-quote");
    assertEquals(4, r.out.size(), r.toString());
    assertTrue(r.out.get(3).startsWith("price-quote  broken"), r.toString());
    r = run(fake, "stats", "4242", "--rule", "stock-save");
    assertEquals(List.of("WRITE-RULE  ENABLED  CALLS  EVICTIONS-FIRED  PUTS-FIRED  ERRORS",
        "stock-save  on           4                4           0       0"),
        r.out.subList(2, r.out.size()), r.toString());

    r = run(fake, "stats", "4242", "--rule", "nope");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertEquals(List.of("error: no rule 'nope' in JVM 4242; its rules are: stock, price-quote,"
        + " stock-save"), r.err);

    // an agent without State, WriteRule and the new figures: its rules, with what it has
    r = run(new FakeAgent(false), "stats", "4242");
    assertEquals(0, r.status, r.toString());
    assertEquals("stock        on         90      10      0.900     10         1.250    10"
        + "          -              -       0        0          0          0", r.out.get(3),
        r.toString());
  }

  @Test
  void statsJson() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    fake.agent.problems = new String[] {"r.yaml:3:5: rule 'x': \"quoted\"\tand tab"};
    ValidateTest.Run r = run(fake, "stats", "7", "--json");
    assertEquals(0, r.status, r.toString());
    assertEquals(1, r.out.size(), r.toString());
    String json = r.out.get(0);
    assertTrue(json.startsWith("{\"pid\":7,\"agent\":{"), json);
    assertTrue(json.contains("\"Problems\":[\"r.yaml:3:5: rule 'x': \\\"quoted\\\"\\tand tab\"]"),
        json);
    assertTrue(json.contains("\"RuleNames\":[\"stock\",\"price-quote\",\"stock-save\"]"), json);
    assertTrue(json.contains("{\"Name\":\"stock\","), json);
    assertTrue(json.contains("\"HitRatio\":0.9"), json);
    assertTrue(json.contains("\"Hits\":90"), json);
    assertTrue(json.endsWith("}]}"), json);
  }

  @Test
  void toggleRuleAndAgent() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    ValidateTest.Run r = run(fake, "toggle", "9", "stock", "off");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("rule stock: off (was on)"), r.out);
    assertFalse(fake.stock.enabled);
    r = run(fake, "toggle", "9", "stock", "on");
    assertEquals(List.of("rule stock: on (was off)"), r.out);
    assertTrue(fake.stock.enabled);

    r = run(fake, "toggle", "9", "--all", "off");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("agent: off (was on)"), r.out);
    assertFalse(fake.agent.enabled);

    r = run(fake, "toggle", "9", "nope", "on");
    assertEquals(Main.FAILED, r.status, r.toString());
    r = run(fake, "toggle", "9", "stock", "maybe");
    assertEquals(Main.USAGE, r.status, r.toString());
    assertEquals("error: expected on or off, not 'maybe'", r.err.get(0));
    r = run(fake, "toggle", "9", "stock");
    assertEquals(Main.USAGE, r.status, r.toString());
    assertEquals("error: missing on|off", r.err.get(0));
  }

  @Test
  void invalidateAllOrOneKey() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    ValidateTest.Run r = run(fake, "invalidate", "9", "stock");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("rule stock: invalidated all entries"), r.out);
    r = run(fake, "invalidate", "9", "stock", "-5");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("rule stock: invalidated key -5"), r.out);
    r = run(fake, "invalidate", "9", "stock", "--", "--odd");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("*", "-5", "--odd"), fake.stock.invalidated);

    FakeAgent old = new FakeAgent(false);
    r = run(old, "invalidate", "9", "stock", "42");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertTrue(r.err.get(0).startsWith("error: invalidate by key is not supported by the agent in"
        + " that JVM"), r.toString());
    assertEquals(List.of(), old.stock.invalidated);
  }

  /** The agent's account of an invalidation that found nothing is the answer, with status 1. */
  @Test
  void invalidateThatMatchesNothingFails() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    ValidateTest.Run r = run(fake, "invalidate", "9", "stock", "abc");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertEquals(List.of("rule stock: nothing matched: no key of this rule can be 'abc':"
        + " find(long) renders its keys as its arguments joined with ',' (long), e.g. 42"), r.out);
  }

  /** A write rule caches nothing: naming it is refused, saying what it does instead. */
  @Test
  void invalidateNamingAWriteRuleFails() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    for (String[] args : new String[][] {{"invalidate", "9", "stock-save", "42"},
        {"invalidate", "9", "stock-save"}, {"invalidate", "9", "stock-save", "--tag", "t"}}) {
      ValidateTest.Run r = run(fake, args);
      assertEquals(Main.FAILED, r.status, r.toString());
      assertEquals(List.of("error: rule stock-save is a write rule, it caches nothing (when its"
          + " method runs it does: evict stock key {0.sku}); invalidate the caching rule it"
          + " writes to, e.g. 'invalidate 9 RULE KEY'"), r.err, r.toString());
    }
    assertEquals(List.of(), fake.save.invalidated);
  }

  @Test
  void invalidateByTag() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    ValidateTest.Run r = run(fake, "invalidate", "9", "stock", "--tag", "product:42");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("rule stock: invalidated tag product:42"), r.out);
    assertEquals(List.of("tag product:42"), fake.stock.invalidated);
    r = run(fake, "invalidate", "9", "stock", "42", "--tag", "product:42");
    assertEquals(Main.USAGE, r.status, r.toString());
    FakeAgent old = new FakeAgent(false);
    r = run(old, "invalidate", "9", "stock", "--tag", "catalog");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertTrue(r.err.get(0).contains("cannot invalidate by tag"), r.toString());
  }

  @Test
  void reloadWhenSupported() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    fake.agent.problems = new String[] {"/srv/rules.yaml:9:5: rule 'old': found at start"};
    ValidateTest.Run r = run(fake, "reload", "9");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("reload of /srv/rules.yaml in 9: applied",
        "result: applied at 2026-01-01T00:00:00Z: 0 added, 0 removed, 1 changed in place"), r.out);
    assertEquals(1, fake.agent.reloads);

    // rejected: the agent's answer says so and lists the problems; nothing says "applied"
    fake.agent.rejectWith = new String[] {"/srv/rules.yaml:4:5: rule 'x': bad",
        "/srv/rules.yaml:7:13: rule 'y': worse"};
    r = run(fake, "reload", "9");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertEquals(List.of("reload of /srv/rules.yaml in 9: rejected",
        "result: rejected at 2026-01-01T00:00:00Z: 2 problem(s) in /srv/rules.yaml; none of it"
            + " takes effect, the running rules are kept",
        "problem /srv/rules.yaml:4:5: rule 'x': bad",
        "problem /srv/rules.yaml:7:13: rule 'y': worse"), r.out);
    assertFalse(String.join("\n", r.out).contains("applied at"), r.toString());

    // a valid file again: applied, and the problems of the rejected one are gone
    fake.agent.rejectWith = null;
    r = run(fake, "reload", "9");
    assertEquals(0, r.status, r.toString());
    assertEquals(2, r.out.size(), r.toString());
    assertEquals(0, fake.agent.problems.length);

    r = run(new FakeAgent(false), "reload", "9");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertEquals(List.of("error: reload is not supported by the agent in that JVM (its"
        + " io.methodcache:type=Agent MBean has no reload() operation)"), r.err);
  }

  @Test
  void noAgentInThatJvm() {
    Jvms.Connector empty = pid -> new Jvms.Session() {
      final javax.management.MBeanServer s = MBeanServerFactory.newMBeanServer();
      @Override public javax.management.MBeanServerConnection mbeans() { return s; }
      @Override public void close() {}
    };
    ValidateTest.Run r = run(empty, null, null, "stats", "9");
    assertEquals(Main.UNREACHABLE, r.status, r.toString());
    assertTrue(r.err.get(0).startsWith("error: no methodcache agent in JVM 9"), r.toString());
  }

  @Test
  void aProcessThatDoesNotExist() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-version").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    long gone = p.pid();
    for (String[] args : new String[][] {{"stats", "" + gone}, {"toggle", "" + gone, "a", "on"},
        {"invalidate", "" + gone, "a"}, {"reload", "" + gone}}) {
      ValidateTest.Run r = ValidateTest.main(args);
      assertEquals(Main.UNREACHABLE, r.status, r.toString());
      assertEquals(List.of("error: no process " + gone + " (jps or jcmd lists Java processes)"),
          r.err);
    }
    ValidateTest.Run r = ValidateTest.main("stats", "" + ProcessHandle.current().pid());
    assertEquals(Main.USAGE, r.status, r.toString());
  }

  @Test
  void neverSignalsAProcessThatIsNoJvm() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")),
        "Linux /proc");
    assertEquals(Boolean.TRUE, Jvms.catchesSigquit(ProcessHandle.current().pid()));
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      assertEquals(Boolean.FALSE, Jvms.catchesSigquit(sleep.pid()));
      ValidateTest.Run r = ValidateTest.main("stats", "" + sleep.pid());
      assertEquals(Main.UNREACHABLE, r.status, r.toString());
      assertTrue(r.err.get(0).startsWith("error: process " + sleep.pid() + " is not a Java"
          + " virtual machine that accepts attaching"), r.toString());
      assertTrue(sleep.isAlive(), "SIGQUIT would have ended it");
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void attachValidatesThenLoadsAndWaitsForTheAgent() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    fake.server.unregisterMBean(RemoteAgent.AGENT); // not running yet
    Path rules = Files.writeString(tmp.resolve("rules.yaml"),
        "rules:\n  - name: stock\n    method: a.B#stock\n");
    Path jar = Files.writeString(tmp.resolve("agent.jar"), "");
    List<String> calls = new ArrayList<>();
    Attach.Loader loader = (j, pid, argument) -> {
      calls.add(j + " " + pid + " " + argument);
      fake.server.registerMBean(new javax.management.StandardMBean(fake.agent,
          FakeAgent.ReloadingAgentMXBean.class, true), RemoteAgent.AGENT);
    };
    ValidateTest.Run r = run(fake.connector(), loader, jar, "attach", "77", rules.toString());
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of(jar + " 77 " + rules.toAbsolutePath()), calls);
    assertEquals(List.of("attached to 77", "agent running in 77: 3 rule(s) from /srv/rules.yaml"),
        r.out);

    // now it runs there: not attached twice
    r = run(fake.connector(), loader, jar, "attach", "77", rules.toString());
    assertEquals(Main.FAILED, r.status, r.toString());
    assertEquals(List.of("error: the methodcache agent already runs in JVM 77 with"
        + " /srv/rules.yaml; not attached again (use 'reload 77' to apply a changed rules file)"),
        r.err);
    assertEquals(1, calls.size());
  }

  @Test
  void attachRefusesAFileWithProblemsUnlessForced() throws Exception {
    FakeAgent fake = new FakeAgent(true);
    fake.server.unregisterMBean(RemoteAgent.AGENT);
    Path rules = Files.writeString(tmp.resolve("bad.yaml"),
        "rules:\n  - name: stock\n    method: a.B.stock\n");
    Path jar = Files.writeString(tmp.resolve("agent.jar"), "");
    List<String> calls = new ArrayList<>();
    Attach.Loader loader = (j, pid, argument) -> calls.add(argument);
    ValidateTest.Run r = run(fake.connector(), loader, jar, "attach", "77", rules.toString());
    assertEquals(Main.FAILED, r.status, r.toString());
    assertTrue(r.err.get(0).startsWith(rules + ":3:13: rule 'stock':"), r.toString());
    assertEquals("error: " + rules.toAbsolutePath() + " has 1 problem(s); not attached (fix them,"
        + " or add --force to attach anyway: invalid rules are skipped)", r.err.get(1));
    assertEquals(List.of(), calls);

    r = run(fake.connector(), loader, jar, "attach", "77", rules.toString(), "--force",
        "--wait", "0");
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of("attached to 77"), r.out);
    assertEquals(1, calls.size());

    // loaded, but the agent never shows up
    r = run(fake.connector(), loader, jar, "attach", "77", rules.toString(), "--force",
        "--wait", "1");
    assertEquals(Main.FAILED, r.status, r.toString());
    assertTrue(r.err.get(1).startsWith("error: the agent was loaded into JVM 77 but did not"
        + " confirm it runs within 1 s"), r.toString());
  }

  @Test
  void attachOutsideTheAgentJarIsAUsageError() throws IOException {
    Path rules = Files.writeString(tmp.resolve("ok.yaml"), "rules: []\n");
    ValidateTest.Run r = ValidateTest.main("attach", "77", rules.toString());
    assertEquals(Main.USAGE, r.status, r.toString());
    assertTrue(r.err.get(0).startsWith("error: attach runs from the agent jar"), r.toString());
  }

  @Test
  void helpAndUnknownCommands() {
    ValidateTest.Run r = ValidateTest.main();
    assertEquals(Main.USAGE, r.status);
    assertTrue(r.err.get(0).startsWith("usage: java -jar methodcache-agent.jar COMMAND"));
    r = ValidateTest.main("--help");
    assertEquals(0, r.status);
    assertTrue(r.out.get(0).startsWith("usage: java -jar methodcache-agent.jar COMMAND"));
    for (String c : new String[] {"validate", "attach", "stats", "toggle", "invalidate", "reload"}) {
      r = ValidateTest.main(c, "--help");
      assertEquals(0, r.status, c);
      assertTrue(r.out.get(0).startsWith("usage: java -jar methodcache-agent.jar " + c), c);
      assertEquals(r.out, ValidateTest.main("help", c).out);
    }
    r = ValidateTest.main("stauts", "1");
    assertEquals(Main.USAGE, r.status);
    assertEquals("error: unknown command 'stauts'", r.err.get(0));
    r = ValidateTest.main("stats", "abc");
    assertEquals(Main.USAGE, r.status);
    assertEquals("error: PID must be a process id (a positive number), not 'abc'", r.err.get(0));
    assertEquals("usage: java -jar methodcache-agent.jar stats PID [--rule NAME] [--json]",
        r.err.get(1));
  }

}
