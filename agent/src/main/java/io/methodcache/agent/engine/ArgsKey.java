package io.methodcache.agent.engine;

import java.util.Arrays;

/** A key of several values with value equality; the values are already normalised. */
final class ArgsKey {
  private final Object[] values;
  private final int hash;

  ArgsKey(Object[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  Object[] values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArgsKey && hash == ((ArgsKey) o).hash
        && Arrays.equals(values, ((ArgsKey) o).values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
