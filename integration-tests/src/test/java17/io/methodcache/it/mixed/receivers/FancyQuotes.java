package io.methodcache.it.mixed.receivers;

/** An override around the cached super method, for the same argument: one entry per key. */
public class FancyQuotes extends BaseQuotes {
  @Override
  public String quote(String symbol) {
    return "*" + super.quote(symbol) + "*";
  }
}
