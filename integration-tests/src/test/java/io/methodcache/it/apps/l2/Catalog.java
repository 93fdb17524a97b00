package io.methodcache.it.apps.l2;

import io.methodcache.it.target.Bodies;

/**
 * The cached methods of the L2 tests; each body counts its runs under the method's name (a hit
 * skips the body) and returns a value derived from the shared {@link Data}, so a stale value is
 * recognisable by its version.
 */
public class Catalog {
  /** A write (rule: save, which evicts lookup's key): the id's next version. */
  public long save(long id) {
    return Data.bump(id);
  }

  /**
   * A write whose result is exactly what {@link #lookup} returns for the id afterwards (a write
   * rule's method for {@code put:}): bumps the id's version and returns {@code item-ID@vN}.
   */
  public String update(long id) {
    return "item-" + id + "@v" + Data.bump(id);
  }

  /** A product's page (rule: page, tagged product:{id} and catalog). */
  public String page(long id) {
    Bodies.ran("page");
    return "page-" + id + "@v" + Data.version(id);
  }

  /** Changes a product without naming any cached key (its rule evicts the tag product:{id}). */
  public void touch(long id) {
    Data.bump(id);
  }

  /** Changes products 1 to 4 (its rule evicts the tag catalog). */
  public int reindex() {
    for (long id = 1; id <= 4; id++) {
      Data.bump(id);
    }
    return 4;
  }

  /** A String result (rules: lookup). */
  public String lookup(long id) {
    Bodies.ran("lookup");
    return "item-" + id + "@v" + Data.version(id);
  }

  /** A primitive result. */
  public long price(long id) {
    Bodies.ran("price");
    return id * 100 + Data.version(id);
  }

  /** An object result of an allow-listed class. */
  public Item item(long id) {
    Bodies.ran("item");
    return new Item(id, Data.version(id));
  }

  /** Null for even ids (its rule caches nulls). */
  public String maybe(long id) {
    Bodies.ran("maybe");
    return id % 2 == 0 ? null : "odd-" + id + "@v" + Data.version(id);
  }

  /** Its rule says tiers: [l2]: no in-process copy. */
  public String direct(long id) {
    Bodies.ran("direct");
    return "direct-" + id + "@v" + Data.version(id);
  }

  /** Not serializable. */
  public Widget widget(long id) {
    Bodies.ran("widget");
    return new Widget(id);
  }

  /** A slow body, for the distributed stampede. */
  public String slow(long id) {
    Bodies.ran("slow");
    try {
      Thread.sleep(Long.getLong("l2.slow.millis", 300));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "slow-" + id + "@v" + Data.version(id);
  }

  /** The outage load's method: immutable data, so every value can be checked. */
  public int load(int k) {
    Bodies.ran("load");
    return expectedLoad(k);
  }

  public static int expectedLoad(int k) {
    return k * 31 + 7;
  }
}
