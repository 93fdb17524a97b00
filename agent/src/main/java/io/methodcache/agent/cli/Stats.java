package io.methodcache.agent.cli;

import io.methodcache.agent.metrics.Figure;
import io.methodcache.agent.metrics.Figures;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.management.openmbean.CompositeData;

/** {@code stats PID [--rule NAME] [--json]}. */
final class Stats {
  private Stats() {}

  /** Caching rules' table: header, attribute, format; the columns the catalog gives. */
  private static final String[][] COLUMNS = columns(false, "RULE");

  /**
   * Write rules' table: they cache nothing, so hits and sizes would be zeros; what shows whether
   * one fired is its calls and the evictions and puts they made.
   */
  private static final String[][] WRITE_COLUMNS = columns(true, "WRITE-RULE");

  private static String[][] columns(boolean writeRules, String first) {
    List<String[]> out = new ArrayList<>();
    out.add(new String[] {first, null, "s"});
    out.add(new String[] {"ENABLED", "Enabled", "state"});
    for (Figure f : Figures.columns(writeRules)) {
      String kind = f.name().endsWith("Ratio") ? "ratio" : f.name().endsWith("Millis") ? "ms" : "n";
      out.add(new String[] {f.column(), f.jmxAttribute(), kind});
    }
    return out.toArray(new String[0][]);
  }

  private static final List<String> AGENT_ATTRIBUTES =
      List.of("Enabled", "InternalErrors", "Problems", "L2Status", "ConfigFile");

  static int run(List<String> tokens, PrintStream out, Jvms.Connector connector)
      throws CliException {
    Args args = Args.parse(tokens, Set.of("--json"), Set.of("--rule"), Map.of());
    if (args.help()) {
      out.print(Usage.STATS);
      return Main.OK;
    }
    args.expect(1, 1, "PID");
    long pid = Args.pid(args.positional(0));
    String only = args.value("--rule");
    try (Jvms.Session session = connector.connect(pid)) {
      RemoteAgent agent = new RemoteAgent(session.mbeans(), pid).requireAgent();
      List<String> rules = only != null ? List.of(only) : agent.ruleNames();
      if (only != null) {
        agent.requireRule(only);
      }
      if (args.flag("--json")) {
        out.println(json(agent, rules));
      } else {
        table(agent, rules, out);
      }
      return Main.OK;
    }
  }

  static void table(RemoteAgent agent, List<String> rules, PrintStream out) throws CliException {
    Map<String, Object> a = agent.get(RemoteAgent.AGENT, AGENT_ATTRIBUTES);
    Object problems = a.get("Problems");
    out.println("agent " + agent.pid() + ": enabled=" + text(a.get("Enabled"))
        + " internal-errors=" + text(a.get("InternalErrors"))
        + " problems=" + (problems instanceof String[] ? ((String[]) problems).length : "-")
        + " l2=" + text(a.get("L2Status")));
    out.println("config: " + text(a.get("ConfigFile")));

    List<String[]> caching = new ArrayList<>();
    List<String[]> writing = new ArrayList<>();
    caching.add(header(COLUMNS));
    writing.add(header(WRITE_COLUMNS));
    List<String> attributes = attributes(COLUMNS, WRITE_COLUMNS);
    for (String rule : rules) {
      Map<String, Object> v;
      try {
        v = agent.get(RemoteAgent.ruleName(rule), attributes);
      } catch (CliException gone) {
        continue; // removed by a reload between listing and reading
      }
      boolean write = Boolean.TRUE.equals(v.get("WriteRule"));
      String[][] columns = write ? WRITE_COLUMNS : COLUMNS;
      String[] row = new String[columns.length];
      row[0] = rule;
      for (int i = 1; i < columns.length; i++) {
        Object value = columns[i][2].equals("state") && v.get("State") != null
            ? v.get("State") : v.get(columns[i][1]);
        row[i] = format(value, columns[i][2]);
      }
      (write ? writing : caching).add(row);
    }
    if (caching.size() > 1 || writing.size() == 1) {
      print(caching, out);
    }
    if (writing.size() > 1) {
      print(writing, out);
    }
  }

  private static String[] header(String[][] columns) {
    String[] header = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      header[i] = columns[i][0];
    }
    return header;
  }

  private static List<String> attributes(String[][]... tables) {
    List<String> out = new ArrayList<>(List.of("WriteRule", "State"));
    for (String[][] columns : tables) {
      for (String[] c : columns) {
        if (c[1] != null && !out.contains(c[1])) {
          out.add(c[1]);
        }
      }
    }
    return out;
  }

  private static void print(List<String[]> rows, PrintStream out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          b.append("  ");
        }
        boolean left = i <= 1;
        String cell = row[i];
        String pad = " ".repeat(width[i] - cell.length());
        b.append(left ? cell + (i == row.length - 1 ? "" : pad) : pad + cell);
      }
      out.println(b.toString().stripTrailing());
    }
  }

  static String format(Object value, String kind) {
    if (value == null) {
      return "-";
    }
    switch (kind) {
      case "state": // "on", "off", "broken"; an agent without State gives Enabled
        return value instanceof String ? (String) value
            : Boolean.TRUE.equals(value) ? "on" : "off";
      case "ratio":
        return value instanceof Number
            ? String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue()) : "-";
      case "ms":
        return value instanceof Number
            ? String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue()) : "-";
      default:
        return String.valueOf(value);
    }
  }

  private static String text(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }

  static String json(RemoteAgent agent, List<String> rules) throws CliException {
    StringBuilder b = new StringBuilder();
    b.append("{\"pid\":").append(agent.pid()).append(",\"agent\":");
    object(b, agent.all(RemoteAgent.AGENT));
    b.append(",\"rules\":[");
    boolean first = true;
    for (String rule : rules) {
      Map<String, Object> v;
      try {
        v = agent.all(RemoteAgent.ruleName(rule));
      } catch (CliException gone) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      Map<String, Object> withName = new java.util.LinkedHashMap<>();
      withName.put("Name", rule);
      withName.putAll(v);
      object(b, withName);
    }
    return b.append("]}").toString();
  }

  private static void object(StringBuilder b, Map<String, Object> values) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      value(b, e.getValue());
    }
    b.append('}');
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      b.append(Double.isFinite(d) ? String.valueOf(d) : "null");
    } else if (v instanceof Number) {
      b.append(v);
    } else if (v.getClass().isArray()) {
      b.append('[');
      for (int i = 0; i < Array.getLength(v); i++) {
        if (i > 0) {
          b.append(',');
        }
        value(b, Array.get(v, i));
      }
      b.append(']');
    } else if (v instanceof CompositeData) {
      CompositeData c = (CompositeData) v;
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      for (String key : c.getCompositeType().keySet()) {
        m.put(key, c.get(key));
      }
      object(b, m);
    } else {
      string(b, String.valueOf(v));
    }
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
