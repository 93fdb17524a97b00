package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.put;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Clock;
import io.methodcache.it.target.Lookup;
import java.util.ArrayList;
import java.util.List;

/**
 * TTL, jitter, the separate TTL of cached nulls, and max-entries. Waits are on conditions (the body
 * ran again, the size settled) with deadlines; measured times are only checked from below.
 */
public final class ExpiryApp {
  static final int JITTER_KEYS = 200;

  /** Polls the rule's Size until it is <= max, up to millis; returns the last size read. */
  static long settledSize(String rule, long max, long millis) throws InterruptedException {
    if (!AgentProbe.awaitRegistered(AgentProbe.ruleName(rule), 10_000)) return -1;
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long size;
    while (true) {
      size = ((Number) AgentProbe.rule(rule, "Size")).longValue();
      if (size <= max || System.nanoTime() > deadline) return size;
      Thread.sleep(10);
    }
  }

  public static void main(String[] args) throws Exception {
    Clock clock = new Clock();

    // ---- ttl: 300ms, jitter 0%
    long t0 = System.nanoTime();
    String first = clock.tick("a");
    String second = clock.tick("a");
    put("short-ttl.bodiesAfterTwoCalls", Bodies.count("short-ttl"));
    put("short-ttl.values", first + "," + second);
    String again = null;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Bodies.count("short-ttl") < 2 && System.nanoTime() < deadline) {
      again = clock.tick("a");
      Thread.sleep(5);
    }
    put("short-ttl.reloaded", Bodies.count("short-ttl") >= 2);
    put("short-ttl.reloadedValue", again);
    put("short-ttl.reloadedAfterMs", String.valueOf((System.nanoTime() - t0) / 1_000_000));

    // ---- ttl: 1s, jitter 50%: entries written together expire spread over [500ms, 1s]
    for (int k = 0; k < JITTER_KEYS; k++) clock.jittered(k);
    List<Long> lifetimes = new ArrayList<>();
    boolean[] expired = new boolean[JITTER_KEYS];
    deadline = System.nanoTime() + 15_000_000_000L;
    while (lifetimes.size() < JITTER_KEYS && System.nanoTime() < deadline) {
      for (int k = 0; k < JITTER_KEYS; k++) {
        if (expired[k]) continue;
        long loadedAt = Clock.JITTER_LOADED_AT.get(k);
        clock.jittered(k);
        if (Bodies.count("jitter:" + k) > 1) {
          expired[k] = true;
          lifetimes.add((System.nanoTime() - loadedAt) / 1_000_000);
        }
      }
      Thread.sleep(5);
    }
    put("jitter.expired", lifetimes.size());
    put("jitter.minMs", String.valueOf(lifetimes.stream().mapToLong(Long::longValue).min().orElse(-1)));
    put("jitter.maxMs", String.valueOf(lifetimes.stream().mapToLong(Long::longValue).max().orElse(-1)));

    // ---- cache-nulls: 300ms next to ttl: 10m: the null expires, the value stays
    Lookup lookup = new Lookup();
    lookup.findShortNull("some-1");
    long n0 = System.nanoTime();
    lookup.findShortNull("none-1");
    lookup.findShortNull("none-1");
    put("null-ttl.bodiesAfterTwoCalls", Bodies.count("null-short:none-1"));
    deadline = System.nanoTime() + 10_000_000_000L;
    while (Bodies.count("null-short:none-1") < 2 && System.nanoTime() < deadline) {
      lookup.findShortNull("none-1");
      Thread.sleep(5);
    }
    put("null-ttl.reloaded", Bodies.count("null-short:none-1") >= 2);
    put("null-ttl.reloadedAfterMs", String.valueOf((System.nanoTime() - n0) / 1_000_000));
    put("null-ttl.valueStillCached", Report.outcome(() -> lookup.findShortNull("some-1")));
    put("null-ttl.valueBodies", Bodies.count("null-short:some-1"));

    // ---- max-entries: 100 over 1000 keys
    clock.bounded(5000);
    clock.bounded(5000);
    put("bounded.bodiesForOneKeyTwice", Bodies.count("bounded"));
    // five rounds of 1000 new keys each; after each round the size must settle at <= 100 with no
    // further cache activity (the largest size still seen after 3 s of waiting is reported)
    long worst = 0;
    for (int round = 4; round >= 0; round--) {
      for (int k = 0; k < 1000; k++) clock.bounded(round * 1000 + k);
      worst = Math.max(worst, settledSize("bounded", 100, 3000));
    }
    put("bounded.sizeSettled", String.valueOf(worst));
    int before = Bodies.count("bounded");
    for (int k = 0; k < 1000; k++) clock.bounded(k);
    put("bounded.secondPassHits", 1000 - (Bodies.count("bounded") - before));
    put("bounded.value", clock.bounded(999));

    // one rule over two methods: max-entries bounds the rule, not each method
    for (int k = 0; k < 1000; k++) {
      clock.wideA(k);
      clock.wideB(k);
    }
    put("wide.sizeSettled", String.valueOf(settledSize("wide", 100, 3000)));

    AgentProbe.reportAgent();
    put("done", true);
  }
}
