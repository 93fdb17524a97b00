package io.methodcache.it.webapp;

import java.util.concurrent.atomic.AtomicInteger;

/** Loaded by child-first (web-app style) class loaders; depends on nothing but the JDK. */
public class WebService {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public Page render(String path) {
    BODIES.incrementAndGet();
    return new Page("page:" + path);
  }

  /** Calls render from inside the web app, where the result must be this loader's Page. */
  public String titleOf(String path) {
    Page page = render(path);
    return page.title();
  }
}
