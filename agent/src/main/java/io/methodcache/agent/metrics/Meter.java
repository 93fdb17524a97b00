package io.methodcache.agent.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * A meter as Micrometer names it ({@code cache.gets}); figures that differ by one tag share it
 * ({@code result=hit|miss}). Micrometer's cache meters carry the tags Spring Boot's cache metrics
 * carry ({@code cache}, {@code cache.manager}, {@code name}): a Prometheus registry refuses a
 * second meter of the same name with other tag keys, so ours coexist with the application's own
 * Spring caches. The agent's own meters ({@code methodcache.*}) carry {@code cache} only.
 */
public final class Meter {
  /** The {@code cache.manager} tag of the cache meters: which cache manager the cache belongs to. */
  public static final String MANAGER = "methodcache";

  private final String name;
  private final String help;
  private final Figure.Type type;
  private final String baseUnit;
  private final boolean cacheConvention;

  private Meter(String name, String help, Figure.Type type, String baseUnit,
      boolean cacheConvention) {
    this.name = name;
    this.help = help;
    this.type = type;
    this.baseUnit = baseUnit;
    this.cacheConvention = cacheConvention;
  }

  /** One of Micrometer's cache meters, with Micrometer's own description. */
  static Meter cache(String name, Figure.Type type, String help) {
    return new Meter(name, help, type, null, true);
  }

  static Meter own(String name, Figure.Type type, String baseUnit, String help) {
    return new Meter(name, help, type, baseUnit, false);
  }

  public String name() { return name; }
  public String help() { return help; }
  public Figure.Type type() { return type; }
  /** Null when the value is a count. */
  public String baseUnit() { return baseUnit; }

  /** Tag key/value pairs naming the rule, in order (a figure's own tag comes after them). */
  public List<String> ruleTags(String rule) {
    List<String> tags = new ArrayList<>(List.of("cache", rule));
    if (cacheConvention) {
      tags.addAll(List.of("cache.manager", MANAGER, "name", rule));
    }
    return tags;
  }
}
