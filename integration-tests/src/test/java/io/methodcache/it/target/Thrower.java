package io.methodcache.it.target;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Bodies that throw: the throwable must reach the caller untouched and never be cached. */
public class Thrower {
  /** The throwable the last body created, to check the caller got that very instance. */
  public static final AtomicReference<Throwable> LAST = new AtomicReference<>();
  private static final Map<String, Integer> FLAKY_CALLS = new ConcurrentHashMap<>();

  public String fail(String key) {
    Bodies.ran("fail");
    IllegalStateException e = new IllegalStateException("boom:" + key);
    LAST.set(e);
    throw e;
  }

  public String failChecked(String key) throws IOException {
    Bodies.ran("fail-checked");
    IOException e = new IOException("io:" + key);
    LAST.set(e);
    throw e;
  }

  public int failPrimitive(int x) {
    Bodies.ran("fail-primitive");
    ArithmeticException e = new ArithmeticException("div:" + x);
    LAST.set(e);
    throw e;
  }

  /** Throws on its first call for a key, then succeeds. */
  public String flaky(String key) {
    Bodies.ran("flaky");
    int n = FLAKY_CALLS.merge(key, 1, Integer::sum);
    if (n == 1) {
      IllegalStateException e = new IllegalStateException("first call fails:" + key);
      LAST.set(e);
      throw e;
    }
    return "ok:" + key;
  }
}
