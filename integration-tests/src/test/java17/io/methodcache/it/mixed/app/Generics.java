package io.methodcache.it.mixed.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Static generic methods: erased parameter and return types. */
public final class Generics {
  private Generics() {}

  public static <T extends Comparable<? super T>> T max(Collection<? extends T> items) {
    T best = null;
    for (T t : items) {
      if (best == null || t.compareTo(best) > 0) {
        best = t;
      }
    }
    return best;
  }

  public static <T> List<T> repeat(T value, int times) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      out.add(value);
    }
    return out;
  }

  public static <K, V> String entry(K key, V value) {
    return key + "->" + value;
  }
}
