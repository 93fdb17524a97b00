package io.methodcache.it.boot;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** A Spring bean with a slow deterministic method the agent caches, and a write that evicts. */
@Component
public class Quotes {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public String price(long id) {
    BODIES.incrementAndGet();
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "quote-" + id;
  }

  public void save(long id) {
    // the write rule evicts price(id)
  }
}
