package io.methodcache.agent.cli;

import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.instrument.GeneratedClasses;
import io.methodcache.agent.instrument.JdkClasses;
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
    TAKEN,
    /** A class generated as a proxy or enhancer (or its helper): never woven. */
    GENERATED;

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
      return kind.label() + " " + rule + " " + method
          + (returnType == null ? "" : " -> " + returnType) + (note == null ? "" : " -- " + note);
    }
  }

  /** Everything a scan found. */
  static final class Result {
    /** Per rule in file order (every rule has an entry, maybe empty). */
    final Map<String, List<Finding>> findings = new LinkedHashMap<>();
    /** Rules that cache (or, for write rules, apply to) no method, with the reason. */
    final Map<String, String> nothing = new LinkedHashMap<>();
    final List<Problem> problems = new ArrayList<>();
    /** Worth a look, but the rule works as written (exit status unaffected). */
    final List<Problem> warnings = new ArrayList<>();
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
  /** The class path as a class loader (parent: the platform loader), for where a class comes from. */
  private final ClassLoader classPathLoader;
  private final Map<String, String[]> directSupertypes = new HashMap<>();
  private final Set<String> broken = new HashSet<>();
  /** Per rule: the classes whose names (or supertypes) matched its type part. */
  private final Map<String, Set<String>> typeMatches = new HashMap<>();
  /** Per rule: the generated classes among those (never woven). */
  private final Map<String, Set<String>> generatedMatches = new HashMap<>();
  /** Per copy-on-read rule: its matched methods whose results cannot be copied, with why. */
  private final Map<String, List<String>> uncopyable = new LinkedHashMap<>();
  /** Per caching rule without copy-on-read: its methods returning a mutable holder. */
  private final Map<String, List<String>> holders = new LinkedHashMap<>();
  /** Per rule: why the first such holder is one. */
  private final Map<String, String> holderWhy = new HashMap<>();
  private final Result result = new Result();

  private RuleMatcher(List<RuleConfig> rules, TypePool pool, ClassLoader classPathLoader) {
    this.rules = rules;
    this.pool = pool;
    this.classPathLoader = classPathLoader;
    for (RuleConfig r : rules) {
      result.findings.put(r.name(), new ArrayList<>());
      typeMatches.put(r.name(), new LinkedHashSet<>());
      generatedMatches.put(r.name(), new LinkedHashSet<>());
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
   * @param classPathLoader loads from the same class path (parent: the platform class loader);
   *     only asked where a class comes from, and only a JDK class is ever loaded through it
   */
  static Result match(List<RuleConfig> rules, Collection<String> classNames, TypePool pool,
      ClassLoader classPathLoader) {
    RuleMatcher m = new RuleMatcher(rules, pool, classPathLoader);
    m.refuseJdkTypes();
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
    if (JdkClasses.moduleProviding(className, classPathLoader) != null) {
      return; // the JDK defines this class at run time, not the copy on the class path
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
    if (generated(className, type, candidates)) {
      return;
    }
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
          if (!rule.isWriteRule()) {
            checkResult(rule, m, o.method.getReturnType());
          }
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
      resultMessages(rule);
    }
    result.problems.sort(java.util.Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
  }

  private String nothingReason(RuleConfig rule, List<Finding> found) {
    MethodPattern p = rule.method();
    Set<String> types = typeMatches.get(rule.name());
    String type = p.text().substring(0, p.text().indexOf('#')).trim();
    if (types.isEmpty()) {
      return "no class on the class path matches the type " + type + (p.subtypes()
          ? " (lambdas and JDK dynamic proxies implementing it are never cached: their classes"
              + " are made at run time and never woven)" : "");
    }
    if (generatedMatches.get(rule.name()).containsAll(types)) {
      return "only generated proxy classes match the type " + type + " (see the lines above),"
          + " and they are never woven";
    }
    if (found.isEmpty()) {
      return "no method of " + shortList(types) + " matches " + p.text();
    }
    return "no matched method can be cached (see the lines above)";
  }

  private static String shortList(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    return list.size() <= 3 ? String.join(", ", list)
        : String.join(", ", list.subList(0, 3)) + " and " + (list.size() - 3) + " more";
  }


  // --------------------------------------------------------------------- never woven: the JDK

  /**
   * An exactly named type that, resolved through the class path, comes from the JDK (any
   * package: javax.management, org.w3c.dom…) is a problem, as the agent never weaves it.
   */
  private void refuseJdkTypes() {
    for (RuleConfig rule : rules) {
      MethodPattern p = rule.method();
      if (p.subtypes() || p.exactTypeName() == null) {
        continue;
      }
      String module = JdkClasses.moduleProviding(p.exactTypeName(), classPathLoader);
      if (module != null) {
        broken.add(rule.name());
        result.problems.add(new Problem(rule.position(), rule.name(), p.exactTypeName()
            + " comes from the JDK (module " + module + "), not from the class path;"
            + " methodcache never instruments JDK classes: the JDK is shared by the whole JVM"
            + " and by the agent itself; fix: cache the application method that calls it"
            + " (rule skipped)"));
      }
    }
  }

  // ------------------------------------------------------- never woven: generated proxy classes

  /** A proxy or enhancer class (AOT-generated ones ship in jars) is reported, never matched. */
  private boolean generated(String className, TypeDescription type, List<RuleConfig> candidates) {
    String superName = null;
    try {
      TypeDescription.Generic superClass = type.getSuperClass();
      superName = superClass == null ? null : superClass.asErasure().getName();
    } catch (RuntimeException | LinkageError missing) {
      // a super class that is not on the class path: the name markers still count
    }
    List<String> interfaces = new ArrayList<>();
    try {
      for (TypeDescription i : type.getInterfaces().asErasures()) {
        interfaces.add(i.getName());
      }
    } catch (RuntimeException | LinkageError missing) {
      // as above
    }
    GeneratedClasses.Verdict verdict = GeneratedClasses.classify(className, superName, interfaces);
    if (verdict == null) {
      return false;
    }
    boolean proxy = verdict.kind == GeneratedClasses.Kind.INTERCEPTING_PROXY;
    String note = verdict.framework + " " + verdict.kind.name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', ' ') + ": never woven" + (proxy && superName != null
        && !superName.equals("java.lang.Object") ? "; " + superName + " behind it is cached,"
        + " after its interceptors" : "");
    for (RuleConfig rule : candidates) {
      typeMatches.get(rule.name()).add(className);
      generatedMatches.get(rule.name()).add(className);
      result.findings.get(rule.name()).add(
          new Finding(Kind.GENERATED, rule.name(), className, null, note));
    }
    return true;
  }

  // ------------------------------------------------------------------ result types of a match

  private void checkResult(RuleConfig rule, Method m, TypeDescription.Generic declared) {
    if (rule.copyOnRead()) {
      String why = ResultTypes.notCopyable(declared);
      if (why != null) {
        uncopyable.computeIfAbsent(rule.name(), k -> new ArrayList<>())
            .add(m.compact() + " (" + why + ")");
      }
      return;
    }
    String[] holder = ResultTypes.mutableHolder(declared);
    if (holder != null) {
      holders.computeIfAbsent(rule.name(), k -> new ArrayList<>())
          .add(m.compact() + " -> " + m.returnType);
      holderWhy.putIfAbsent(rule.name(), m.returnType + " is a " + holder[0] + ": "
          + holder[1]);
    }
  }

  /** One problem or warning per rule, naming its first few methods. */
  private void resultMessages(RuleConfig rule) {
    List<String> bad = uncopyable.get(rule.name());
    if (bad != null) {
      result.problems.add(new Problem(rule.position(), rule.name(), "copy-on-read copies each"
          + " result by Java serialization, but " + shortList(bad) + "; the agent caches none"
          + " of these results; fix: make the result type implement java.io.Serializable, or"
          + " remove copy-on-read if callers never change the results"));
    }
    List<String> mutable = holders.get(rule.name());
    if (mutable != null) {
      result.warnings.add(new Problem(rule.position(), rule.name(), "warning: "
          + shortList(mutable) + " return" + (mutable.size() == 1 ? "s" : "")
          + " a mutable holder (" + holderWhy.get(rule.name()) + "); every caller gets the one"
          + " cached instance, so a change made to it shows in later hits; fix: add"
          + " 'copy-on-read: true' (each caller gets its own copy), or return an unmodifiable"
          + " copy"));
    }
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
