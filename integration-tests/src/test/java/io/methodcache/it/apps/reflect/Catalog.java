package io.methodcache.it.apps.reflect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The class the rules cache ({@code find} and {@code check}), shaped so that each attribute
 * reflection reads is present: parameter names with a final modifier (the module is compiled
 * with {@code -parameters}), annotations on the class, fields, constructor, methods, parameters
 * and type uses, generic signatures, a throws clause, a bridge method ({@code compareTo}), and a
 * {@code throw} whose line number shows in a stack trace.
 */
@Tag("catalog")
public class Catalog implements Comparable<Catalog> {
  private static final AtomicInteger FINDS = new AtomicInteger();

  @Tag("regions")
  private final List<@Tag("region") String> regions = new ArrayList<>();
  private final int shelves;

  @Tag("constructor")
  public Catalog(@Tag("home") String homeRegion, final int shelves) {
    this.regions.add(homeRegion);
    this.shelves = shelves;
  }

  /** The SKUs in stock, at most {@code limit} of them, sorted; counts its runs. */
  @Tag("find")
  public List<@Tag("sku") String> find(@Tag("stock") Map<String, Integer> stockBySku,
      final int limit) throws IOException {
    FINDS.incrementAndGet();
    List<String> out = new ArrayList<>();
    for (String sku : new TreeSet<>(stockBySku.keySet())) {
      if (out.size() < limit && stockBySku.get(sku) > 0) {
        out.add(sku);
      }
    }
    return out;
  }

  /** Throws for a negative quantity: the stack trace must name this line. */
  public int check(int quantity) {
    if (quantity < 0) {
      throw new IllegalArgumentException("negative quantity " + quantity); // THROW-LINE
    }
    return quantity * shelves;
  }

  @Override
  public int compareTo(Catalog other) {
    return Integer.compare(shelves, other.shelves);
  }

  /** How many times {@link #find} really ran: a cache hit does not count. */
  public static int finds() {
    return FINDS.get();
  }
}
