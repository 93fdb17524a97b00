package io.methodcache.agent.config;

import java.util.Objects;

/**
 * One entry of a write rule's {@code evict:}: what the write method invalidates, in every tier and
 * JVM, after it returns normally (or before its body runs, with {@code before: true}).
 *
 * <ul>
 *   <li>{@link Kind#KEY}: one entry of {@link #rule()}. {@link #key()} is a template over the
 *       <em>write</em> method's arguments; the values its placeholders select, in order, stand for
 *       the values the target rule's own key selects (its key template's placeholders, or all its
 *       arguments when it has none), so the target's template renders the L2 key. The parser
 *       checks that the counts agree when both are known.
 *   <li>{@link Kind#TAG}: every entry carrying the tag {@link #tag()} renders to, in whichever rule
 *       (no {@link #rule()}).
 *   <li>{@link Kind#ALL}: every entry of {@link #rule()} (a generation bump).
 * </ul>
 */
public final class EvictTarget {
  /** Which of key, tag or all this target names. */
  public enum Kind { KEY, TAG, ALL }

  private final String rule;
  private final KeyTemplate key;
  private final KeyTemplate tag;
  private final boolean all;
  private final boolean before;
  private final SourcePosition position;

  /**
   * @param rule the target rule's name; required with a key or all, absent with a tag
   * @throws IllegalArgumentException unless exactly one of key, tag and all is given, with a rule
   *     exactly when it is a key or all
   */
  public EvictTarget(String rule, KeyTemplate key, KeyTemplate tag, boolean all, boolean before,
      SourcePosition position) {
    int kinds = (key != null ? 1 : 0) + (tag != null ? 1 : 0) + (all ? 1 : 0);
    if (kinds != 1) {
      throw new IllegalArgumentException("exactly one of key, tag and all: " + key + ", " + tag
          + ", " + all);
    }
    if ((rule == null) != (tag != null)) {
      throw new IllegalArgumentException(tag != null ? "a tag target names no rule: " + rule
          : "a key or all target needs a rule");
    }
    this.rule = rule;
    this.key = key;
    this.tag = tag;
    this.all = all;
    this.before = before;
    this.position = Objects.requireNonNull(position, "position");
  }

  public static EvictTarget key(String rule, KeyTemplate key, boolean before,
      SourcePosition position) {
    return new EvictTarget(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(key, "key"),
        null, false, before, position);
  }

  public static EvictTarget tag(KeyTemplate tag, boolean before, SourcePosition position) {
    return new EvictTarget(null, null, Objects.requireNonNull(tag, "tag"), false, before, position);
  }

  public static EvictTarget all(String rule, boolean before, SourcePosition position) {
    return new EvictTarget(Objects.requireNonNull(rule, "rule"), null, null, true, before,
        position);
  }

  public Kind kind() { return key != null ? Kind.KEY : tag != null ? Kind.TAG : Kind.ALL; }

  /** The rule whose entries are evicted; null for a tag target. */
  public String rule() { return rule; }

  /** Selects the target entry's key values from the write method's arguments; null unless KEY. */
  public KeyTemplate key() { return key; }

  /** Renders the tag from the write method's arguments (maybe a constant); null unless TAG. */
  public KeyTemplate tag() { return tag; }

  /** True: every entry of {@link #rule()}. */
  public boolean all() { return all; }

  /** True: evict before the body runs (whatever its outcome); false: after a normal return. */
  public boolean before() { return before; }

  /** Where the target is written (its mapping). */
  public SourcePosition position() { return position; }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    if (rule != null) {
      s.append("rule: ").append(rule).append(", ");
    }
    s.append(key != null ? "key: \"" + key + "\"" : tag != null ? "tag: \"" + tag + "\"" : "all: true");
    if (before) {
      s.append(", before: true");
    }
    return s.append('}').toString();
  }
}
