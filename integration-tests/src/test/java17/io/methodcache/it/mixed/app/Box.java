package io.methodcache.it.mixed.app;

import java.util.function.Function;

/** A generic value class; generic instance methods. */
public final class Box<T> {
  private final T value;

  public Box(T value) {
    this.value = value;
  }

  public T get() {
    return value;
  }

  public <R> Box<R> map(Function<? super T, ? extends R> f) {
    return new Box<>(f.apply(value));
  }

  public <U> String pairWith(U other) {
    return "(" + value + ", " + other + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Box && java.util.Objects.equals(((Box<?>) o).value, value);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return "Box(" + value + ")";
  }
}
