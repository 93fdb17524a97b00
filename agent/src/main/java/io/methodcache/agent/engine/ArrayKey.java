package io.methodcache.agent.engine;

import java.util.Arrays;

/**
 * An array argument as a key: a deep copy taken at call time (the caller may reuse and change
 * its array afterwards), compared by content.
 */
final class ArrayKey {
  private final Object[] wrapped;
  /** The argument's own array class: an {@code Integer[]} and an {@code Object[]} differ. */
  private final Class<?> type;
  private final int hash;

  private ArrayKey(Object copy, Class<?> type) {
    this.wrapped = new Object[] {copy};
    this.type = type;
    this.hash = Arrays.deepHashCode(wrapped);
  }

  static ArrayKey copyOf(Object array) {
    return new ArrayKey(deepCopy(array), array.getClass());
  }

  private static Object deepCopy(Object array) {
    if (array instanceof Object[]) {
      Object[] src = (Object[]) array;
      Object[] dst = new Object[src.length];
      for (int i = 0; i < src.length; i++) {
        dst[i] = KeyValues.normalize(src[i]);
      }
      return dst;
    }
    if (array instanceof int[]) return ((int[]) array).clone();
    if (array instanceof long[]) return ((long[]) array).clone();
    if (array instanceof byte[]) return ((byte[]) array).clone();
    if (array instanceof char[]) return ((char[]) array).clone();
    if (array instanceof short[]) return ((short[]) array).clone();
    if (array instanceof boolean[]) return ((boolean[]) array).clone();
    if (array instanceof float[]) return ((float[]) array).clone();
    return ((double[]) array).clone();
  }

  /** The copied array. */
  Object array() {
    return wrapped[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayKey && hash == ((ArrayKey) o).hash && type == ((ArrayKey) o).type
        && Arrays.deepEquals(wrapped, ((ArrayKey) o).wrapped);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.deepToString(wrapped);
  }
}
