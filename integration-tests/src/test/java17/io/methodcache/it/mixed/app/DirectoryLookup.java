package io.methodcache.it.mixed.app;

import java.util.Map;

/** The real implementation behind the proxies; two instances hold different data. */
public final class DirectoryLookup implements Lookup {
  private final Map<String, String> data;

  public DirectoryLookup(Map<String, String> data) {
    this.data = data;
  }

  @Override
  public String lookup(String key) {
    return data.get(key);
  }
}
