package io.methodcache.agent.bootstrap;

import java.util.Map;

/**
 * Operations the agent-api facade reaches through {@link Dispatch}. Only JDK types cross this
 * line, so a facade loaded by any class loader (even a child-first one holding its own copy of
 * agent-api) can call them reflectively.
 */
public interface Control {
  /** Drops every entry of the rule; false when no such rule exists. */
  boolean invalidateAll(String rule);

  /** Drops the entry the given arguments map to, in every method of the rule. */
  boolean invalidate(String rule, Object[] args);

  /** The rule's figures (hits, misses, loads, …), or null when no such rule exists. */
  Map<String, Number> stats(String rule);

  /** Evicts the tag in every rule with tags; false when none has any. */
  boolean invalidateTag(String tag);

  Control NONE = new Control() {
    @Override public boolean invalidateAll(String rule) { return false; }
    @Override public boolean invalidate(String rule, Object[] args) { return false; }
    @Override public Map<String, Number> stats(String rule) { return null; }
    @Override public boolean invalidateTag(String tag) { return false; }
  };
}
