package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), now::get,
      new CircuitBreaker.Listener() {
        @Override public void onOpen() { opens.incrementAndGet(); }
        @Override public void onClose(long openNanos) { closes.incrementAndGet(); }
      });

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertTrue(breaker.tryAcquire());
      breaker.onFailure();
    }
  }

  @Test
  void staysClosedBelowTheThresholdAndSuccessResetsTheCount() {
    fail(2);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
    breaker.onSuccess();
    fail(2);
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state(), "failures must be consecutive");
    assertEquals(0, opens.get());
  }

  @Test
  void opensAfterConsecutiveFailuresAndRejectsUntilOpenForElapsed() {
    fail(3);
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertEquals(1, opens.get());
    assertFalse(breaker.tryAcquire());
    advance(Duration.ofMillis(4_999));
    assertFalse(breaker.tryAcquire());
    assertFalse(breaker.wouldAllow());
    assertEquals(2, breaker.rejected());
    advance(Duration.ofMillis(1));
    assertTrue(breaker.wouldAllow());
    assertTrue(breaker.tryAcquire(), "the probe");
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    assertFalse(breaker.tryAcquire(), "only one probe at a time");
  }

  @Test
  void probeSuccessCloses() {
    fail(3);
    advance(Duration.ofSeconds(5));
    assertTrue(breaker.tryAcquire());
    breaker.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertEquals(1, closes.get());
    assertTrue(breaker.tryAcquire());
    assertEquals(0, breaker.consecutiveFailures());
  }

  @Test
  void probeFailureReopensForAnotherFullPeriod() {
    fail(3);
    advance(Duration.ofSeconds(5));
    assertTrue(breaker.tryAcquire());
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertEquals(1, opens.get(), "a re-open is the same outage: no second 'unreachable' line");
    advance(Duration.ofMillis(4_999));
    assertFalse(breaker.tryAcquire());
    advance(Duration.ofMillis(1));
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void aLostProbeIsReplacedAfterAnotherPeriod() {
    fail(3);
    advance(Duration.ofSeconds(5));
    assertTrue(breaker.tryAcquire()); // its outcome never arrives
    advance(Duration.ofSeconds(4));
    assertFalse(breaker.tryAcquire());
    advance(Duration.ofSeconds(1));
    assertTrue(breaker.tryAcquire());
    assertEquals(2, breaker.probes());
  }

  @Test
  void probeNowShortensTheWait() {
    fail(3);
    advance(Duration.ofMillis(10));
    assertFalse(breaker.tryAcquire());
    breaker.probeNow();
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void lateResultsWhileOpenChangeNothing() {
    fail(3);
    breaker.onSuccess();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    breaker.onFailure();
    assertEquals(1, opens.get());
  }

  @Test
  void exactlyOneConcurrentCallerGetsTheProbe() throws Exception {
    for (int round = 0; round < 50; round++) {
      fail(round == 0 ? 3 : 0);
      advance(Duration.ofSeconds(5));
      int threads = 8;
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger granted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int i = 0; i < threads; i++) {
          pool.execute(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            if (breaker.tryAcquire()) {
              granted.incrementAndGet();
            }
          });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
      assertEquals(1, granted.get(), "round " + round);
      breaker.onFailure(); // back to OPEN for the next round
    }
  }
}
