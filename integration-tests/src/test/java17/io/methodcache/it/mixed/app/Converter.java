package io.methodcache.it.mixed.app;

/** A generic base: its subclasses' overrides get bridge methods (convert(Object)). */
public abstract class Converter<A, B> {
  public abstract B convert(A value);

  public B convertOr(A value, B fallback) {
    return value == null ? fallback : convert(value);
  }
}
