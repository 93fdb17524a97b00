package io.methodcache.sample;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stands in for a remote pricing API: every call costs a network hop of about 3 ms. Returns null for
 * a discontinued product (every 13th SKU), as such APIs often do with a 404.
 */
public class PriceService {
  private static final long HOP_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

  public Quote quote(String sku) {
    OriginCalls.PRICE_QUOTES.increment();
    long until = System.nanoTime() + HOP_NANOS;
    for (long left = HOP_NANOS; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    long n = Long.parseLong(sku.substring(sku.indexOf('-') + 1));
    if (n % 13 == 0) {
      return null;
    }
    // a deterministic "today's price", so runs with and without the agent can be compared
    return new Quote(sku, 499 + (n * 7919) % 20_000, "EUR");
  }
}
