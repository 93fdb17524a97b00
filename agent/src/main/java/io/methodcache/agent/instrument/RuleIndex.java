package io.methodcache.agent.instrument;

import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.engine.RuleRuntime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which rules may apply to a class, decided from its name while classes load: exact type names
 * by hash look-up, wildcard names by pattern, {@code Type+} rules through the class's supertypes
 * (only computed when such rules exist and the name alone does not decide).
 */
final class RuleIndex {
  private final Map<String, List<RuleRuntime>> exact = new HashMap<>();
  private final List<RuleRuntime> wildcard = new ArrayList<>();
  private final List<RuleRuntime> subtypes = new ArrayList<>();

  /** Also built over a reload's added and removed rules, to find the loaded classes concerned. */
  RuleIndex(Collection<RuleRuntime> rules) {
    for (RuleRuntime r : rules) {
      MethodPattern p = r.config().method();
      if (p.subtypes()) {
        subtypes.add(r);
      } else if (p.exactTypeName() != null) {
        exact.computeIfAbsent(p.exactTypeName(), k -> new ArrayList<>()).add(r);
      } else {
        wildcard.add(r);
      }
    }
  }

  boolean isEmpty() {
    return exact.isEmpty() && wildcard.isEmpty() && subtypes.isEmpty();
  }

  /** The rules whose type part matches; {@code supertypes} is asked at most once. */
  List<RuleRuntime> candidates(String className, Supplier<? extends Collection<String>> supertypes) {
    List<RuleRuntime> out = null;
    List<RuleRuntime> byName = exact.get(className);
    if (byName != null) {
      out = new ArrayList<>(byName);
    }
    for (RuleRuntime r : wildcard) {
      if (r.config().method().matchesTypeName(className)) {
        (out == null ? out = new ArrayList<>() : out).add(r);
      }
    }
    if (!subtypes.isEmpty()) {
      Collection<String> supers = null;
      for (RuleRuntime r : subtypes) {
        MethodPattern p = r.config().method();
        boolean match = p.matchesTypeName(className);
        if (!match) {
          if (supers == null) {
            supers = supertypes.get();
          }
          for (String s : supers) {
            if (p.matchesTypeName(s)) {
              match = true;
              break;
            }
          }
        }
        if (match) {
          (out == null ? out = new ArrayList<>() : out).add(r);
        }
      }
    }
    return out == null ? Collections.emptyList() : out;
  }
}
