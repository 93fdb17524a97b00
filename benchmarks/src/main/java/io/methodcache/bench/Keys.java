package io.methodcache.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The key set of the single-threaded rows: a working set that fits every cache. */
@State(Scope.Benchmark)
public class Keys extends KeySet {
  @Param("1024")
  public int keys;

  @Setup(Level.Trial)
  public void setup() {
    build(keys);
  }
}
