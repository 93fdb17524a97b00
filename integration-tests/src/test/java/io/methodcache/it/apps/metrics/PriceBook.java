package io.methodcache.it.apps.metrics;

import java.util.concurrent.atomic.AtomicInteger;

/** A slow deterministic method to cache, and a write that evicts one of its keys. */
public class PriceBook {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public String price(long id) {
    BODIES.incrementAndGet();
    try {
      Thread.sleep(5); // a load takes time: the load-time figures are not zero
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "price-" + id;
  }

  public void save(long id) {
    // the write rule evicts price(id)
  }
}
