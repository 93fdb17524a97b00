package io.methodcache.agent.instrument;

import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * What a set of rules would meet in the classes loaded now, found without changing anything: the
 * same {@link MethodSelection} the instrumenter applies when it rewrites a class (the method
 * exists, returns a value when named exactly, the key names only arguments it has, a put has a
 * value to put, no two rules claim one method). A reload runs it before it applies anything, so
 * that a file is applied whole or not at all; classes loaded later are checked as they load.
 */
final class LoadedClassCheck {
  private final Instrumentation inst;
  private final BridgeCheck bridge;

  LoadedClassCheck(Instrumentation inst, BridgeCheck bridge) {
    this.inst = inst;
    this.bridge = bridge;
  }

  /** Every problem, in file order, each once. */
  List<Problem> problems(List<RuleConfig> rules) {
    Set<String> seen = new HashSet<>();
    List<Problem> out = new ArrayList<>();
    if (rules.isEmpty()) {
      return out;
    }
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c)
          || MethodCacheTransformer.neverWoven(c)) {
        continue;
      }
      List<RuleConfig> candidates;
      try {
        candidates = candidates(rules, c);
      } catch (Throwable t) {
        continue; // a hierarchy that cannot be read (missing optional dependency): not ours
      }
      if (candidates.isEmpty() || !bridge.visibleFrom(c.getClassLoader(), c.getName())) {
        continue;
      }
      TypeDescription type = describe(c);
      if (type == null) {
        continue; // neither its class file nor reflection can be read: the same at load time
      }
      Map<MethodDescription, String> claimed = new HashMap<>();
      for (RuleConfig rule : candidates) {
        MethodSelection selection;
        try {
          selection = MethodSelection.of(rule, type, claimed);
        } catch (Throwable t) {
          continue; // a type that cannot be resolved fully: the instrumenter leaves it alone too
        }
        for (Problem p : selection.problems) {
          if (seen.add(p.toString())) {
            out.add(p);
          }
        }
      }
    }
    out.sort(java.util.Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
    return out;
  }

  /**
   * The rules whose type part matches the class, in the order the instrumenter asks them (exact
   * type names, then wildcard names, then {@code Type+}; file order within each), as the first
   * rule to claim a method keeps it.
   */
  private static List<RuleConfig> candidates(List<RuleConfig> rules, Class<?> c) {
    List<RuleConfig> exact = new ArrayList<>();
    List<RuleConfig> wildcard = new ArrayList<>();
    List<RuleConfig> subtypes = new ArrayList<>();
    Collection<String> supertypes = null;
    String name = c.getName();
    for (RuleConfig r : rules) {
      MethodPattern p = r.method();
      if (p.subtypes()) {
        if (p.matchesTypeName(name)) {
          subtypes.add(r);
          continue;
        }
        if (supertypes == null) {
          supertypes = supertypesOf(c);
        }
        for (String s : supertypes) {
          if (p.matchesTypeName(s)) {
            subtypes.add(r);
            break;
          }
        }
      } else if (p.exactTypeName() != null) {
        if (p.exactTypeName().equals(name)) {
          exact.add(r);
        }
      } else if (p.matchesTypeName(name)) {
        wildcard.add(r);
      }
    }
    List<RuleConfig> out = new ArrayList<>(exact);
    out.addAll(wildcard);
    out.addAll(subtypes);
    return out;
  }

  private static Set<String> supertypesOf(Class<?> c) {
    Set<String> out = new LinkedHashSet<>();
    List<Class<?>> todo = new ArrayList<>();
    todo.add(c);
    while (!todo.isEmpty()) {
      Class<?> t = todo.remove(todo.size() - 1);
      if (t.getSuperclass() != null && out.add(t.getSuperclass().getName())) {
        todo.add(t.getSuperclass());
      }
      for (Class<?> i : t.getInterfaces()) {
        if (out.add(i.getName())) {
          todo.add(i);
        }
      }
    }
    return out;
  }

  /**
   * The class as the instrumenter sees it: from its class file, read through its loader without
   * loading anything more; by reflection when the loader has no class file for it (a class
   * defined at run time).
   */
  private static TypeDescription describe(Class<?> c) {
    ClassLoader loader = c.getClassLoader();
    try {
      ClassFileLocator locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
          : ClassFileLocator.ForClassLoader.of(loader);
      if (locator.locate(c.getName()).isResolved()) {
        TypePool.Resolution r = TypePool.Default.WithLazyResolution.of(locator)
            .describe(c.getName());
        if (r.isResolved()) {
          return r.resolve();
        }
      }
    } catch (Throwable t) {
      // fall back to reflection
    }
    try {
      return TypeDescription.ForLoadedType.of(c);
    } catch (Throwable t) {
      return null;
    }
  }
}
