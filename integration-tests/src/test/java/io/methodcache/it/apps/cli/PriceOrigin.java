package io.methodcache.it.apps.cli;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The "expensive" origin a rule caches: counts its own calls, in total and per key. */
public final class PriceOrigin {
  static final AtomicLong ORIGIN = new AtomicLong();
  private static final Map<String, AtomicLong> PER_KEY = new ConcurrentHashMap<>();

  /** {@code price(sku)=N}: N is how many times the origin computed this sku, this call included. */
  public String price(String sku) {
    ORIGIN.incrementAndGet();
    long n = PER_KEY.computeIfAbsent(sku, k -> new AtomicLong()).incrementAndGet();
    return "price(" + sku + ")=" + n;
  }

  /** Returns nothing: a rule matching it with a wildcard reports it as not cacheable. */
  public void audit(String sku) {
    ORIGIN.get();
  }
}
