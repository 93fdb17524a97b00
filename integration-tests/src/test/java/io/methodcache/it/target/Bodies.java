package io.methodcache.it.target;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often each method body really ran: a hit skips the body, so it is not counted. */
public final class Bodies {
  private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  private Bodies() {}

  public static void ran(String name) {
    COUNTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
  }

  public static int count(String name) {
    AtomicInteger c = COUNTS.get(name);
    return c == null ? 0 : c.get();
  }
}
