package io.methodcache.agent.config;

import java.util.List;

/**
 * A parsed rules file: the valid rules and every problem found. A rule with any problem is not in
 * {@link #rules()} (it is skipped as a whole, never applied with settings nobody intended).
 */
public final class RulesConfig {
  public static final String DEFAULT_NAMESPACE = "methodcache";

  private final String source;
  private final String namespace;
  private final boolean strict;
  private final List<RuleConfig> rules;
  private final List<Problem> problems;
  private final RedisConfig redis;
  private final SerializationConfig serialization;

  /** A file without {@code redis:} and {@code serialization:} sections. */
  public RulesConfig(String source, String namespace, boolean strict, List<RuleConfig> rules,
      List<Problem> problems) {
    this(source, namespace, strict, rules, problems, null, null);
  }

  /**
   * @param redis the shared tier, or null for none
   * @param serialization the codec's allow-list, or null for none
   */
  public RulesConfig(String source, String namespace, boolean strict, List<RuleConfig> rules,
      List<Problem> problems, RedisConfig redis, SerializationConfig serialization) {
    this.source = source;
    this.namespace = namespace;
    this.strict = strict;
    this.rules = List.copyOf(rules);
    this.problems = List.copyOf(problems);
    this.redis = redis;
    this.serialization = serialization == null ? SerializationConfig.none() : serialization;
  }

  /** The file as the operator named it; used in every message. */
  public String source() { return source; }
  public String namespace() { return namespace; }
  public boolean strict() { return strict; }
  public List<RuleConfig> rules() { return rules; }
  public List<Problem> problems() { return problems; }

  /**
   * The shared tier (L2), or null: the file has no {@code redis:} section, or the section has
   * problems (reported; L2 then stays off and rules whose tiers include L2 run on L1 alone —
   * a rule with only L2 then caches nothing, and {@code stampede: distributed} acts as local).
   */
  public RedisConfig redis() { return redis; }

  /** The JDK codec's allow-list; never null (no patterns when the file has no section). */
  public SerializationConfig serialization() { return serialization; }

  /** The rule of that name among {@link #rules()}, or null. */
  public RuleConfig rule(String name) {
    for (RuleConfig r : rules) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
