package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** The base of a {@code BaseQuotes+} rule; its subclass's override calls it through super. */
public class BaseQuotes {
  public String quote(String symbol) {
    Bodies.ran("baseQuote");
    return symbol + "@" + symbol.length() * 10;
  }
}
