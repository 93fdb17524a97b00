package io.methodcache.agent.metrics;

import io.methodcache.agent.engine.RuleRuntime;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One statistic of a rule, described once for every place that shows it: its name (the key of
 * {@code MethodCache.stats}; capitalised, the JMX attribute), what it means, its type, the meter it
 * is exported as (Micrometer name, tag, unit) and how it is read. Reading is a plain getter on the
 * rule's counters: exporters read at scrape time, the cached call pays nothing.
 */
public final class Figure {
  /**
   * A counter only grows (until the rule is replaced by a reload); a gauge goes up and down; a
   * derived figure is a ratio or a mean of others (shown by JMX and {@code stats}, not exported).
   */
  public enum Type { COUNTER, GAUGE, DERIVED }

  /** Which rules have it: write rules cache nothing, caching rules fire no evictions. */
  public enum Rules { CACHING, WRITE, ALL }

  private final String name;
  private final String description;
  private final Type type;
  private final Rules rules;
  private final ToDoubleFunction<RuleRuntime> read;
  private final ToDoubleFunction<RuleRuntime> export;
  private final Meter meter;
  private final String tagKey;
  private final String tagValue;
  private final double perUnit;
  private final String column;

  private Figure(String name, String description, Type type, Rules rules,
      ToDoubleFunction<RuleRuntime> read, ToDoubleFunction<RuleRuntime> export, Meter meter,
      String tagKey, String tagValue, double perUnit, String column) {
    this.name = name;
    this.description = description;
    this.type = type;
    this.rules = rules;
    this.read = read;
    this.export = export;
    this.meter = meter;
    this.tagKey = tagKey;
    this.tagValue = tagValue;
    this.perUnit = perUnit;
    this.column = column;
  }

  /** The same figure, shown in {@code stats}' table under {@code header}. */
  Figure inTable(String header) {
    return new Figure(name, description, type, rules, read, export, meter, tagKey, tagValue,
        perUnit, header);
  }

  /** A figure exported as {@code meter} (with {@code tag = value} when not null). */
  static Figure exported(String name, Rules rules, String description, Meter meter, String tag,
      String value, ToDoubleFunction<RuleRuntime> read) {
    return new Figure(name, description, meter.type(), rules, read, read, meter, tag, value, 1.0,
        null);
  }

  /**
   * As {@link #exported}, the exported value being the figure's divided by {@code perUnit} (1000:
   * JMX's milliseconds, the meter's seconds), read by {@code export} (from the same counter, so
   * that seconds are not milliseconds divided again, with two roundings).
   */
  static Figure scaled(String name, Rules rules, String description, Meter meter, double perUnit,
      ToDoubleFunction<RuleRuntime> read, ToDoubleFunction<RuleRuntime> export) {
    return new Figure(name, description, meter.type(), rules, read, export, meter, null, null,
        perUnit, null);
  }

  /** A ratio or a mean of other figures: JMX and {@code stats} show it, scrapers compute it. */
  static Figure derived(String name, Rules rules, String description,
      ToDoubleFunction<RuleRuntime> read) {
    return new Figure(name, description, Type.DERIVED, rules, read, read, null, null, null, 1.0,
        null);
  }

  /** {@code hits}: the key of {@code MethodCache.stats(rule)}. */
  public String name() { return name; }

  /** {@code Hits}: the rule MBean's attribute. */
  public String jmxAttribute() {
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  public String description() { return description; }
  public Type type() { return type; }

  public boolean appliesTo(RuleRuntime rule) {
    boolean write = rule.config().isWriteRule();
    return rules == Rules.ALL || (rules == Rules.WRITE) == write;
  }

  /** The value as JMX shows it. */
  public double read(RuleRuntime rule) {
    return read.applyAsDouble(rule);
  }

  /** Counts are whole (Long); times and ratios are not (Double), in JMX and the facade alike. */
  public boolean whole() {
    return type != Type.DERIVED && perUnit == 1;
  }

  /** The value as JMX and {@code MethodCache.stats} show it: a Long (exact below 2^53) or a Double. */
  public Number value(RuleRuntime rule) {
    double v = read(rule);
    return whole() ? (Number) (long) v : (Number) v;
  }

  /** The value as meters show it (in the meter's base unit). */
  public double exportedValue(RuleRuntime rule) {
    return export.applyAsDouble(rule);
  }

  /** Exported value = JMX value divided by this (1, or 1000 from milliseconds to seconds). */
  public double perUnit() { return perUnit; }

  /** Null for a derived figure: not exported. */
  public Meter meter() { return meter; }
  public String tagKey() { return tagKey; }
  public String tagValue() { return tagValue; }

  /** The header of its column in {@code stats}' table; null when only {@code --json} shows it. */
  public String column() { return column; }

  /** True when write rules have it. */
  public boolean forWriteRules() { return rules != Rules.CACHING; }

  /** True when caching rules have it. */
  public boolean forCachingRules() { return rules != Rules.WRITE; }
}
