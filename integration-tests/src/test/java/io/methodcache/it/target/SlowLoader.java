package io.methodcache.it.target;

import java.util.concurrent.atomic.AtomicBoolean;

/** Slow bodies for the stampede scenarios; each records whether its wait ended by its condition. */
public class SlowLoader {
  public static final AtomicBoolean RELEASED_BY_CONDITION = new AtomicBoolean();
  private static final AtomicBoolean LEADER_TAKEN = new AtomicBoolean();

  /** Holds until all other callers are parked, then returns a fresh instance. */
  public String load(String key) {
    Bodies.ran("single-flight");
    RELEASED_BY_CONDITION.set(Race.awaitOthersParked(10_000));
    return new String("value-" + key);
  }

  /** Holds until all other callers are parked, then throws. */
  public String loadOrFail(String key) {
    Bodies.ran("leader-fails");
    RELEASED_BY_CONDITION.set(Race.awaitOthersParked(10_000));
    throw new IllegalStateException("leader failed: " + key);
  }

  /**
   * The first call holds until {@code waiters + 1} bodies have run, that is until every waiter gave up
   * on it (stampede-timeout) and ran the body itself; the later calls return at once.
   */
  public String slowLeader(String key, int callers) {
    Bodies.ran("waiter-timeout");
    if (LEADER_TAKEN.compareAndSet(false, true)) {
      RELEASED_BY_CONDITION.set(Race.awaitBodies("waiter-timeout", callers, 20_000));
    }
    return "slow-" + key;
  }

  /** With {@code stampede: none} every caller runs the body: each holds until all of them have. */
  public String unguarded(String key, int callers) {
    Bodies.ran("no-stampede");
    RELEASED_BY_CONDITION.set(Race.awaitBodies("no-stampede", callers, 10_000));
    return "free-" + key;
  }

  /** The leader holds until the (interrupted) follower has returned, at most 5 s. */
  public static final java.util.concurrent.CountDownLatch FOLLOWER_DONE = new java.util.concurrent.CountDownLatch(1);
  private static final AtomicBoolean PATIENT_LEADER = new AtomicBoolean();

  public String patient(String key) {
    Bodies.ran("interrupted-waiter");
    if (PATIENT_LEADER.compareAndSet(false, true)) {
      try {
        RELEASED_BY_CONDITION.set(FOLLOWER_DONE.await(5, java.util.concurrent.TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return "patient-" + key;
  }

  /** A deterministic value per key, for the soak. */
  public String soak(int key) {
    Bodies.ran("soak");
    return "soak-" + key * 31;
  }
}
