package io.methodcache.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Keys for the miss rows: 65,536 keys cycled through a cache of 16 entries (rules {@code miss}
 * and {@code miss-no-stampede}), so each call misses, runs the body and stores its result.
 */
@State(Scope.Benchmark)
public class MissKeys extends KeySet {
  public static final int COUNT = 1 << 16;

  @Setup(Level.Trial)
  public void setup() {
    build(COUNT);
  }
}
