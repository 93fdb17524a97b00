package io.methodcache.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The key sets of the two-thread rows: one hot key that both threads hit, and 10,000 keys. */
@State(Scope.Benchmark)
public class SharedKeys extends KeySet {
  @Param({"1", "10000"})
  public int keys;

  @Setup(Level.Trial)
  public void setup() {
    build(keys);
  }
}
