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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Two threads hitting at once, on one hot key and on 10,000 keys: the agent's throughput against
 * the hand-written floor (Caffeine getIfPresent, maximumSize, no expiry). Total ops/s of both
 * threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class ConcurrencyBench {
  Twin twin;
  Target target;
  Cache<String, String> floor;
  int keys;

  @Setup(Level.Trial)
  public void setup(SharedKeys k, BenchmarkParams params) {
    twin = new Twin();
    target = new Target();
    keys = k.size;
    floor = Caffeine.newBuilder().maximumSize(BaselineBench.MAX).build();
    boolean agent = params.getBenchmark().contains(".agent");
    if (agent) {
      AgentCheck.requireAgent();
    }
    for (int i = 0; i < k.size; i++) {
      floor.put(k.stored[i], twin.lookup(k.stored[i]));
      if (agent) {
        target.lookup(k.stored[i]);
      }
    }
    if (agent) {
      AgentCheck.requireHit("one-arg", () -> target.lookup(k.probe[0]));
    }
  }

  @TearDown(Level.Trial)
  public void verify(BenchmarkParams params) {
    if (params.getBenchmark().contains(".agent")) {
      AgentCheck.verifyHitRow("one-arg", keys);
    }
  }

  @Benchmark
  public String caffeineFloor(SharedKeys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    String v = floor.getIfPresent(key);
    if (v == null) {
      v = twin.lookup(key);
      floor.put(key, v);
    }
    return v;
  }

  @Benchmark
  public String agentOneArg(SharedKeys k, Cursor c) {
    return target.lookup(k.probe[c.next(k.size)]);
  }
}
