package io.methodcache.it;

import static io.methodcache.it.OperatorCli.LEDGER;
import static io.methodcache.it.OperatorCli.STEP;
import static io.methodcache.it.OperatorCli.assertExit;
import static io.methodcache.it.OperatorCli.cli;
import static io.methodcache.it.OperatorCli.ledger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reload is all or nothing, with the real agent, a real {@code reload PID} and a class that is
 * already loaded: a file whose rules do not fit the loaded class (a method renamed to one that
 * does not exist, a void method named exactly) is rejected whole — the running rules go on
 * caching, nothing of the file applies, and the CLI, LastLoadResult and stderr say "rejected"
 * with each problem at its FILE:LINE:COL and never "applied". A valid file afterwards is
 * applied and clears the problems the rejected one left.
 */
class ReloadAllOrNothingIT {
  private static final String[] VALID = {
      "rules:",
      "  - name: balance",
      "    method: " + LEDGER + "#balance(long)",
      "  - name: deposit",
      "    method: " + LEDGER + "#deposit(long)",
      "    evict: [ { rule: balance, key: \"{0}\" } ]"};

  /** Every rule parses; two do not fit the loaded Ledger class. */
  private static final String[] NOT_FITTING = {
      "rules:",
      "  - name: balance",
      "    method: " + LEDGER + "#balanse(long)", // renamed to a method Ledger lacks
      "  - name: audit", // valid on its own: applied only if the file were applied in part
      "    method: " + LEDGER + "#audit(long)",
      "  - name: flush",
      "    ttl: 1m",
      "    method: " + LEDGER + "#flush()", // void
      "  - name: deposit",
      "    method: " + LEDGER + "#deposit(long)",
      "    evict: [ { rule: audit, key: \"{0}\" } ]"};

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aFileThatDoesNotFitTheLoadedClassesIsRejectedWhole(Jdk jdk) {
    Path rules = Checks.rules("reload-all-or-nothing", jdk, VALID);
    try (ForkedJvm.Running app = ledger(jdk, rules).start()) {
      app.awaitLine("READY"::equals, STEP);
      String pid = Long.toString(app.pid());
      assertEquals("balance(1)=1", app.ask("balance 1", STEP));
      assertEquals("balance(1)=1", app.ask("balance 1", STEP), "cached");

      ItEnv.writeFile(rules.getParent(), "rules.yaml", NOT_FITTING);
      for (int attempt = 1; attempt <= 2; attempt++) { // the same answer when rejected again
        ForkResult reload = cli(jdk, "reload", pid);
        assertExit(1, reload);
        List<String> out = reload.stdoutLines();
        assertEquals("reload of " + rules + " in " + pid + ": rejected", out.get(0),
            reload::describe);
        assertTrue(out.get(1).startsWith("result: rejected at ") && out.get(1).endsWith(
            ": 2 problem(s) in " + rules + "; none of it takes effect, the running rules are"
                + " kept"), reload::describe);
        assertTrue(out.get(2).startsWith("problem " + rules + ":2:5: rule 'balance': matches no"
            + " method of " + LEDGER + "; its methods are "), reload::describe);
        assertTrue(out.get(2).contains("balance(long)") && out.get(2).endsWith("fix 'method:'"),
            reload::describe);
        assertEquals("problem " + rules + ":8:13: rule 'flush': " + LEDGER + "#flush() returns"
            + " void: there is nothing to cache; fix: point 'method:' at a method that returns a"
            + " value", out.get(3), reload::describe);
        assertEquals(4, out.size(), reload::describe);
        assertFalse(reload.stdout().contains("applied"), reload::describe);
      }

      // the running rules are untouched: balance still caches, deposit still evicts it, and
      // audit (valid, but in the rejected file) caches nothing
      assertEquals("balance(1)=1", app.ask("balance 1", STEP), "the running rule still caches");
      assertEquals("audit(1)=1", app.ask("audit 1", STEP));
      assertEquals("audit(1)=2", app.ask("audit 1", STEP), "nothing of the file applied");
      assertEquals("done", app.ask("deposit 1", STEP));
      assertEquals("balance(1)=2", app.ask("balance 1", STEP), "the running write rule evicts");
      assertEquals("balance(1)=2", app.ask("balance 1", STEP));
      ForkResult stats = cli(jdk, "stats", pid);
      assertExit(0, stats);
      assertTrue(stats.stdoutLines().get(0).contains(" problems=2 "), stats::describe);
      assertTrue(stats.stdoutLines().get(3).matches("balance\\s+on\\s+.*"), stats::describe);

      // a valid file: applied, and the rejected file's problems are gone (stats, JMX Problems)
      ItEnv.writeFile(rules.getParent(), "rules.yaml",
          "rules:",
          "  - name: balance",
          "    method: " + LEDGER + "#balance(long)",
          "    ttl: 1h",
          "  - name: audit",
          "    method: " + LEDGER + "#audit(long)",
          "  - name: deposit",
          "    method: " + LEDGER + "#deposit(long)",
          "    evict: [ { rule: balance, key: \"{0}\" } ]");
      ForkResult reload = cli(jdk, "reload", pid);
      assertExit(0, reload);
      assertEquals("reload of " + rules + " in " + pid + ": applied",
          reload.stdoutLines().get(0), reload::describe);
      assertTrue(reload.stdoutLines().get(1).matches("result: applied at .*: 1 added, 0 removed,"
          + " 1 changed in place"), reload::describe);
      assertEquals(2, reload.stdoutLines().size(), reload::describe);
      stats = cli(jdk, "stats", pid, "--json");
      assertExit(0, stats);
      assertTrue(stats.stdout().contains("\"Problems\":[]"), stats::describe);
      assertTrue(stats.stdout().contains("\"LastLoadResult\":\"applied at "), stats::describe);
      assertEquals("audit(1)=3", app.ask("audit 1", STEP));
      assertEquals("audit(1)=3", app.ask("audit 1", STEP), "the added rule caches");
      assertEquals("balance(1)=3", app.ask("balance 1", STEP), "changed in place: starts over");
      assertEquals("balance(1)=3", app.ask("balance 1", STEP));

      ForkResult done = app.finish();
      done.assertExitedNormally();
      List<String> err = done.stderrLines();
      assertEquals(2, err.stream().filter(l -> l.contains("reload rejected at")).count(),
          done::describe);
      assertEquals(1, err.stream().filter(l -> l.contains("applied at")).count(),
          "only the valid file says applied\n" + done.describe());
      assertTrue(err.contains("methodcache: " + rules + ":8:13: rule 'flush': " + LEDGER
          + "#flush() returns void: there is nothing to cache; fix: point 'method:' at a method"
          + " that returns a value"), done::describe);
    }
  }
}
