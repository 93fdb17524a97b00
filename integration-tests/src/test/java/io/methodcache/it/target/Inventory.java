package io.methodcache.it.target;

/** The interactive app's cached method. */
public class Inventory {
  public String stock(String sku) {
    Bodies.ran("stock");
    return "stock-" + sku;
  }

  /** Its rule says {@code enabled: false}; the test switches it on over JMX. */
  public String reserve(String sku) {
    Bodies.ran("reserve");
    return "reserved-" + sku;
  }
}
