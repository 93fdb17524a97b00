package io.methodcache.it.proxies;

import java.util.concurrent.atomic.AtomicInteger;

/** A bean whose data only an admin may read; Spring proxies it with CGLIB (a subclass). */
public class Secured {
  public static final AtomicInteger BODIES = new AtomicInteger();

  @AdminOnly
  public String data(long id) {
    BODIES.incrementAndGet();
    return "secret-" + id;
  }
}
