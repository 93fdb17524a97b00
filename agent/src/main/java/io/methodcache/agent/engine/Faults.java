package io.methodcache.agent.engine;

import java.util.concurrent.atomic.LongAdder;

/** Counts every fault inside the agent's own code, whatever rule it concerns. */
public final class Faults {
  private static final LongAdder COUNT = new LongAdder();

  private Faults() {}

  public static void record() {
    COUNT.increment();
  }

  public static long count() {
    return COUNT.sum();
  }
}
