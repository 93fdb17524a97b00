package io.methodcache.it.mixed.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Nested kinds under one {@code Catalog*} rule: a static nested class, an inner class reading its
 * outer instance, and an anonymous class capturing a local value. Two catalogs hold different items.
 */
public final class Catalog {
  private final String name;
  private final List<Item> items = new ArrayList<>();

  public Catalog(String name, Item... items) {
    this.name = name;
    this.items.addAll(List.of(items));
  }

  /** Static nested: a value class (equals/hashCode of its own). */
  public static final class Item {
    private final String sku;
    private final int price;

    public Item(String sku, int price) {
      this.sku = sku;
      this.price = price;
    }

    public String label(int quantity) {
      return quantity + " x " + sku + " @ " + price;
    }

    public int price() {
      return price;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Item && ((Item) o).sku.equals(sku) && ((Item) o).price == price;
    }

    @Override
    public int hashCode() {
      return sku.hashCode() * 31 + price;
    }

    @Override
    public String toString() {
      return sku;
    }
  }

  /** Inner: its answers depend on the outer catalog it belongs to. */
  public final class Cursor {
    private final int start;

    Cursor(int start) {
      this.start = start;
    }

    public String at(int offset) {
      int i = start + offset;
      return name + "[" + i + "]=" + (i < items.size() ? items.get(i) : "none");
    }
  }

  public Cursor cursor(int start) {
    return new Cursor(start);
  }

  public int total() {
    int sum = 0;
    for (Item i : items) {
      sum += i.price();
    }
    return sum;
  }

  /** An anonymous class per call, capturing {@code descending}. */
  public Comparator<Item> order(boolean descending) {
    return new Comparator<Item>() {
      @Override
      public int compare(Item a, Item b) {
        int c = Integer.compare(a.price(), b.price());
        return descending ? -c : c;
      }
    };
  }

  public String sorted(boolean descending) {
    List<Item> copy = new ArrayList<>(items);
    copy.sort(order(descending));
    return name + copy;
  }
}
