package io.methodcache.agent.config;

/**
 * One problem found in a rules file, at parse time or later when a class is instrumented.
 * Rendered as {@code FILE:LINE:COL: rule 'NAME': message} (the rule part only when known); the
 * message says what is wrong and how to fix it.
 */
public final class Problem {
  private final SourcePosition position;
  private final String rule;
  private final String message;

  public Problem(SourcePosition position, String rule, String message) {
    this.position = position;
    this.rule = rule;
    this.message = message;
  }

  public SourcePosition position() { return position; }
  /** The rule's name, or null when the problem is not inside a named rule. */
  public String rule() { return rule; }
  public String message() { return message; }

  @Override
  public String toString() {
    return position + ": " + (rule == null ? "" : "rule '" + rule + "': ") + message;
  }
}
