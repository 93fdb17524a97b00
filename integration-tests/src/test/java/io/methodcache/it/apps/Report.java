package io.methodcache.it.apps;

import java.lang.reflect.Array;
import java.util.concurrent.Callable;

/** What forked test apps print for the test to parse: {@code RESULT key=value}, one per line. */
public final class Report {
  private Report() {}

  public static void put(String key, Object value) {
    String text = render(value).replace('\n', ' ').replace('\r', ' ');
    synchronized (System.out) {
      System.out.println("RESULT " + key + "=" + text);
      System.out.flush();
    }
  }

  /** Calls and renders the outcome: the value, or {@code !Type: message} for a throwable. */
  public static String outcome(Callable<?> call) {
    try {
      return render(call.call());
    } catch (Throwable t) {
      return thrown(t);
    }
  }

  public static String thrown(Throwable t) {
    return "!" + t.getClass().getName() + ": " + t.getMessage();
  }

  /** Stable rendering for values of any type, arrays included. */
  public static String render(Object value) {
    if (value == null) return "null";
    if (value.getClass().isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < Array.getLength(value); i++) {
        if (i > 0) b.append(", ");
        b.append(render(Array.get(value, i)));
      }
      return b.append(']').toString();
    }
    if (value instanceof Character) return "'" + value + "'";
    if (value instanceof Float) return value + "f";
    if (value instanceof Long) return value + "L";
    if (value instanceof Short) return "(short)" + value;
    if (value instanceof Byte) return "(byte)" + value;
    return value.toString();
  }
}
