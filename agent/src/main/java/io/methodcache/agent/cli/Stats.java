package io.methodcache.agent.cli;

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

  /** Table columns: header, attribute, format. */
  private static final String[][] COLUMNS = {
      {"RULE", null, "s"},
      {"ENABLED", "Enabled", "onoff"},
      {"HITS", "Hits", "n"},
      {"MISSES", "Misses", "n"},
      {"HIT-RATIO", "HitRatio", "ratio"},
      {"LOADS", "Loads", "n"},
      {"LOAD-MS-MEAN", "LoadTimeMeanMillis", "ms"},
      {"SIZE", "Size", "n"},
      {"ERRORS", "Errors", "n"},
      {"L2-HITS", "L2Hits", "n"},
      {"L2-MISSES", "L2Misses", "n"},
      {"L2-ERRORS", "L2Errors", "n"},
  };

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

    List<String> attributes = new ArrayList<>();
    for (String[] c : COLUMNS) {
      if (c[1] != null) {
        attributes.add(c[1]);
      }
    }
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[COLUMNS.length];
    for (int i = 0; i < COLUMNS.length; i++) {
      header[i] = COLUMNS[i][0];
    }
    rows.add(header);
    for (String rule : rules) {
      Map<String, Object> v;
      try {
        v = agent.get(RemoteAgent.ruleName(rule), attributes);
      } catch (CliException gone) {
        continue; // removed by a reload between listing and reading
      }
      String[] row = new String[COLUMNS.length];
      row[0] = rule;
      for (int i = 1; i < COLUMNS.length; i++) {
        row[i] = format(v.get(COLUMNS[i][1]), COLUMNS[i][2]);
      }
      rows.add(row);
    }
    int[] width = new int[COLUMNS.length];
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
      case "onoff":
        return Boolean.TRUE.equals(value) ? "on" : "off";
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
