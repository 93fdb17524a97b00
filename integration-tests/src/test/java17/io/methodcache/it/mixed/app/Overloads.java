package io.methodcache.it.mixed.app;

/** One name, many signatures, and an Object parameter given numbers of different types. */
public final class Overloads {
  public String describe(int v) {
    return "int " + v;
  }

  public String describe(long v) {
    return "long " + v;
  }

  public String describe(Integer v) {
    return "Integer " + v;
  }

  public String describe(Object v) {
    return (v == null ? "null" : v.getClass().getSimpleName()) + " " + v;
  }

  public String describe(String... v) {
    return "strings " + String.join("|", v);
  }
}
