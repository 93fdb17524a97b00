package io.methodcache.agent.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) and OpenMetrics 1.0, as far as this
 * agent's output uses them (counters and gauges): every line must be a well-formed HELP, TYPE,
 * UNIT, sample or the final {@code # EOF}; a family's metadata comes once, before its samples,
 * which are contiguous; counter samples end in {@code _total}; no series twice. Throws on the
 * first fault, naming the line. Shared with the integration tests (test-jar).
 */
public final class Exposition {
  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern META =
      Pattern.compile("# (HELP|TYPE|UNIT) (" + NAME + ") (.*)");
  private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

  /** Series ({@code name{k="v",...}} as written) to value, in order. */
  public final Map<String, Double> series = new LinkedHashMap<>();
  /** Family name to type. */
  public final Map<String, String> types = new LinkedHashMap<>();
  public final Map<String, String> help = new HashMap<>();

  private Exposition() {}

  public static Exposition parse(String text, boolean openMetrics) {
    Exposition e = new Exposition();
    if (!text.endsWith("\n")) {
      throw new AssertionError("the exposition does not end with a line feed");
    }
    List<String> lines = List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    Set<String> closed = new HashSet<>();
    String family = null;
    boolean samplesSeen = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = "line " + (i + 1) + " '" + line + "': ";
      if (openMetrics && line.equals("# EOF")) {
        if (i != lines.size() - 1) {
          throw new AssertionError(where + "# EOF before the end");
        }
        return e;
      }
      Matcher meta = META.matcher(line);
      if (meta.matches()) {
        String name = meta.group(2);
        if (!name.equals(family)) {
          if (family != null) {
            closed.add(family);
          }
          if (closed.contains(name) || e.types.containsKey(name) && !name.equals(family)) {
            throw new AssertionError(where + "family " + name + " described twice");
          }
          family = name;
          samplesSeen = false;
        }
        if (samplesSeen) {
          throw new AssertionError(where + "metadata after the family's samples");
        }
        switch (meta.group(1)) {
          case "HELP":
            if (e.help.put(name, meta.group(3)) != null) {
              throw new AssertionError(where + "second HELP");
            }
            checkHelp(where, meta.group(3), openMetrics);
            break;
          case "TYPE":
            if (e.types.put(name, meta.group(3)) != null) {
              throw new AssertionError(where + "second TYPE");
            }
            if (!Set.of("counter", "gauge").contains(meta.group(3))) {
              throw new AssertionError(where + "unexpected type");
            }
            break;
          default:
            if (!openMetrics || !name.endsWith("_" + meta.group(3))) {
              throw new AssertionError(where + "UNIT only in OpenMetrics, as the name's suffix");
            }
        }
        continue;
      }
      if (line.startsWith("#") || line.isEmpty()) {
        throw new AssertionError(where + "neither metadata nor a sample");
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError(where + "not a sample");
      }
      String type = family == null ? null : e.types.get(family);
      if (type == null) {
        throw new AssertionError(where + "a sample before its family's TYPE");
      }
      String expected = type.equals("counter") && openMetrics ? family + "_total" : family;
      if (!m.group(1).equals(expected)) {
        throw new AssertionError(where + "sample name, expected " + expected);
      }
      if (type.equals("counter") && !m.group(1).endsWith("_total")) {
        throw new AssertionError(where + "a counter without _total");
      }
      if (m.group(3) != null) {
        checkLabels(where, m.group(3));
      }
      double value = number(where, m.group(4));
      if (e.series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), value) != null) {
        throw new AssertionError(where + "series given twice");
      }
      samplesSeen = true;
    }
    if (openMetrics) {
      throw new AssertionError("no # EOF at the end");
    }
    return e;
  }

  private static void checkHelp(String where, String text, boolean openMetrics) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
        if (next != '\\' && next != 'n' && !(openMetrics && next == '"')) {
          throw new AssertionError(where + "bad escape in HELP");
        }
        i++;
      } else if (openMetrics && c == '"') {
        throw new AssertionError(where + "unescaped quote in OpenMetrics HELP");
      }
    }
  }

  private static void checkLabels(String where, String labels) {
    Matcher l = LABEL.matcher(labels);
    int at = 0;
    Set<String> names = new HashSet<>();
    while (at < labels.length()) {
      if (!l.find(at) || l.start() != at) {
        throw new AssertionError(where + "bad label at " + at);
      }
      if (!names.add(l.group(1))) {
        throw new AssertionError(where + "label " + l.group(1) + " twice");
      }
      at = l.end();
      if (at < labels.length()) {
        if (labels.charAt(at) != ',' || at + 1 == labels.length()) {
          throw new AssertionError(where + "labels not separated by single commas");
        }
        at++;
      }
    }
  }

  private static double number(String where, String text) {
    switch (text) {
      case "NaN": return Double.NaN;
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      default:
        if (!text.matches("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
          throw new AssertionError(where + "not a number: " + text);
        }
        return Double.parseDouble(text);
    }
  }

  /** The value of the series {@code name{labels}} (labels as written, in order). */
  public double value(String name, String labels) {
    Double v = series.get(name + "{" + labels + "}");
    if (v == null) {
      throw new AssertionError("no series " + name + "{" + labels + "} in " + series.keySet());
    }
    return v;
  }
}
