package io.methodcache.agent.metrics;

import io.methodcache.agent.engine.RuleRuntime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the catalog's meters for a set of rules in the Prometheus text format (0.0.4) or in
 * OpenMetrics 1.0, under the names Micrometer's Prometheus registry gives the same meters
 * ({@code cache.gets} is {@code cache_gets_total}), so one dashboard reads either source.
 */
public final class PrometheusText {
  public static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  public static final String OPENMETRICS_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private PrometheusText() {}

  /** OpenMetrics when the scraper asks for it (Prometheus does, with a q-value), text otherwise. */
  public static boolean wantsOpenMetrics(String accept) {
    return accept != null && accept.contains("application/openmetrics-text");
  }

  public static String render(Collection<RuleRuntime> rules, boolean openMetrics) {
    Map<Meter, List<Figure>> families = new LinkedHashMap<>();
    for (Figure f : Figures.ALL_FIGURES) {
      if (f.meter() != null) {
        families.computeIfAbsent(f.meter(), m -> new ArrayList<>()).add(f);
      }
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Meter, List<Figure>> family : families.entrySet()) {
      family(out, family.getKey(), family.getValue(), rules, openMetrics);
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return out.toString();
  }

  private static void family(StringBuilder out, Meter meter, List<Figure> figures,
      Collection<RuleRuntime> rules, boolean openMetrics) {
    String base = baseName(meter);
    boolean counter = meter.type() == Figure.Type.COUNTER;
    String sample = counter ? base + "_total" : base;
    String family = openMetrics ? base : sample;
    StringBuilder samples = new StringBuilder();
    for (RuleRuntime rule : rules) {
      for (Figure f : figures) {
        if (!f.appliesTo(rule)) {
          continue;
        }
        samples.append(sample);
        labels(samples, meter, f, rule.name());
        samples.append(' ').append(number(f.exportedValue(rule))).append('\n');
      }
    }
    if (samples.length() == 0) {
      return; // a family without samples says nothing
    }
    out.append("# HELP ").append(family).append(' ').append(escapeHelp(meter.help(), openMetrics))
        .append('\n');
    out.append("# TYPE ").append(family).append(' ').append(counter ? "counter" : "gauge")
        .append('\n');
    if (openMetrics && meter.baseUnit() != null) {
      out.append("# UNIT ").append(family).append(' ').append(meter.baseUnit()).append('\n');
    }
    out.append(samples);
  }

  /** {@code methodcache.load.time} in seconds: {@code methodcache_load_time_seconds}. */
  static String baseName(Meter meter) {
    String name = sanitize(meter.name());
    return meter.baseUnit() == null ? name : name + "_" + meter.baseUnit();
  }

  private static void labels(StringBuilder b, Meter meter, Figure f, String rule) {
    List<String> tags = meter.ruleTags(rule);
    if (f.tagKey() != null) {
      tags.add(f.tagKey());
      tags.add(f.tagValue());
    }
    b.append('{');
    for (int i = 0; i < tags.size(); i += 2) {
      if (i > 0) {
        b.append(',');
      }
      b.append(sanitize(tags.get(i))).append("=\"").append(escapeLabel(tags.get(i + 1)))
          .append('"');
    }
    b.append('}');
  }

  /** Metric and label names are [a-zA-Z_:][a-zA-Z0-9_:]*; Micrometer turns dots into '_'. */
  static String sanitize(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      b.append(ok ? c : '_');
    }
    return b.toString();
  }

  /** Label values escape backslash, double quote and line feed (both formats). */
  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** HELP escapes backslash and line feed; OpenMetrics escapes double quotes as well. */
  static String escapeHelp(String help, boolean openMetrics) {
    String s = help.replace("\\", "\\\\").replace("\n", "\\n");
    return openMetrics ? s.replace("\"", "\\\"") : s;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
