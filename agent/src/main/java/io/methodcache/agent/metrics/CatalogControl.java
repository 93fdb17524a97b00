package io.methodcache.agent.metrics;

import io.methodcache.agent.bootstrap.Control;
import io.methodcache.agent.engine.RuleRuntime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the agent-api facade reaches: the engine's operations, and {@code MethodCache.stats(rule)}
 * read from the catalog (every figure, under its name: {@code hits}, {@code loadTimeMeanMillis},
 * …; counts as Long, times and ratios as Double), as the rule MBean and the meters show them.
 */
public final class CatalogControl implements Control {
  private final Control engine;
  private final Function<String, RuleRuntime> rules;

  public CatalogControl(Control engine, Function<String, RuleRuntime> rules) {
    this.engine = engine;
    this.rules = rules;
  }

  @Override public boolean invalidateAll(String rule) { return engine.invalidateAll(rule); }

  @Override
  public boolean invalidate(String rule, Object[] args) { return engine.invalidate(rule, args); }

  @Override public boolean invalidateTag(String tag) { return engine.invalidateTag(tag); }

  @Override
  public Map<String, Number> stats(String rule) {
    RuleRuntime r = rules.apply(rule);
    if (r == null) {
      return null;
    }
    Map<String, Number> m = new LinkedHashMap<>();
    for (Figure f : Figures.ALL_FIGURES) {
      m.put(f.name(), f.value(r));
    }
    return Collections.unmodifiableMap(m);
  }
}
