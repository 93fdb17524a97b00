package io.methodcache.it.proxies;

import java.util.concurrent.atomic.AtomicInteger;

/** The real implementation behind the interface proxy. */
public class DirectoryImpl implements Directory {
  public static final AtomicInteger BODIES = new AtomicInteger();

  @Override
  @AdminOnly
  public String lookup(long id) {
    BODIES.incrementAndGet();
    return "entry-" + id;
  }
}
