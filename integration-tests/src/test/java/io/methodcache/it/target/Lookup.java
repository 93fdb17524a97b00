package io.methodcache.it.target;

import java.util.Optional;

/** Methods that return null or empty results, for negative caching. */
public class Lookup {
  public String findNullCached(String key) {
    Bodies.ran("null-cached");
    return null;
  }

  public String findNullUncached(String key) {
    Bodies.ran("null-uncached");
    return null;
  }

  /** Null for keys starting with "none", a value otherwise. */
  public String findShortNull(String key) {
    Bodies.ran("null-short:" + key);
    return key.startsWith("none") ? null : "found:" + key;
  }

  public Optional<String> findOptional(String key) {
    Bodies.ran("optional:" + key);
    return key.startsWith("none") ? Optional.empty() : Optional.of("found:" + key);
  }

  public Optional<String> findOptionalNullsCached(String key) {
    Bodies.ran("optional-nulls:" + key);
    return key.startsWith("none") ? Optional.empty() : Optional.of("found:" + key);
  }
}
