package io.methodcache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * The miss path: 65,536 keys cycled through caches of 16 entries, so every call misses, runs the
 * body and stores the result (and the cache evicts). The overhead of a miss is the agent row
 * minus {@link #directMiss}; the hand-written cache-aside pays the same kind of cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MissBench {
  static final int TINY = 16;

  Twin twin;
  Target target;
  Cache<String, String> tiny;

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) {
    twin = new Twin();
    target = new Target();
    tiny = Caffeine.newBuilder().maximumSize(TINY).build();
    if (params.getBenchmark().contains(".agent")) {
      AgentCheck.requireAgent();
    }
  }

  @TearDown(Level.Trial)
  public void verify(BenchmarkParams params) {
    String b = params.getBenchmark();
    if (b.endsWith(".agentMiss")) {
      AgentCheck.verifyMissRow("miss");
    } else if (b.endsWith(".agentMissNoStampede")) {
      AgentCheck.verifyMissRow("miss-no-stampede");
    }
  }

  /** The body alone over the same keys. */
  @Benchmark
  public String directMiss(MissKeys k, Cursor c) {
    return twin.lookup(k.probe[c.next(k.size)]);
  }

  /** Hand-written cache-aside over Caffeine on a miss: look up, run the body, put. */
  @Benchmark
  public String caffeineMiss(MissKeys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    String v = tiny.getIfPresent(key);
    if (v == null) {
      v = twin.lookup(key);
      tiny.put(key, v);
    }
    return v;
  }

  /** The agent on a miss, stampede: local (the default): look up, flight ticket, body, put. */
  @Benchmark
  public String agentMiss(MissKeys k, Cursor c) {
    return target.miss(k.probe[c.next(k.size)]);
  }

  /** The agent on a miss with stampede: none. */
  @Benchmark
  public String agentMissNoStampede(MissKeys k, Cursor c) {
    return target.missNoStampede(k.probe[c.next(k.size)]);
  }
}
