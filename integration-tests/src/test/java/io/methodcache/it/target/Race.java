package io.methodcache.it.target;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lets a slow body hold on until every other caller has entered the cached method and is parked
 * (waiting for the leader, inside the agent), so a stampede test does not depend on timing.
 */
public final class Race {
  public static final List<Thread> CALLERS = new CopyOnWriteArrayList<>();
  public static final AtomicInteger ENTERED = new AtomicInteger();

  private Race() {}

  public static void reset(List<Thread> callers) {
    CALLERS.clear();
    CALLERS.addAll(callers);
    ENTERED.set(0);
  }

  /** Called by each racing thread right before it calls the cached method. */
  public static void entering() {
    ENTERED.incrementAndGet();
  }

  /**
   * True once every caller but this one has entered and is WAITING, TIMED_WAITING or BLOCKED;
   * false after {@code millis}.
   */
  public static boolean awaitOthersParked(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    Thread self = Thread.currentThread();
    while (System.nanoTime() < deadline) {
      if (ENTERED.get() >= CALLERS.size() && othersParked(self)) {
        return true;
      }
      pause();
    }
    return false;
  }

  private static boolean othersParked(Thread self) {
    for (Thread t : CALLERS) {
      if (t == self) continue;
      Thread.State s = t.getState();
      if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.BLOCKED) {
        return false;
      }
    }
    return true;
  }

  /** True once {@code body} has run {@code n} times; false after {@code millis}. */
  public static boolean awaitBodies(String body, int n, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (Bodies.count(body) >= n) return true;
      pause();
    }
    return false;
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
