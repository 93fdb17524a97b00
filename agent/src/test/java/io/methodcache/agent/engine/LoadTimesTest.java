package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadTimesTest {
  @Test
  void p99FallsInTheBucketOfTheSlowestPercent() {
    LoadTimes t = new LoadTimes();
    for (int i = 0; i < 990; i++) {
      t.record(TimeUnit.MILLISECONDS.toNanos(2));
    }
    for (int i = 0; i < 10; i++) {
      t.record(TimeUnit.MILLISECONDS.toNanos(200));
    }
    double p99 = t.percentileMillis(99);
    assertTrue(p99 >= 2 && p99 <= 4, "p99 " + p99);
    double p999 = t.percentileMillis(99.9);
    assertTrue(p999 >= 200 && p999 <= 400, "p99.9 " + p999);
  }

  @Test
  void noLoadsMeansZero() {
    assertEquals(0.0, new LoadTimes().percentileMillis(99));
  }
}
