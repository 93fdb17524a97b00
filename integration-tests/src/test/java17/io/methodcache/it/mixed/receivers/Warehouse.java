package io.methodcache.it.mixed.receivers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The data behind {@link RegionalStock}: units per region and SKU, changed by {@link Restocking}. */
public final class Warehouse {
  private static final Map<String, Integer> UNITS = new ConcurrentHashMap<>();

  private Warehouse() {}

  static int units(String region, String sku) {
    return UNITS.getOrDefault(region + "/" + sku, 0);
  }

  static void add(String region, String sku, int units) {
    UNITS.merge(region + "/" + sku, units, Integer::sum);
  }
}
