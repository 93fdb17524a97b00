package io.methodcache.it.mixed.app;

import java.util.ArrayList;

/** A mutable receiver with value equality (AbstractList's): changed between calls. */
public final class Basket extends ArrayList<String> {
  public int weight() {
    int w = 0;
    for (String s : this) {
      w += s.length();
    }
    return w;
  }

  public String summary() {
    return size() + " items: " + String.join(",", this);
  }
}
