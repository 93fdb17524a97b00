package io.methodcache.sample;

import java.io.Serializable;
import java.util.Objects;

/** A row of the {@code products} table. Immutable, with value equality. */
public final class Product implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long id;
  private final String sku;
  private final String name;
  private final int categoryId;
  private final long listPriceCents;

  public Product(long id, String sku, String name, int categoryId, long listPriceCents) {
    this.id = id;
    this.sku = sku;
    this.name = name;
    this.categoryId = categoryId;
    this.listPriceCents = listPriceCents;
  }

  public long getId() { return id; }
  public String getSku() { return sku; }
  public String getName() { return name; }
  public int getCategoryId() { return categoryId; }
  public long getListPriceCents() { return listPriceCents; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Product)) return false;
    Product p = (Product) o;
    return id == p.id && categoryId == p.categoryId && listPriceCents == p.listPriceCents
        && sku.equals(p.sku) && name.equals(p.name);
  }

  @Override
  public int hashCode() { return Objects.hash(id, sku, name, categoryId, listPriceCents); }

  @Override
  public String toString() { return "Product[" + id + " " + sku + " " + name + "]"; }
}
