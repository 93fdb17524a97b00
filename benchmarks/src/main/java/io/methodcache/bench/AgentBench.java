package io.methodcache.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The agent's L1 hit path, single-threaded: plain calls of {@link Target}, whose methods the
 * agent (attached to the fork, rules/l1.yaml) rewrote. Each key is loaded once in set-up; the
 * measured calls pass equal but distinct key instances, as the baselines do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentBench {
  Target target;
  int keys;

  @Setup(Level.Trial)
  public void setup(Keys k) {
    AgentCheck.requireAgent();
    target = new Target();
    keys = k.size;
    for (int i = 0; i < k.size; i++) {
      target.lookup(k.stored[i]);
      target.rate(k.stored[i]);
      target.byId(k.ids[i]);
      target.score(k.stored[i]);
      target.three(k.stored[i], k.small[i], k.ids[i]);
      target.six(k.stored[i], k.small[i], k.ids[i], k.region[i], k.small[i], k.ids[i]);
    }
    AgentCheck.requireHit("one-arg", () -> target.lookup(k.probe[0]));
    AgentCheck.requireHit("refresh-ahead", () -> target.rate(k.probe[0]));
    AgentCheck.requireHit("one-long", () -> target.byId(k.ids[0]));
    AgentCheck.requireHit("int-result", () -> target.score(k.probe[0]));
    AgentCheck.requireHit("three-args", () -> target.three(k.probe[0], k.small[0], k.ids[0]));
    AgentCheck.requireHit("six-args",
        () -> target.six(k.probe[0], k.small[0], k.ids[0], k.region[0], k.small[0], k.ids[0]));
  }

  @TearDown(Level.Trial)
  public void verify(BenchmarkParams params) {
    String b = params.getBenchmark();
    String rule = b.endsWith(".oneArg") ? "one-arg"
        : b.endsWith(".refreshAheadHit") ? "refresh-ahead"
        : b.endsWith(".oneLong") ? "one-long"
        : b.endsWith(".intResult") ? "int-result"
        : b.endsWith(".threeArgs") ? "three-args"
        : "six-args";
    AgentCheck.verifyHitRow(rule, keys);
    if (rule.equals("refresh-ahead")) {
      AgentCheck.verifyNoRefresh(rule);
    }
  }

  /** One String argument, object result: the row the targets are about. */
  @Benchmark
  public String oneArg(Keys k, Cursor c) {
    return target.lookup(k.probe[c.next(k.size)]);
  }

  /**
   * As {@link #oneArg}, on a {@code mode: refresh-ahead} rule with no refresh due: what the hit
   * path's refresh check costs (the issue expects the same as a plain L1 hit).
   */
  @Benchmark
  public String refreshAheadHit(Keys k, Cursor c) {
    return target.rate(k.probe[c.next(k.size)]);
  }

  /** One long argument (the advice boxes it to form the key). */
  @Benchmark
  public String oneLong(Keys k, Cursor c) {
    return target.byId(k.ids[c.next(k.size)]);
  }

  /** Primitive int result (unboxed from the cached Integer). */
  @Benchmark
  public int intResult(Keys k, Cursor c) {
    return target.score(k.probe[c.next(k.size)]);
  }

  /** Three arguments (String, int, long): no argument array, one key object. */
  @Benchmark
  public String threeArgs(Keys k, Cursor c) {
    int i = c.next(k.size);
    return target.three(k.probe[i], k.small[i], k.ids[i]);
  }

  /** Six arguments: the advice passes an argument array. */
  @Benchmark
  public String sixArgs(Keys k, Cursor c) {
    int i = c.next(k.size);
    return target.six(k.probe[i], k.small[i], k.ids[i], k.region[i], k.small[i], k.ids[i]);
  }
}
