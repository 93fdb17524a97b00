package io.methodcache.it;

import static io.methodcache.it.OperatorCli.LEDGER;
import static io.methodcache.it.OperatorCli.STEP;
import static io.methodcache.it.OperatorCli.assertExit;
import static io.methodcache.it.OperatorCli.cli;
import static io.methodcache.it.OperatorCli.ledger;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's commands say what happened, against a running agent: {@code invalidate} of a
 * key no entry has, or that no key of the rule can be ({@code abc} for a {@code long} key), says
 * "nothing matched" with status 1; naming a write rule is refused; {@code stats} shows what a
 * write rule did and what evictions and invalidations removed. Switching a rule (or the whole
 * agent) off and on keeps its entries, and is safe: a write made while it was off still evicts.
 */
class OperatorCommandsIT {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void invalidateStatsAndToggleSayWhatHappened(Jdk jdk) {
    Path rules = Checks.rules("operator-commands", jdk,
        "rules:",
        "  - name: balance",
        "    method: " + LEDGER + "#balance(long)",
        "  - name: deposit",
        "    method: " + LEDGER + "#deposit(long)",
        "    evict: [ { rule: balance, key: \"{0}\" } ]");
    try (ForkedJvm.Running app = ledger(jdk, rules).start()) {
      app.awaitLine("READY"::equals, STEP);
      String pid = Long.toString(app.pid());
      assertEquals("balance(1)=1", app.ask("balance 1", STEP));
      assertEquals("balance(1)=1", app.ask("balance 1", STEP), "cached");

      // a text no long key renders as: nothing matched, status 1
      ForkResult r = cli(jdk, "invalidate", pid, "balance", "abc");
      assertExit(1, r);
      assertEquals(List.of("rule balance: nothing matched: no key of this rule can be 'abc':"
          + " balance(long) renders its keys as its arguments joined with ',' (long), e.g. 42"),
          r.stdoutLines(), r::describe);
      // a key of the right shape that is not cached (the rule is in this JVM only): the same
      r = cli(jdk, "invalidate", pid, "balance", "7");
      assertExit(1, r);
      assertEquals(List.of("rule balance: nothing matched: key 7 is not cached (the rule caches"
          + " in this JVM only)"), r.stdoutLines(), r::describe);
      // a write rule caches nothing
      r = cli(jdk, "invalidate", pid, "deposit", "1");
      assertExit(1, r);
      assertEquals(List.of("error: rule deposit is a write rule, it caches nothing (when its"
          + " method runs it does: evict balance key {0}); invalidate the caching rule it writes"
          + " to, e.g. 'invalidate " + pid + " RULE KEY'"), r.stderrLines(), r::describe);
      assertEquals("balance(1)=1", app.ask("balance 1", STEP), "nothing was dropped so far");
      r = cli(jdk, "invalidate", pid, "balance", "1");
      assertExit(0, r);
      assertEquals(List.of("rule balance: invalidated key 1"), r.stdoutLines(), r::describe);
      assertEquals("balance(1)=2", app.ask("balance 1", STEP));

      // a rule switched off and on keeps its entries ...
      assertEquals("balance(2)=1", app.ask("balance 2", STEP));
      assertExit(0, cli(jdk, "toggle", pid, "balance", "off"));
      assertEquals("balance(2)=2", app.ask("balance 2", STEP), "off: the body runs");
      assertExit(0, cli(jdk, "toggle", pid, "balance", "on"));
      assertEquals("balance(2)=1", app.ask("balance 2", STEP), "on again: the entry was kept");
      // ... because a write while it is off still evicts
      assertExit(0, cli(jdk, "toggle", pid, "balance", "off"));
      assertEquals("done", app.ask("deposit 2", STEP));
      assertExit(0, cli(jdk, "toggle", pid, "balance", "on"));
      assertEquals("balance(2)=3", app.ask("balance 2", STEP), "evicted while the rule was off");
      // the same for the agent-wide switch: write rules keep evicting while it is off
      assertEquals("balance(3)=1", app.ask("balance 3", STEP));
      assertExit(0, cli(jdk, "toggle", pid, "--all", "off"));
      assertEquals("done", app.ask("deposit 3", STEP));
      assertEquals("balance(3)=2", app.ask("balance 3", STEP), "agent off: the body runs");
      assertExit(0, cli(jdk, "toggle", pid, "--all", "on"));
      assertEquals("balance(3)=3", app.ask("balance 3", STEP),
          "evicted while the agent was off: never the stale balance(3)=1");
      assertEquals("balance(3)=3", app.ask("balance 3", STEP));

      // stats: what removed entries, and what the write rule did (2 calls, 2 evictions)
      r = cli(jdk, "stats", pid);
      assertExit(0, r);
      List<String> lines = r.stdoutLines();
      assertEquals(List.of("RULE", "ENABLED", "HITS", "MISSES", "HIT-RATIO", "LOADS",
          "LOAD-MS-MEAN", "SIZE", "EVICTIONS", "INVALIDATIONS", "ERRORS", "L2-HITS", "L2-MISSES",
          "L2-ERRORS"), List.of(lines.get(2).trim().split("\\s+")), r::describe);
      String[] balance = lines.get(3).trim().split("\\s+");
      assertEquals("balance", balance[0], r::describe);
      assertEquals("0", balance[8], "no entry expired or overflowed\n" + r.describe());
      // key 1 by the operator; keys 2 and 3 by the write rule (the two 'nothing matched' too:
      // an invalidation is counted when applied, whether or not it found an entry)
      assertEquals("5", balance[9], "invalidations\n" + r.describe());
      assertEquals(List.of("WRITE-RULE", "ENABLED", "CALLS", "EVICTIONS-FIRED", "PUTS-FIRED",
          "ERRORS"), List.of(lines.get(4).trim().split("\\s+")), r::describe);
      assertEquals(List.of("deposit", "on", "2", "2", "0", "0"),
          List.of(lines.get(5).trim().split("\\s+")), r::describe);
      assertEquals(6, lines.size(), r::describe);

      app.finish().assertExitedNormally();
    }
  }
}
