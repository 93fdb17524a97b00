package io.methodcache.it.mixed.receivers;

/** The write side of {@link Pricing}: its rule evicts the changed cost for every instance. */
public final class PriceList {
  public void changed(double cost) {
    // the prices live elsewhere; only the eviction matters here
  }
}
