package io.methodcache.bench.run;

import java.util.List;

/**
 * A set of benchmarks that run in forks of one JVM configuration: with the agent attached and one
 * rules file, or without the agent. A new scenario (L2 hits against a local Redis, refresh-ahead
 * hits with refreshes due) is a new rules file, a benchmark class, and one line in {@link #ALL}.
 * A refresh-ahead hit with no refresh due is a row of family l1 (a rule in l1.yaml), so its ratio
 * to the plain hit is measured in the same run of forks.
 *
 * @param name     short name, shown in the results
 * @param include  JMH include regex of the benchmarks it runs
 * @param rules    rules file name under benchmarks/rules, or null: no agent in the fork
 * @param jvmArgs  further JVM arguments of its forks
 * @param redis    needs Redis: {@link Suite} starts a redis-server for the run, writes the rules
 *                 file (a template: {@code @REDIS_URI@} replaced by the server's address) to the
 *                 output folder, flushes the server before the family runs, and passes
 *                 {@code -Dbench.redis=<uri>} to the forks
 */
public record Family(String name, String include, String rules, List<String> jvmArgs, boolean redis) {

  public Family(String name, String include, String rules, List<String> jvmArgs) {
    this(name, include, rules, jvmArgs, false);
  }

  /**
   * Why the baselines run in agent-attached forks too: the ratios the targets are about are then
   * measured under identical JVM conditions (the agent's clock and maintenance threads, its
   * class-file transformer, the JVMTI capabilities it asks for) and differ only in the code path.
   * The agent rewrites nothing but io.methodcache.bench.Target. The "control" family runs two of
   * the same baselines without the agent, to show that its presence does not move them.
   */
  public static final List<Family> ALL = List.of(
      new Family("l1",
          "^io\\.methodcache\\.bench\\.(BaselineBench|SpringBench|AgentBench|MissBench|ConcurrencyBench|CacheConfigBench)\\.",
          "l1.yaml", List.of()),
      new Family("control",
          "^io\\.methodcache\\.bench\\.BaselineBench\\.(direct|caffeineFloor)$",
          null, List.of()),
      // the shared tier: agent L2 hit with L1 off, raw Lettuce GET + decode of the same bytes
      new Family("l2", "^io\\.methodcache\\.bench\\.L2Bench\\.", "l2.yaml", List.of(), true)
      // refresh-ahead with refreshes due (background reloads during the row) joins here, e.g.:
      // new Family("refresh", "^io\\.methodcache\\.bench\\.RefreshBench\\.", "refresh.yaml", List.of())
  );

  public boolean withAgent() {
    return rules != null;
  }
}
