package io.methodcache.it.apps.l2;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** An object result that travels through L2: allowed by {@code io.methodcache.it.apps.l2.**}. */
public final class Item implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long id;
  private final String name;
  private final int version;
  private final BigDecimal price;
  private final LocalDate since;
  private final List<String> tags;
  private final Map<String, Integer> stock;

  public Item(long id, int version) {
    this.id = id;
    this.name = "item-" + id;
    this.version = version;
    this.price = BigDecimal.valueOf(id * 100 + version, 2);
    this.since = LocalDate.of(2020, 1, 1).plusDays(id);
    this.tags = new ArrayList<>(List.of("t" + id % 3, "v" + version));
    this.stock = new TreeMap<>(Map.of("north", (int) id, "south", version));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Item)) {
      return false;
    }
    Item i = (Item) o;
    return id == i.id && version == i.version && name.equals(i.name) && price.equals(i.price)
        && since.equals(i.since) && tags.equals(i.tags) && stock.equals(i.stock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "Item{id=" + id + ",name=" + name + ",version=" + version + ",price=" + price
        + ",since=" + since + ",tags=" + tags + ",stock=" + stock + "}";
  }
}
