package io.methodcache.it.bootapp;

import java.util.concurrent.atomic.AtomicInteger;

/** Loaded from an application jar by a nested class loader, as in a Spring Boot fat jar. */
public class BootService {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public String find(long id) {
    BODIES.incrementAndGet();
    return "boot-" + id;
  }
}
