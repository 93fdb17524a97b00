package io.methodcache.bench;

import io.methodcache.api.MethodCache;
import java.util.Map;

/**
 * Proof that an agent row measured what it claims: the agent is attached, its rule matched
 * {@link Target} (a second call of a key is a hit), and at the end the rule's hits and misses
 * are what a hit row (misses = the keys, once each) or a miss row (almost no hits) must show.
 * A violation throws, which fails the benchmark instead of printing a meaningless number.
 */
public final class AgentCheck {
  private AgentCheck() {}

  public static void requireAgent() {
    if (!MethodCache.isActive()) {
      throw new IllegalStateException("the methodcache agent is not attached to this fork; run"
          + " through io.methodcache.bench.run.Suite (or add -jvmArgsAppend"
          + " -javaagent:agent/target/methodcache-agent.jar=benchmarks/rules/l1.yaml)");
    }
  }

  public static long hits(String rule) {
    return number(rule, "hits");
  }

  public static long misses(String rule) {
    return number(rule, "misses");
  }

  /** Fails unless {@code call} turned into a hit of {@code rule} (it must already be cached). */
  public static void requireHit(String rule, Runnable call) {
    long before = hits(rule);
    call.run();
    if (hits(rule) != before + 1) {
      throw new IllegalStateException("rule '" + rule + "' did not serve a hit for a cached key:"
          + " the rule does not match Target (check with -Dmethodcache.log=info); stats "
          + MethodCache.stats(rule));
    }
  }

  /** End of a hit row: every key missed once in set-up, then only hits. */
  public static void verifyHitRow(String rule, int keys) {
    long h = hits(rule), m = misses(rule);
    System.out.println("methodcache rule '" + rule + "': hits=" + h + " misses=" + m);
    if (h == 0 || m > 2L * keys) {
      throw new IllegalStateException("rule '" + rule + "' was not measured on its hit path: hits="
          + h + " misses=" + m + " for " + keys + " keys");
    }
  }

  /**
   * End of a refresh-ahead hit row: no hit was past its refresh point, so no reload ran (it would
   * have measured a background reload, not the hit path with no refresh due).
   */
  public static void verifyNoRefresh(String rule) {
    long r = number(rule, "refreshes"), f = number(rule, "refreshFailures");
    if (r != 0 || f != 0) {
      throw new IllegalStateException("rule '" + rule + "' refreshed entries during a row meant to"
          + " have none due: refreshes=" + r + " refreshFailures=" + f);
    }
  }

  /** Fails unless {@code call} was answered from L2 ({@code l2Hits} grows by one, no miss). */
  public static void requireL2Hit(String rule, Runnable call) {
    long before = number(rule, "l2Hits");
    long missesBefore = misses(rule);
    call.run();
    if (number(rule, "l2Hits") != before + 1 || misses(rule) != missesBefore) {
      throw new IllegalStateException("rule '" + rule + "' did not serve an L2 hit for a key in"
          + " Redis: check the fork's output (-Dmethodcache.log=info); stats " + MethodCache.stats(rule));
    }
  }

  /**
   * End of an L2 hit row: the measured calls were L2 hits ({@code l2Hits} > 0) and none of them
   * ran the body ({@code misses} as at the end of set-up; a few, from a Redis timeout on a loaded
   * machine, are tolerated and printed, up to 1 in 1,000 hits).
   */
  public static void verifyL2HitRow(String rule, long missesAfterSetup) {
    Map<String, Number> st = MethodCache.stats(rule);
    long h = number(rule, "l2Hits"), grown = misses(rule) - missesAfterSetup;
    System.out.println("methodcache rule '" + rule + "': " + st + "; misses during the measured"
        + " calls: " + grown);
    if (h == 0 || grown > h / 1_000) {
      throw new IllegalStateException("rule '" + rule + "' was not measured on its L2 hit path:"
          + " l2Hits=" + h + ", misses grew by " + grown + " after set-up; stats " + st);
    }
  }

  /** End of a miss row: (almost) every call missed. */
  public static void verifyMissRow(String rule) {
    long h = hits(rule), m = misses(rule);
    System.out.println("methodcache rule '" + rule + "': hits=" + h + " misses=" + m);
    if (m == 0 || h > m / 100) {
      throw new IllegalStateException("rule '" + rule + "' was not measured on its miss path: hits="
          + h + " misses=" + m);
    }
  }

  public static long number(String rule, String name) {
    Map<String, Number> stats = MethodCache.stats(rule);
    Number n = stats.get(name);
    if (n == null) {
      throw new IllegalStateException("the agent has no rule '" + rule + "' (stats " + stats + ")");
    }
    return n.longValue();
  }
}
