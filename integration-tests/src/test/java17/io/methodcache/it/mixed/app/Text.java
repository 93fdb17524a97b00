package io.methodcache.it.mixed.app;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Varargs, collections as arguments (changed by the caller between calls), a builder argument. */
public final class Text {
  private Text() {}

  public static String join(String separator, String... parts) {
    return String.join(separator, parts);
  }

  public static String joinAll(Collection<String> parts) {
    return String.join("+", parts);
  }

  public static int totalLength(List<String> parts) {
    int n = 0;
    for (String p : parts) {
      n += p.length();
    }
    return n;
  }

  public static String render(Map<String, Integer> counts) {
    StringBuilder b = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append(';'));
    return b.toString();
  }

  public static String inOrder(Map<String, Integer> counts) {
    StringBuilder b = new StringBuilder();
    counts.forEach((k, v) -> b.append(k).append('=').append(v).append(';'));
    return b.toString();
  }

  /** A StringBuilder compares by identity: no key can be formed, the call runs uncached. */
  public static String shout(StringBuilder text) {
    return text.toString().toUpperCase() + "!";
  }

  public static String repeat(String s, int times) {
    return s.repeat(times);
  }
}
