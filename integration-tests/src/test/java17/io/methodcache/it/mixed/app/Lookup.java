package io.methodcache.it.mixed.app;

/** A public interface: a JDK proxy for it lives in a jdk.proxyN module package. */
public interface Lookup {
  String lookup(String key);

  default String lookupOr(String key, String fallback) {
    String v = lookup(key);
    return v == null ? fallback : v;
  }
}
