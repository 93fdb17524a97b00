package io.methodcache.it.proxies;

import java.util.concurrent.atomic.AtomicInteger;

/** A plain service behind an ordinary interceptor (as a metrics or transaction aspect). */
public class Catalog {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public String price(long id) {
    BODIES.incrementAndGet();
    return "price-" + id;
  }
}
