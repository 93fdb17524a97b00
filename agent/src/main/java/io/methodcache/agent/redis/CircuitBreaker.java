package io.methodcache.agent.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Skips L2 after consecutive failures so a dead or hung Redis costs nothing instead of one timeout
 * per call: CLOSED → OPEN after N consecutive failures → after open-for, HALF_OPEN lets exactly one
 * probe through → its success closes, its failure re-opens for another open-for.
 *
 * <p>Lock-free (it sits on every cached call's L2 path): transitions are compare-and-set on one
 * state word. Time comes from an injectable nanosecond clock so tests need no sleeps. Every
 * {@link #tryAcquire()} that returned true must be followed by {@link #onSuccess()} or
 * {@link #onFailure()}; a probe whose result never comes is replaced after another open-for.
 */
public final class CircuitBreaker {
  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** Transition callbacks (used for the one-line outage summary); called on the deciding thread. */
  public interface Listener {
    void onOpen();

    void onClose(long openNanos);
  }

  private static final Listener NONE = new Listener() {
    @Override public void onOpen() {}
    @Override public void onClose(long openNanos) {}
  };

  private static final int CLOSED = 0;
  private static final int OPEN = 1;
  private static final int HALF_OPEN = 2;

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier clock;
  private final Listener listener;

  private final AtomicInteger state = new AtomicInteger(CLOSED);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  /** When the breaker last opened (start of the current open-for period). */
  private volatile long openedAt;
  /** When the current half-open probe was let through; CAS-guarded so only one caller wins. */
  private final AtomicLong probeAt = new AtomicLong();
  /** When the breaker first opened in the current outage (re-opens keep it), for status lines. */
  private volatile long outageStartedAt;

  private final LongAdder opened = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder probes = new LongAdder();

  public CircuitBreaker(int failureThreshold, Duration openFor) {
    this(failureThreshold, openFor, System::nanoTime, null);
  }

  public CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier nanoClock,
      Listener listener) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failure threshold must be >= 1");
    }
    this.threshold = failureThreshold;
    this.openForNanos = openFor.toNanos();
    this.clock = nanoClock;
    this.listener = listener == null ? NONE : listener;
  }

  /**
   * True when the caller may use L2: always while closed; for exactly one caller (the probe) once
   * open-for has elapsed. False = skip L2 (counted as rejected).
   */
  public boolean tryAcquire() {
    int s = state.get();
    if (s == CLOSED) {
      return true;
    }
    long now = clock.getAsLong();
    if (s == OPEN) {
      if (now - openedAt >= openForNanos) {
        // Stamp the probe before HALF_OPEN becomes visible: a caller that sees HALF_OPEN must
        // not find an old stamp and take this period's probe for a lost one (two probes).
        probeAt.set(now);
        if (state.compareAndSet(OPEN, HALF_OPEN)) {
          probes.increment();
          return true;
        }
      }
    } else {
      // HALF_OPEN: a probe is out. If its outcome was lost, let another one through eventually.
      long p = probeAt.get();
      if (now - p >= openForNanos && probeAt.compareAndSet(p, now)) {
        probes.increment();
        return true;
      }
    }
    // The state may have closed meanwhile (another thread's probe succeeded).
    if (state.get() == CLOSED) {
      return true;
    }
    rejected.increment();
    return false;
  }

  /** True when a call now would not be rejected (does not take the probe). */
  public boolean wouldAllow() {
    int s = state.get();
    if (s == CLOSED) {
      return true;
    }
    long now = clock.getAsLong();
    return s == OPEN ? now - openedAt >= openForNanos : now - probeAt.get() >= openForNanos;
  }

  public void onSuccess() {
    consecutiveFailures.set(0);
    if (state.get() == HALF_OPEN && state.compareAndSet(HALF_OPEN, CLOSED)) {
      listener.onClose(clock.getAsLong() - outageStartedAt);
    }
  }

  public void onFailure() {
    int s = state.get();
    if (s == HALF_OPEN) {
      openedAt = clock.getAsLong(); // before the CAS: nobody may see OPEN with a stale openedAt
      state.compareAndSet(HALF_OPEN, OPEN);
    } else if (s == CLOSED) {
      if (consecutiveFailures.incrementAndGet() >= threshold) {
        long now = clock.getAsLong();
        openedAt = now;
        if (state.compareAndSet(CLOSED, OPEN)) {
          outageStartedAt = now;
          opened.increment();
          listener.onOpen();
        }
      }
    }
    // OPEN: a late result of a call made before opening; it changes nothing.
  }

  /**
   * Lets the next call probe at once (e.g. the connection was just re-established), instead of
   * waiting for the rest of open-for.
   */
  public void probeNow() {
    long now = clock.getAsLong();
    if (state.get() == OPEN) {
      openedAt = now - openForNanos;
    } else if (state.get() == HALF_OPEN) {
      probeAt.set(now - openForNanos);
    }
  }

  public State state() {
    switch (state.get()) {
      case OPEN: return State.OPEN;
      case HALF_OPEN: return State.HALF_OPEN;
      default: return State.CLOSED;
    }
  }

  public int consecutiveFailures() { return consecutiveFailures.get(); }
  /** How many times the breaker went from closed to open. */
  public long timesOpened() { return opened.sum(); }
  /** Calls skipped because the breaker was open. */
  public long rejected() { return rejected.sum(); }
  public long probes() { return probes.sum(); }
  public int threshold() { return threshold; }

  /** Nanos (breaker clock) since the breaker opened in the current outage; -1 when closed. */
  public long openForSoFarNanos() {
    return state.get() == CLOSED ? -1 : clock.getAsLong() - outageStartedAt;
  }

  @Override
  public String toString() {
    return state() + " (failures " + consecutiveFailures.get() + "/" + threshold + ", opened "
        + opened.sum() + "x)";
  }
}
