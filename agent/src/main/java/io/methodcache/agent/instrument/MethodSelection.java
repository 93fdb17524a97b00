package io.methodcache.agent.instrument;

import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.SourcePosition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Which methods of one class a rule caches, and the problems that makes visible. The one place
 * this is decided: the instrumenter acts on it as classes load, and {@code validate --classpath}
 * reports it without loading anything.
 */
public final class MethodSelection {
  public enum Kind {
    /** Instrumented for the rule. */
    MATCH,
    /** A void method a wildcard name matched: nothing to cache, skipped. */
    VOID,
    /** Abstract or native: no body here (its overrides may be matched). */
    ABSTRACT,
    /** Already claimed by an earlier rule; this rule skips it. */
    TAKEN
  }

  /** {@code equals(Object)}, {@code hashCode()}, {@code toString()}: keys are built with them. */
  static boolean keyMachinery(MethodDescription m) {
    int n = m.getParameters().size();
    String name = m.getName();
    return (n == 0 && (name.equals("hashCode") || name.equals("toString")))
        || (n == 1 && name.equals("equals")
            && m.getParameters().get(0).getType().asErasure().represents(Object.class));
  }

  /** One matched method and what becomes of it. */
  public static final class Outcome {
    public final Kind kind;
    public final MethodDescription.InDefinedShape method;
    public final String description;
    /** For TAKEN: the rule that has it. */
    public final String claimedBy;

    Outcome(Kind kind, MethodDescription.InDefinedShape method, String description,
        String claimedBy) {
      this.kind = kind;
      this.method = method;
      this.description = description;
      this.claimedBy = claimedBy;
    }
  }

  public final List<Outcome> outcomes;
  public final List<Problem> problems;
  /** A problem stops the rule as a whole (then nothing of it is instrumented). */
  public final boolean broken;

  private MethodSelection(List<Outcome> outcomes, List<Problem> problems, boolean broken) {
    this.outcomes = Collections.unmodifiableList(outcomes);
    this.problems = Collections.unmodifiableList(problems);
    this.broken = broken;
  }

  /**
   * @param claimed the methods earlier rules took in this class, to the rule's name (updated)
   */
  public static MethodSelection of(RuleConfig rule, TypeDescription type,
      Map<MethodDescription, String> claimed) {
    MethodPattern pattern = rule.method();
    List<Outcome> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> skippedVoid = new ArrayList<>();
    boolean suppliedElsewhere = false;
    int matched = 0;
    for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
      if (m.isConstructor() || m.isTypeInitializer() || m.isBridge() || m.isSynthetic()
          || !pattern.matches(m.getName(), Instrumenter.parameterNames(m))) {
        continue;
      }
      String description = Instrumenter.describe(type, m);
      if (m.isAbstract() || m.isNative()) {
        suppliedElsewhere = true; // an interface's or abstract class's method: overrides are cached
        out.add(new Outcome(Kind.ABSTRACT, m, description, null));
        continue;
      }
      if (keyMachinery(m)) {
        if (!hasWildcardName(pattern)) {
          return broken(out, problems, rule, rule.methodPosition(), description + " is never"
              + " cached: equals, hashCode and toString are what the agent builds keys with, so"
              + " caching them would call themselves; fix: cache the method that calls it");
        }
        continue; // a wildcard name matched it: silently not one of the rule's methods
      }
      if (m.getReturnType().represents(void.class) && !rule.isWriteRule()) {
        if (!hasWildcardName(pattern)) {
          return broken(out, problems, rule, rule.methodPosition(), description + " returns void:"
              + " there is nothing to cache; fix: point 'method:' at a method that returns a"
              + " value");
        }
        skippedVoid.add(description);
        out.add(new Outcome(Kind.VOID, m, description, null));
        continue;
      }
      if (m.getReturnType().represents(void.class) && rule.put() != null) {
        return broken(out, problems, rule, rule.put().position(), description + " returns void,"
            + " so there is no value to put into rule '" + rule.put().rule() + "'; fix: write"
            + " evict: {rule: " + rule.put().rule() + ", key: \"" + rule.put().key().text()
            + "\"} instead, or point 'method:' at a write method that returns the new value");
      }
      KeyTemplate key = rule.key();
      if (key != null && key.namesReceiver() && m.isStatic()) {
        return broken(out, problems, rule, rule.keyPosition(), "key \"" + key.text()
            + "\" names {this} but " + description + " is static, so there is no object to"
            + " name; fix the key to name arguments only");
      }
      if (key != null && key.maxArgumentIndex() >= m.getParameters().size()) {
        return broken(out, problems, rule, rule.keyPosition(), "key \"" + key.text()
            + "\" names argument " + key.maxArgumentIndex() + " but " + description + " has "
            + m.getParameters().size() + " argument(s), numbered from 0; fix the key");
      }
      String other = claimed.putIfAbsent(m, rule.name());
      if (other != null) {
        suppliedElsewhere = true; // the rule does match it: not a "matches nothing" rule
        problems.add(new Problem(rule.position(), rule.name(), description
            + " is already cached by rule '" + other + "'; this rule skips it;"
            + " fix: make the two 'method:' patterns disjoint"));
        out.add(new Outcome(Kind.TAKEN, m, description, other));
        continue;
      }
      out.add(new Outcome(Kind.MATCH, m, description, null));
      matched++;
    }
    // "Matches nothing" only where no other class can supply the method: an exactly named type,
    // not Type+ (a subtype may declare it), and not a type whose match is abstract or taken.
    if (matched == 0 && !suppliedElsewhere && !pattern.subtypes()
        && type.getName().equals(pattern.exactTypeName())) {
      return broken(out, problems, rule, rule.position(), "matches no method of "
          + type.getName()
          + (skippedVoid.isEmpty() ? "" : " that returns a value (void: " + skippedVoid + ")")
          + "; its methods are " + MethodNames.describe(type) + "; fix 'method:'");
    }
    return new MethodSelection(out, problems, false);
  }

  private static MethodSelection broken(List<Outcome> out, List<Problem> problems,
      RuleConfig rule, SourcePosition at, String message) {
    problems.add(new Problem(at, rule.name(), message + " (rule skipped)"));
    return new MethodSelection(out, problems, true);
  }

  private static boolean hasWildcardName(MethodPattern p) {
    return p.text().substring(p.text().indexOf('#') + 1).contains("*");
  }
}
