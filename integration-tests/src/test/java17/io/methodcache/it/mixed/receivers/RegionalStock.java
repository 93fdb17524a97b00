package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** One instance per region, compared by identity: the rule's key names {this.region}. */
public final class RegionalStock {
  private final String region;

  public RegionalStock(String region) {
    this.region = region;
  }

  public String getRegion() {
    return region;
  }

  public String stock(String sku) {
    Bodies.ran("stock");
    return region + ":" + sku + "=" + Warehouse.units(region, sku);
  }
}
