package io.methodcache.agent.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One in-progress load of one key (the single-flight ticket). The leader completes it exactly
 * once with its result or throwable; waiters block on it for a bounded time.
 */
final class Flight {
  final Thread leader = Thread.currentThread();
  final long startedNanos = System.nanoTime();
  /** The key as text when the rule keeps it (L2 or a write target), else null. */
  final String rendered;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Object value;
  private volatile Throwable failure;
  private volatile boolean abandoned;

  Flight(String rendered) {
    this.rendered = rendered;
  }

  void succeed(Object v) {
    value = v;
    done.countDown();
  }

  /** A null throwable means the leader gave up before loading: waiters load themselves. */
  void fail(Throwable t) {
    failure = t;
    abandoned = t == null;
    done.countDown();
  }

  boolean isDone() {
    return done.getCount() == 0;
  }

  boolean abandoned() {
    return abandoned;
  }

  /** Waits up to the bound; returns true when the flight completed (then read value/failure). */
  boolean await(long timeoutNanos) throws InterruptedException {
    return done.await(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  Object value() { return value; }
  Throwable failure() { return failure; }
}
