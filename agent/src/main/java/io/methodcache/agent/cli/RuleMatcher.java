package io.methodcache.agent.cli;

import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import io.methodcache.agent.instrument.MethodSelection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

/**
 * Matches rules against the classes of a class path the way the agent's transformer does when
 * those classes load: the same candidate order (exact type names, then wildcards, then
 * {@code Type+}), the methods a class declares (never constructors, bridge or synthetic methods),
 * the same refusals (void results, key arguments a method lacks, a method two rules claim). Class
 * files are described by a lazy type pool, so nothing is loaded or initialised and a missing
 * dependency only matters for the class that needs it.
 */
final class RuleMatcher {
  /** What one matched method means for its rule. */
  enum Kind {
    /** The agent caches it (for a write rule: applies the rule to it). */
    MATCH,
    /** Returns void: not cacheable, skipped. */
    VOID,
    /** Declared without a body (interface or abstract method). */
    ABSTRACT,
    /** Already matched by an earlier rule: this rule skips it. */
    TAKEN;

    String label() { return name().toLowerCase(java.util.Locale.ROOT); }
  }

  /** One matched method of one rule. */
  static final class Finding {
    final Kind kind;
    final String rule;
    final String method;
    final String returnType;
    final String note;

    Finding(Kind kind, String rule, String method, String returnType, String note) {
      this.kind = kind;
      this.rule = rule;
      this.method = method;
      this.returnType = returnType;
      this.note = note;
    }

    @Override
    public String toString() {
      return kind.label() + " " + rule + " " + method + " -> " + returnType
          + (note == null ? "" : " -- " + note);
    }
  }

  /** Everything a scan found. */
  static final class Result {
    /** Per rule in file order (every rule has an entry, maybe empty). */
    final Map<String, List<Finding>> findings = new LinkedHashMap<>();
    /** Rules that cache (or, for write rules, apply to) no method, with the reason. */
    final Map<String, String> nothing = new LinkedHashMap<>();
    final List<Problem> problems = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    int classesRead;

    int matched() {
      int n = 0;
      for (List<Finding> list : findings.values()) {
        for (Finding f : list) {
          n += f.kind == Kind.MATCH ? 1 : 0;
        }
      }
      return n;
    }
  }

  private static final int MAX_SUPERTYPES = 512;

  private final List<RuleConfig> rules;
  private final Map<String, List<RuleConfig>> exact = new HashMap<>();
  private final List<RuleConfig> wildcard = new ArrayList<>();
  private final List<RuleConfig> subtypes = new ArrayList<>();
  private final TypePool pool;
  private final Map<String, String[]> directSupertypes = new HashMap<>();
  private final Set<String> broken = new HashSet<>();
  /** Per rule: the classes whose names (or supertypes) matched its type part. */
  private final Map<String, Set<String>> typeMatches = new HashMap<>();
  private final Result result = new Result();

  private RuleMatcher(List<RuleConfig> rules, TypePool pool) {
    this.rules = rules;
    this.pool = pool;
    for (RuleConfig r : rules) {
      result.findings.put(r.name(), new ArrayList<>());
      typeMatches.put(r.name(), new LinkedHashSet<>());
      MethodPattern p = r.method();
      if (p.subtypes()) {
        subtypes.add(r);
      } else if (p.exactTypeName() != null) {
        exact.computeIfAbsent(p.exactTypeName(), k -> new ArrayList<>()).add(r);
      } else {
        wildcard.add(r);
      }
    }
  }

  /**
   * @param rules valid rules (those the agent would refuse outright are already left out)
   * @param classNames the binary names to examine, in the order the report should follow
   * @param pool describes those classes and their supertypes
   */
  static Result match(List<RuleConfig> rules, Collection<String> classNames, TypePool pool) {
    RuleMatcher m = new RuleMatcher(rules, pool);
    for (String name : new TreeSet<>(classNames)) {
      m.examine(name);
    }
    m.finish();
    return m.result;
  }

  private void examine(String className) {
    if (MethodCacheTransformer.neverInstrumented(className)) {
      return; // JDK and agent classes are never instrumented
    }
    List<RuleConfig> candidates;
    try {
      candidates = candidates(className);
    } catch (RuntimeException | LinkageError e) {
      result.unreadable.add(className + " -- " + e);
      return;
    }
    if (candidates.isEmpty()) {
      return;
    }
    TypeDescription type;
    try {
      type = pool.describe(className).resolve();
      type.getDeclaredMethods().size(); // reads the class file now, inside this try
    } catch (RuntimeException | LinkageError e) {
      result.unreadable.add(className + " -- " + e);
      return;
    }
    result.classesRead++;
    Map<MethodDescription, String> claimed = new HashMap<>();
    for (RuleConfig rule : candidates) {
      typeMatches.get(rule.name()).add(className);
      if (!broken.contains(rule.name())) {
        report(rule, MethodSelection.of(rule, type, claimed), className);
      }
    }
  }

