package io.methodcache.it.mixed.receivers;

/** The write side: its rule evicts the one (region, SKU) entry it changed, named from its arguments. */
public final class Restocking {
  public void restock(RegionalStock store, String sku, int units) {
    Warehouse.add(store.getRegion(), sku, units);
  }
}
