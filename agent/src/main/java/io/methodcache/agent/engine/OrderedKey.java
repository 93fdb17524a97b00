package io.methodcache.agent.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set or map argument whose iteration order is defined (a {@code TreeSet}, a
 * {@code LinkedHashMap}, a wrapper whose order cannot be known…), as a key: its class and its
 * elements in order. Two such arguments equal as sets may still make the method answer
 * differently (it may iterate them), so they share an entry only when they iterate alike. Only
 * collections whose order is unspecified by contract ({@code HashSet}, {@code Set.of}, …) are
 * keyed as plain sets and maps.
 */
final class OrderedKey {
  final Class<?> type;
  final boolean map;
  /** Normalised elements, or for a map its keys and values alternately, in iteration order. */
  final List<Object> items;
  private final int hash;

  private OrderedKey(Class<?> type, boolean map, List<Object> items) {
    this.type = type;
    this.map = map;
    this.items = Collections.unmodifiableList(items);
    this.hash = 31 * type.hashCode() + items.hashCode();
  }

  static OrderedKey ofSet(Set<?> set) {
    List<Object> items = new ArrayList<>(set.size());
    for (Object o : set) {
      items.add(KeyValues.normalize(o));
    }
    return new OrderedKey(set.getClass(), false, items);
  }

  static OrderedKey ofMap(Map<?, ?> map) {
    List<Object> items = new ArrayList<>(2 * map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      items.add(KeyValues.normalize(e.getKey()));
      items.add(KeyValues.normalize(e.getValue()));
    }
    return new OrderedKey(map.getClass(), true, items);
  }

  /** True when the collection's iteration order is unspecified: it is keyed by content alone. */
  static boolean unordered(Object collection) {
    Class<?> c = collection.getClass();
    return c == HashSet.class || c == HashMap.class || c == Hashtable.class
        || c == ConcurrentHashMap.class || c == ConcurrentHashMap.KeySetView.class
        || c.getName().startsWith("java.util.ImmutableCollections$");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OrderedKey)) {
      return false;
    }
    OrderedKey k = (OrderedKey) o;
    return hash == k.hash && type == k.type && items.equals(k.items);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return type.getSimpleName() + items;
  }
}
