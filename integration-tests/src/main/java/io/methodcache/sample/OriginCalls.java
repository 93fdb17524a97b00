package io.methodcache.sample;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often the application's own code really went to its origins: each repository or service method
 * counts itself at the top of its body. A cached call skips the body, so it is not counted.
 */
public final class OriginCalls {
  public static final LongAdder DB_QUERIES = new LongAdder();
  public static final LongAdder PRICE_QUOTES = new LongAdder();

  private OriginCalls() {}

  public static long total() { return DB_QUERIES.sum() + PRICE_QUOTES.sum(); }
}
