package io.methodcache.agent.config;

import java.util.Objects;

/**
 * A write rule's {@code put:} (write-through): after the write method returns normally, its return
 * value is stored as the entry of {@link #rule()} whose key {@link #key()} selects from the write
 * method's arguments (the values stand for the target's key values, as for {@link EvictTarget}).
 */
public final class PutTarget {
  private final String rule;
  private final KeyTemplate key;
  private final SourcePosition position;

  public PutTarget(String rule, KeyTemplate key, SourcePosition position) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.key = Objects.requireNonNull(key, "key");
    this.position = Objects.requireNonNull(position, "position");
  }

  /** The caching rule that receives the value. */
  public String rule() { return rule; }

  /** Selects the target entry's key values from the write method's arguments. */
  public KeyTemplate key() { return key; }

  /** Where the target is written (its mapping). */
  public SourcePosition position() { return position; }

  @Override
  public String toString() {
    return "{rule: " + rule + ", key: \"" + key + "\"}";
  }
}