  /** The agent's own decision (MethodSelection), as findings and problems. */
  private void report(RuleConfig rule, MethodSelection selection, String className) {
    List<Finding> out = result.findings.get(rule.name());
    MethodPattern pattern = rule.method();
    for (MethodSelection.Outcome o : selection.outcomes) {
      Method m = new Method(className, o.method);
      switch (o.kind) {
        case MATCH:
          out.add(new Finding(Kind.MATCH, rule.name(), m.compact(), m.returnType,
              rule.isWriteRule() ? "write rule" : null));
          break;
        case VOID:
          out.add(new Finding(Kind.VOID, rule.name(), m.compact(), m.returnType,
              "not cacheable, skipped"));
          break;
        case ABSTRACT:
          out.add(new Finding(Kind.ABSTRACT, rule.name(), m.compact(), m.returnType,
              rule.isWriteRule() ? "no body" : "no body: not cached" + (pattern.subtypes()
                  ? "; its overrides in subtypes are matched"
                  : "; '" + pattern.text().substring(0, pattern.text().indexOf('#')).trim()
                      + "+' would cache its overrides")));
          break;
        default:
          out.add(new Finding(Kind.TAKEN, rule.name(), m.compact(), m.returnType,
              "already matched by rule '" + o.claimedBy + "'"));
      }
    }
    result.problems.addAll(selection.problems);
    if (selection.broken) {
      broken.add(rule.name());
    }
  }

  private void finish() {
    for (RuleConfig rule : rules) {
      List<Finding> found = result.findings.get(rule.name());
      boolean any = false;
      for (Finding f : found) {
        any |= f.kind == Kind.MATCH;
      }
      if (broken.contains(rule.name())) {
        result.nothing.put(rule.name(), "the agent skips this rule: it has a problem (on stderr)");
      } else if (!any) {
        result.nothing.put(rule.name(), nothingReason(rule, found));
      }
    }
    result.problems.sort(java.util.Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
  }

  private String nothingReason(RuleConfig rule, List<Finding> found) {
    MethodPattern p = rule.method();
    Set<String> types = typeMatches.get(rule.name());
    if (types.isEmpty()) {
      String type = p.text().substring(0, p.text().indexOf('#')).trim();
      return "no class on the class path matches the type " + type;
    }
    if (found.isEmpty()) {
      return "no method of " + shortList(types) + " matches " + p.text();
    }
    return "no matched method can be cached (see the lines above)";
  }

  private static String shortList(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 3 ? String.join(", ", list)
        : String.join(", ", list.subList(0, 3)) + " and " + (list.size() - 3) + " more";
  }


  // ------------------------------------------------------------------------------ candidates

  private List<RuleConfig> candidates(String className) {
    List<RuleConfig> out = new ArrayList<>();
    List<RuleConfig> byName = exact.get(className);
    if (byName != null) {
      out.addAll(byName);
    }
    for (RuleConfig r : wildcard) {
      if (r.method().matchesTypeName(className)) {
        out.add(r);
      }
    }
    if (!subtypes.isEmpty()) {
      Set<String> supers = null;
      for (RuleConfig r : subtypes) {
        MethodPattern p = r.method();
        boolean match = p.matchesTypeName(className);
        if (!match) {
          if (supers == null) {
            supers = supertypes(className);
          }
          for (String s : supers) {
            if (p.matchesTypeName(s)) {
              match = true;
              break;
            }
          }
        }
        if (match) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** Every supertype by name, as far as the class files can be found (like the agent). */
  private Set<String> supertypes(String name) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(name);
    while (!todo.isEmpty() && seen.size() < MAX_SUPERTYPES) {
      for (String s : direct(todo.poll())) {
        if (seen.add(s) && !s.equals("java.lang.Object")) {
          todo.add(s);
        }
      }
    }
    return seen;
  }

  private String[] direct(String type) {
    String[] d = directSupertypes.get(type);
    if (d == null) {
      d = readDirect(type);
      directSupertypes.put(type, d);
    }
    return d;
  }

  private String[] readDirect(String type) {
    try {
      TypePool.Resolution r = pool.describe(type);
      if (!r.isResolved()) {
        return new String[0];
      }
      TypeDescription t = r.resolve();
      List<String> out = new ArrayList<>();
      TypeDescription.Generic superClass = t.getSuperClass();
      if (superClass != null) {
        out.add(superClass.asErasure().getName());
      }
      for (TypeDescription i : t.getInterfaces().asErasures()) {
        out.add(i.getName());
      }
      return out.toArray(new String[0]);
    } catch (RuntimeException | LinkageError e) {
      return new String[0];
    }
  }

  // ----------------------------------------------------------------------------- one method

  /** What matching needs of a declared method, read once. */
  /** A matched method as the report prints it. */
  private static final class Method {
    final String owner;
    final String name;
    final List<String> parameters;
    final String returnType;

    Method(String owner, MethodDescription.InDefinedShape m) {
      this.owner = owner;
      this.name = m.getName();
      List<String> params = new ArrayList<>(m.getParameters().size());
      for (TypeDefinition t : m.getParameters().asTypeList().asErasures()) {
        params.add(t.asErasure().getActualName());
      }
      this.parameters = List.copyOf(params);
      this.returnType = m.getReturnType().asErasure().getActualName();
    }

    /** Without spaces, for one-field-per-word output: {@code Type#name(a,b)}. */
    String compact() {
      return owner + "#" + name + "(" + String.join(",", parameters) + ")";
    }
  }
}
