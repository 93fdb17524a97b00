package io.methodcache.agent.config;

import io.methodcache.agent.config.NodeReader.Report;
import io.methodcache.agent.config.RuleValues.Target;
import io.methodcache.agent.config.RuleValues.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns the YAML node tree of one rules file (format 1) into a {@link RulesConfig}. Works on nodes
 * only — nothing is ever constructed from a tag — and records every problem with its position
 * instead of stopping at the first. One instance per file.
 *
 * <p>Rules are read in two passes: each rule on its own (its settings, and how they combine with
 * {@code defaults:} and the {@code redis:} section), then the write rules' targets against the
 * other rules (the rule named exists, caches, is valid, and the key fits it).
 */
final class RulesReader {
  private static final List<String> TOP_KEYS =
      List.of("namespace", "strict", "redis", "serialization", "defaults", "rules");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final int MAX_NAMESPACE_LENGTH = 64;
  private static final Duration BUILT_IN_TTL = Duration.ofMinutes(5);
  /** Settings whose effective value depends on others; applied from a {@link Draft}. */
  private static final Set<RuleSetting> COMBINED = EnumSet.of(RuleSetting.TIERS,
      RuleSetting.L1_TTL, RuleSetting.REFRESH_AT, RuleSetting.EARLY_EXPIRY, RuleSetting.STAMPEDE);

  static final String EMPTY_FILE = "the file has no rules; a rules file needs a 'rules:' list, e.g."
      + " rules: [{name: product-by-id, method: 'com.shop.ProductRepository#findById(long)'}]";

  private final NodeReader nodes;
  private final RuleValues values;
  private final SectionReader sections;
  /** Whether the file has a {@code redis:} key at all (even a broken one): sets the default tiers. */
  private boolean redisWritten;

  RulesReader(String source, Function<String, String> env) {
    this.nodes = new NodeReader(source, env);
    this.values = new RuleValues(nodes);
    this.sections = new SectionReader(nodes);
  }

  /** @param earlier problems already found (e.g. a second document), merged in file order */
  RulesConfig read(Node root, List<Problem> earlier) {
    nodes.problems.addAll(earlier);
    String namespace = RulesConfig.DEFAULT_NAMESPACE;
    boolean strict = false;
    List<RuleConfig> rules = new ArrayList<>();
    RedisConfig redis = null;
    SerializationConfig serialization = null;
    if (root == null || NodeReader.isNull(root)) {
      nodes.problems.add(new Problem(new SourcePosition(nodes.source, 1, 1), null, EMPTY_FILE));
      return finish(namespace, strict, rules, null, null);
    }
    nodes.findTags(root);
    Report top = nodes.report(null);
    if (nodes.tagAllowed(root, top)) {
      if (!(root instanceof MappingNode)) {
        top.add(root, "a rules file must be a mapping with a top-level 'rules:' list, but this"
            + " is " + NodeReader.describe(root) + "; start the file with 'rules:'");
      } else {
        Map<String, NodeTuple> entries =
            nodes.entries((MappingNode) root, TOP_KEYS, top, RulesReader::topKey);
        namespace = readNamespace(entries.get("namespace"));
        strict = readStrict(entries.get("strict"));
        redisWritten = entries.containsKey("redis");
        redis = sections.redis(entries.get("redis"));
        serialization = sections.serialization(entries.get("serialization"));
        Map<RuleSetting, Value> defaults = readDefaults(entries.get("defaults"));
        rules = readRules(root, entries.get("rules"), defaults);
      }
    }
    return finish(namespace, strict, rules, redis, serialization);
  }

  private RulesConfig finish(String namespace, boolean strict, List<RuleConfig> rules,
      RedisConfig redis, SerializationConfig serialization) {
    nodes.reportRemainingTags();
    List<Problem> sorted = new ArrayList<>(nodes.problems);
    // Stable: problems at one position keep the order in which they were found.
    sorted.sort(Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
    Set<String> seen = new LinkedHashSet<>();
    List<Problem> unique = new ArrayList<>();
    for (Problem p : sorted) {
      if (seen.add(p.toString())) { // an aliased node read twice must not repeat its problem
        unique.add(p);
      }
    }
    return new RulesConfig(nodes.source, namespace, strict, rules, unique, redis, serialization);
  }

  // ------------------------------------------------------------------------------ top level

  private static String topKey(String key) {
    if (RuleSetting.of(key) != null) {
      return "'" + key + "' is a rule setting, not a top-level key; put it inside a rule or under"
          + " 'defaults:'";
    }
    if (SectionReader.REDIS_KEYS.contains(key)) {
      return "'" + key + "' is a setting of 'redis:'; indent it under redis:";
    }
    if (SectionReader.SERIALIZATION_KEYS.contains(key)) {
      return "'" + key + "' is a setting of 'serialization:'; write serialization: {allow:"
          + " [\"com.shop.**\"]}";
    }
    return null;
  }

  private String readNamespace(NodeTuple entry) {
    if (entry == null) {
      return RulesConfig.DEFAULT_NAMESPACE;
    }
    String text = nodes.scalar(entry.getValueNode(), "namespace", "shop", nodes.report(null));
    if (text == null) {
      return RulesConfig.DEFAULT_NAMESPACE;
    }
    String t = text.trim();
    if (!NAMESPACE.matcher(t).matches() || t.length() > MAX_NAMESPACE_LENGTH) {
      nodes.add(entry.getValueNode(), null, "namespace '" + t + "' must start with a lower-case"
          + " letter or digit and contain only lower-case letters, digits, '.', '_' or '-' (at"
          + " most " + MAX_NAMESPACE_LENGTH + "), e.g. namespace: shop");
      return RulesConfig.DEFAULT_NAMESPACE;
    }
    return t;
  }

  private boolean readStrict(NodeTuple entry) {
    if (entry == null) {
      return false;
    }
    String text = nodes.scalar(entry.getValueNode(), "strict", "false", nodes.report(null));
    if (text == null) {
      return false;
    }
    String t = text.trim();
    if (t.equals("true") || t.equals("false")) {
      return Boolean.parseBoolean(t);
    }
    nodes.add(entry.getValueNode(), null, "'strict' must be true or false, got '" + t + "'");
    return false;
  }

  /** The tiers of a rule that sets none, and whose defaults set none. */
  private Set<Tier> builtInTiers() {
    return redisWritten ? EnumSet.of(Tier.L1, Tier.L2) : EnumSet.of(Tier.L1);
  }

  // ------------------------------------------------------------------------------- defaults

  /**
   * A bad default is reported once, here, and then ignored: rules fall back to the built-in value
   * for that one setting. Invalidating every rule for one typo in {@code defaults:} would turn a
   * local mistake into "nothing is cached", and repeating the problem per rule adds only noise.
   */
  private Map<RuleSetting, Value> readDefaults(NodeTuple entry) {
    Map<RuleSetting, Value> defaults = new EnumMap<>(RuleSetting.class);
    if (entry == null) {
      return defaults;
    }
    Node node = entry.getValueNode();
    Report plain = nodes.report(null);
    if (!nodes.tagAllowed(node, plain) || NodeReader.isNull(node)) {
      return defaults; // an empty 'defaults:' changes nothing, so it is not worth a problem
    }
    if (!(node instanceof MappingNode)) {
      plain.add(node, "'defaults' must be a mapping of rule settings, but this is "
          + NodeReader.describe(node) + "; write e.g. defaults: {ttl: 5m, jitter: 10%}");
      return defaults;
    }
    Map<String, NodeTuple> entries = nodes.entries((MappingNode) node,
        RuleSetting.defaultableKeys(), plain, RulesReader::defaultsKey);
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      RuleSetting setting = RuleSetting.of(e.getKey());
      Value v = readSetting(setting, e.getValue().getValueNode(), plain, ignored(setting));
      if (v != null) {
        defaults.put(setting, v);
      }
    }
    checkDefaults(defaults);
    return defaults;
  }

  private Report ignored(RuleSetting setting) {
    String builtIn = setting == RuleSetting.TIERS ? tiersText(builtInTiers()) : setting.builtIn;
    return (node, message) -> nodes.add(node, null, "in 'defaults': " + message
        + " (this default is ignored; rules use the built-in " + setting.key + ": " + builtIn + ")");
  }

  /** Defaults that contradict each other or the file: reported once, and the culprit dropped. */
  private void checkDefaults(Map<RuleSetting, Value> d) {
    Value tiers = d.get(RuleSetting.TIERS);
    if (tiers != null && tiersOf(tiers).contains(Tier.L2) && !redisWritten) {
      ignored(RuleSetting.TIERS).add(tiers.node, noRedisForL2());
      d.remove(RuleSetting.TIERS);
    }
    Set<Tier> defaultTiers = d.containsKey(RuleSetting.TIERS) ? tiersOf(d.get(RuleSetting.TIERS))
        : builtInTiers();
    Value stampede = d.get(RuleSetting.STAMPEDE);
    if (stampede != null && stampede.value == Stampede.DISTRIBUTED
        && !defaultTiers.contains(Tier.L2)) {
      ignored(RuleSetting.STAMPEDE).add(stampede.node, "'stampede: distributed' coordinates loads"
          + " through Redis, so it needs l2 in 'tiers'; " + (redisWritten ? "add l2 to 'tiers'"
              : "add a 'redis:' section") + ", or write stampede: local");
      d.remove(RuleSetting.STAMPEDE);
    }
    Value l1 = d.get(RuleSetting.L1_TTL);
    if (l1 != null) {
      Value ttl = d.get(RuleSetting.TTL);
      Duration t = ttl == null ? BUILT_IN_TTL : (Duration) ttl.value;
      if (!redisWritten) {
        ignored(RuleSetting.L1_TTL).add(l1.node, "'l1-ttl' applies only to rules with tiers: [l1,"
            + " l2], and the file has no 'redis:' section; remove 'l1-ttl' or add a 'redis:'"
            + " section");
        d.remove(RuleSetting.L1_TTL);
      } else if (((Duration) l1.value).compareTo(t) > 0) {
        ignored(RuleSetting.L1_TTL).add(l1.node, "'l1-ttl' " + Durations.format((Duration) l1.value)
            + " is longer than the ttl " + Durations.format(t) + (ttl == null ? " (built in)" : "")
            + "; L1 cannot keep an entry longer than L2 — write l1-ttl: " + Durations.format(t)
            + " or less");
        d.remove(RuleSetting.L1_TTL);
      }
    }
    Value early = d.get(RuleSetting.EARLY_EXPIRY);
    Value mode = d.get(RuleSetting.MODE);
    if (early != null && mode != null && mode.value == Mode.REFRESH_AHEAD) {
      ignored(RuleSetting.EARLY_EXPIRY).add(early.node, "'early-expiry' does not combine with"
          + " mode: refresh-ahead, which already reloads before expiry; remove one of them");
      d.remove(RuleSetting.EARLY_EXPIRY);
    }
  }

  private static String defaultsKey(String key) {
    RuleSetting s = RuleSetting.of(key);
    if (s == RuleSetting.EVICT || s == RuleSetting.PUT) {
      return "'" + key + "' cannot have a default: it makes a rule a write rule; give each write"
          + " rule its own '" + key + "'";
    }
    if (s != null) {
      return "'" + key + "' cannot have a default; give each rule its own '" + key + "'";
    }
    if (TOP_KEYS.contains(key)) {
      return "'" + key + "' belongs at the top level of the file, not inside 'defaults'; check the"
          + " indentation";
    }
    return null;
  }

  // ---------------------------------------------------------------------------------- rules

  /** What pass one learnt about a rule; pass two checks targets, pass three builds. */
  private static final class Draft {
    final MappingNode map;
    final String label;
    final boolean write;
    final Map<RuleSetting, Value> own = new EnumMap<>(RuleSetting.class);
    String name;
    Node nameNode;
    MethodPattern method;
    boolean valid;
    // effective values, with the defaults and the file taken into account
    Set<Tier> tiers;
    String tiersFrom;
    Value key;
    List<KeyTemplate> tags = List.of();
    Duration l1Ttl;
    double refreshAt = RuleConfig.DEFAULT_REFRESH_AT;
    EarlyExpiry earlyExpiry;
    Stampede stampede = Stampede.LOCAL;

    Draft(MappingNode map, String label, boolean write) {
      this.map = map;
      this.label = label;
      this.write = write;
    }

    List<Target> targets() {
      List<Target> all = new ArrayList<>();
      for (RuleSetting s : List.of(RuleSetting.EVICT, RuleSetting.PUT)) {
        Value v = own.get(s);
        if (v != null) {
          all.addAll(v.targets);
        }
      }
      return all;
    }
  }

  private List<RuleConfig> readRules(Node root, NodeTuple entry, Map<RuleSetting, Value> defaults) {
    List<RuleConfig> rules = new ArrayList<>();
    if (entry == null) {
      nodes.add(root, null, "the file has no 'rules:' list; add one at the top level, e.g. rules:"
          + " [{name: product-by-id, method: 'com.shop.ProductRepository#findById(long)'}]");
      return rules;
    }
    Node node = entry.getValueNode();
    if (!nodes.tagAllowed(node, nodes.report(null))) {
      return rules;
    }
    if (NodeReader.isNull(node)
        || (node instanceof SequenceNode && ((SequenceNode) node).getValue().isEmpty())) {
      nodes.add(NodeReader.isNull(node) ? entry.getKeyNode() : node, null, "'rules' is empty; add"
          + " at least one rule, e.g. - name: product-by-id with method:"
          + " com.shop.ProductRepository#findById(long)");
      return rules;
    }
    if (!(node instanceof SequenceNode)) {
      nodes.add(node, null, "'rules' must be a list, but this is " + NodeReader.describe(node)
          + "; start each rule with '- ', e.g. - name: product-by-id");
      return rules;
    }
    Map<String, Draft> names = new LinkedHashMap<>();
    List<Draft> drafts = new ArrayList<>();
    for (Node item : ((SequenceNode) node).getValue()) {
      Draft d = readRule(item, defaults, names);
      if (d != null) {
        drafts.add(d);
      }
    }
    checkTargets(drafts, names);
    for (Draft d : drafts) {
      if (d.valid) {
        rules.add(build(d, defaults));
      }
    }
    return rules;
  }

  /** Pass one: the rule on its own, or null when it is not even a mapping. */
  private Draft readRule(Node item, Map<RuleSetting, Value> defaults, Map<String, Draft> names) {
    int before = nodes.failures();
    Report plain = nodes.report(null);
    if (!nodes.tagAllowed(item, plain)) {
      return null;
    }
    if (!(item instanceof MappingNode)) {
      plain.add(item, "each rule must be a mapping with at least 'name' and 'method', but this is "
          + NodeReader.describe(item) + "; write e.g. - name: product-by-id");
      return null;
    }
    MappingNode map = (MappingNode) item;
    // Read the name first so that every problem of the rule, even one above 'name:', carries it.
    String label = nameLabel(map);
    Report report = nodes.report(label);
    Map<String, NodeTuple> entries =
        nodes.entries(map, RuleSetting.keys(), report, RulesReader::ruleKey);
    boolean write = entries.containsKey(RuleSetting.EVICT.key)
        || entries.containsKey(RuleSetting.PUT.key);
    Draft d = new Draft(map, label, write);
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      RuleSetting setting = RuleSetting.of(e.getKey());
      if (write && !setting.allowedOnWriteRule()) {
        report.add(e.getValue().getKeyNode(), notOnWriteRule(setting));
        continue;
      }
      Report r = setting == RuleSetting.NAME ? plain : report; // the name's own problem names it
      Value v = readSetting(setting, e.getValue().getValueNode(), r, r);
      if (v != null) {
        d.own.put(setting, v);
      }
    }
    if (!entries.containsKey(RuleSetting.NAME.key)) {
      plain.add(map, "the rule has no 'name'; add one, e.g. name: product-by-id");
    }
    if (!entries.containsKey(RuleSetting.METHOD.key)) {
      report.add(map, "the rule has no 'method'; add one, e.g. method: "
          + RuleSetting.METHOD.example);
    }
    Value method = d.own.get(RuleSetting.METHOD);
    d.method = method == null ? null : (MethodPattern) method.value;
    if (write) {
      writeRule(d, defaults, report);
    } else {
      cachingRule(d, defaults, report);
    }
    Value name = d.own.get(RuleSetting.NAME);
    if (name != null) {
      d.name = (String) name.value;
      d.nameNode = name.node;
      Draft first = names.putIfAbsent(d.name, d);
      if (first != null) {
        report.add(name.node, "duplicate rule name '" + d.name + "' (first at line "
            + NodeReader.line(first.nameNode) + "); rule names must be unique — rename this rule"
            + " (it is skipped)");
      }
    }
    d.valid = nodes.failures() == before;
    return d;
  }

  private Value readSetting(RuleSetting setting, Node value, Report plain, Report decorated) {
    if (setting.structured()) {
      return values.read(setting, value, decorated);
    }
    String text = nodes.scalar(value, setting.key, setting.example, plain);
    if (text == null) {
      return null;
    }
    try {
      return new Value(setting.interpret(text), value);
    } catch (IllegalArgumentException ex) {
      decorated.add(value, ex.getMessage());
      return null;
    }
  }

  private static String ruleKey(String key) {
    if (TOP_KEYS.contains(key)) {
      return "'" + key + "' belongs at the top level of the file, not inside a rule; check the"
          + " indentation";
    }
    return null;
  }

  private static String notOnWriteRule(RuleSetting s) {
    String why = s == RuleSetting.KEY ? "each evict or put target has its own key"
        : "it caches nothing itself";
    String where = s == RuleSetting.KEY ? "" : ", or set it on the rule whose entries it changes";
    return "'" + s.key + "' does not apply to a write rule (one with 'evict' or 'put'): " + why
        + "; remove it" + where + " (a write rule takes only "
        + String.join(", ", RuleSetting.writeRuleKeys()) + ")";
  }

  /** The effective settings of a write rule: it caches nothing, so only its tiers matter. */
  private void writeRule(Draft d, Map<RuleSetting, Value> defaults, Report report) {
    tiers(d, defaults, report);
  }

  /** The effective settings of a caching rule, and the checks of how they combine. */
  private void cachingRule(Draft d, Map<RuleSetting, Value> defaults, Report report) {
    Map<RuleSetting, Value> own = d.own;
    d.key = effective(own, defaults, RuleSetting.KEY);
    if (d.key != null) {
      fits((KeyTemplate) d.key.value, d.key.node, d.method, "'key'",
          "the method takes no parameters, so remove 'key'", report);
    }
    Value tags = effective(own, defaults, RuleSetting.TAGS);
    if (tags != null) {
      d.tags = templates(tags);
      for (int i = 0; i < d.tags.size(); i++) {
        fits(d.tags.get(i), tags.items.get(i), d.method, "tag '" + d.tags.get(i).text() + "'",
            "the method takes no parameters, so use a constant tag, e.g. catalog", report);
      }
    }
    tiers(d, defaults, report);
    boolean both = d.tiers.contains(Tier.L1) && d.tiers.contains(Tier.L2);

    Value mode = effective(own, defaults, RuleSetting.MODE);
    boolean refreshAhead = mode != null && mode.value == Mode.REFRESH_AHEAD;
    String modeFrom = mode != null && !own.containsKey(RuleSetting.MODE)
        ? " (" + from(mode) + ")" : "";

    Value refreshAt = own.get(RuleSetting.REFRESH_AT);
    if (refreshAt != null && !refreshAhead) {
      report.add(refreshAt.node, "'refresh-at' applies only with mode: refresh-ahead; add mode:"
          + " refresh-ahead, or remove 'refresh-at'");
    }
    Value effectiveRefreshAt = effective(own, defaults, RuleSetting.REFRESH_AT);
    if (refreshAhead && effectiveRefreshAt != null) {
      d.refreshAt = (Double) effectiveRefreshAt.value;
    }

    Value early = own.get(RuleSetting.EARLY_EXPIRY);
    if (early != null && refreshAhead) {
      report.add(early.node, "'early-expiry' does not combine with mode: refresh-ahead" + modeFrom
          + ", which already reloads before expiry; remove 'early-expiry'"
          + (modeFrom.isEmpty() ? " or 'mode'" : ", or write mode: cache-aside in this rule"));
    }
    Value effectiveEarly = effective(own, defaults, RuleSetting.EARLY_EXPIRY);
    if (!refreshAhead && effectiveEarly != null) {
      d.earlyExpiry = (EarlyExpiry) effectiveEarly.value;
    }

    Value l1 = own.get(RuleSetting.L1_TTL);
    if (l1 != null && !both) {
      report.add(l1.node, "'l1-ttl' applies only with tiers: [l1, l2] (a shorter life in L1 in"
          + " front of L2), but this rule's tiers are " + tiersText(d.tiers) + d.tiersFrom
          + "; remove 'l1-ttl'" + (redisWritten ? ", or write tiers: [l1, l2]"
              : ", or add a 'redis:' section"));
    }
    Value effectiveL1 = effective(own, defaults, RuleSetting.L1_TTL);
    if (both && effectiveL1 != null) {
      Value ttl = effective(own, defaults, RuleSetting.TTL);
      Duration t = ttl == null ? BUILT_IN_TTL : (Duration) ttl.value;
      Duration l1Ttl = (Duration) effectiveL1.value;
      if (l1Ttl.compareTo(t) > 0) {
        String ttlFrom = ttl == null ? " (built in)"
            : own.containsKey(RuleSetting.TTL) ? "" : " (" + from(ttl) + ")";
        if (l1 != null) {
          report.add(l1.node, "'l1-ttl' " + Durations.format(l1Ttl) + " is longer than the ttl "
              + Durations.format(t) + ttlFrom + "; L1 cannot keep an entry longer than L2 — write"
              + " l1-ttl: " + Durations.format(t) + " or less");
        } else if (ttl != null && own.containsKey(RuleSetting.TTL)) {
          report.add(ttl.node, "'ttl' " + Durations.format(t) + " is shorter than the l1-ttl "
              + Durations.format(l1Ttl) + " this rule inherits (" + from(effectiveL1) + "); write"
              + " a ttl of at least " + Durations.format(l1Ttl) + ", or l1-ttl: "
              + Durations.format(t) + " or less in this rule");
        }
      } else {
        d.l1Ttl = l1Ttl;
      }
    }

    Value stampede = effective(own, defaults, RuleSetting.STAMPEDE);
    d.stampede = stampede == null ? Stampede.LOCAL : (Stampede) stampede.value;
    if (d.stampede == Stampede.DISTRIBUTED && !d.tiers.contains(Tier.L2)) {
      if (own.containsKey(RuleSetting.STAMPEDE)) {
        report.add(stampede.node, "'stampede: distributed' coordinates loads through Redis, so it"
            + " needs l2 in 'tiers', but this rule's tiers are " + tiersText(d.tiers)
            + d.tiersFrom + "; " + (redisWritten ? "write tiers: [l1, l2]"
                : "add a 'redis:' section") + ", or write stampede: local");
      }
      d.stampede = Stampede.LOCAL; // inherited by a rule without L2: one load per JVM instead
    }
  }

  /** The rule's tiers (own, from defaults, or built in), checked against the file. */
  private void tiers(Draft d, Map<RuleSetting, Value> defaults, Report report) {
    Value own = d.own.get(RuleSetting.TIERS);
    Value inherited = defaults.get(RuleSetting.TIERS);
    if (own != null) {
      d.tiers = tiersOf(own);
      d.tiersFrom = "";
      if (d.tiers.contains(Tier.L2) && !redisWritten) {
        report.add(own.node, noRedisForL2());
      }
    } else if (inherited != null) {
      d.tiers = tiersOf(inherited);
      d.tiersFrom = " (" + from(inherited) + ")";
    } else {
      d.tiers = builtInTiers();
      d.tiersFrom = redisWritten ? " (built in)" : " (built in: the file has no 'redis:' section)";
    }
  }

  private static String noRedisForL2() {
    return "'tiers' includes l2 but the file has no 'redis:' section; add one, e.g. redis: {uri: "
        + RedisUris.EXAMPLE + "}, or write tiers: [l1]";
  }

  /** A template naming argument {2} of a method that has two parameters can never work. */
  private static void fits(KeyTemplate template, Node node, MethodPattern method, String what,
      String zeroFix, Report report) {
    if (method == null || template == null) {
      return;
    }
    int count = method.exactParameterCount();
    if (count < 0 || template.maxArgumentIndex() < count) {
      return;
    }
    String fix = count == 0 ? zeroFix
        : "arguments are numbered from 0, so use {0}" + (count > 1 ? " to {" + (count - 1) + "}" : "");
    report.add(node, what + " uses argument {" + template.maxArgumentIndex() + "} but "
        + method.text() + " has " + count + " parameter" + (count == 1 ? "" : "s") + "; " + fix);
  }

  // ---------------------------------------------------------------------------- pass two

  /** Every write rule's targets against the other rules; a rule with a bad target is skipped. */
  private void checkTargets(List<Draft> drafts, Map<String, Draft> names) {
    Map<String, String> shapes = new LinkedHashMap<>(); // tag shape -> a tag as written
    for (Draft d : drafts) {
      if (!d.write) {
        for (KeyTemplate t : d.tags) {
          shapes.putIfAbsent(t.shape(), t.text());
        }
      }
    }
    for (Draft d : drafts) {
      if (!d.write) {
        continue;
      }
      int before = nodes.failures();
      Report report = nodes.report(d.label);
      boolean reachReported = false;
      for (Target t : d.targets()) {
        if (t.tag() != null) {
          fits(t.tag(), t.templateNode, d.method, "'tag'",
              "the method takes no parameters, so use a constant tag, e.g. catalog", report);
          checkTagShape(t, shapes, report);
          continue;
        }
        if (t.key() != null) {
          fits(t.key(), t.templateNode, d.method, "'key'", "the method takes no parameters, so"
              + (t.target instanceof PutTarget ? " it cannot name an entry; evict instead with"
                  + " evict: {rule: " + t.rule() + ", all: true}"
                  : " evict every entry instead: {rule: " + t.rule() + ", all: true}"), report);
        }
        Draft target = names.get(t.rule());
        if (target == null) {
          report.add(t.ruleNode, unknownRule(t.rule(), names));
        } else if (target.write) {
          report.add(t.ruleNode, "'" + t.rule() + "' (line " + NodeReader.line(target.map)
              + ") is a write rule and caches nothing; name the rule whose entries this " + t.what()
              + " changes" + cachingExample(names));
        } else if (!target.valid) {
          report.add(t.ruleNode, "rule '" + t.rule() + "' (line " + NodeReader.line(target.map)
              + ") has problems and is skipped, so this target cannot apply; fix that rule first"
              + " (this rule is skipped too)");
        } else {
          if (t.key() != null) {
            checkKeyShape(t, target, report);
          }
          if (!reachReported && target.tiers.contains(Tier.L2) && !d.tiers.contains(Tier.L2)) {
            reachReported = true;
            Value own = d.own.get(RuleSetting.TIERS);
            report.add(own != null ? own.node : t.ruleNode, "rule '" + t.rule() + "' keeps entries"
                + " in l2, but this write rule's tiers are " + tiersText(d.tiers) + d.tiersFrom
                + ", so Redis and the other JVMs would keep the old value; write tiers: [l1, l2]"
                + " in this rule");
          }
        }
      }
      if (nodes.failures() != before) {
        d.valid = false;
      }
    }
  }

  /** The target's key values: as many as its own key selects; the count must agree. */
  private static void checkKeyShape(Target t, Draft target, Report report) {
    int arity;
    String formed;
    if (target.key != null) {
      KeyTemplate k = (KeyTemplate) target.key.value;
      arity = k.placeholders().size();
      formed = "its key \"" + k.text() + "\"";
    } else {
      arity = target.method == null ? -1 : target.method.exactParameterCount();
      formed = "all " + arity + " arguments of " + (target.method == null ? "its method"
          : target.method.text());
    }
    if (arity < 0) {
      return; // the target's argument count varies: checked when the rule is applied
    }
    if (arity == 0) {
      report.add(t.templateNode, "rule '" + t.rule() + "' keeps a single entry (its method takes"
          + " no arguments), so there is no key to name; "
          + (t.target instanceof PutTarget ? "a put cannot target it — evict it instead with"
              + " evict: {rule: " + t.rule() + ", all: true}"
              : "write {rule: " + t.rule() + ", all: true}"));
      return;
    }
    int selected = t.key().placeholders().size();
    if (selected != arity) {
      report.add(t.templateNode, "'key' \"" + t.key().text() + "\" selects " + selected + " value"
          + (selected == 1 ? "" : "s") + " but an entry of rule '" + t.rule() + "' is keyed by "
          + arity + " (" + formed + "); write one placeholder for each of them, in the same"
          + " order");
    }
  }

  private static void checkTagShape(Target t, Map<String, String> shapes, Report report) {
    if (shapes.containsKey(t.tag().shape())) {
      return;
    }
    String text = t.tag().text();
    if (shapes.isEmpty()) {
      report.add(t.templateNode, "no rule in this file has 'tags:', so tag '" + text + "' evicts"
          + " nothing; give the caching rule a matching tag first, e.g. tags: [\"" + text + "\"]");
      return;
    }
    List<String> declared = shapes.values().stream().limit(8).map(s -> "'" + s + "'")
        .collect(Collectors.toList());
    report.add(t.templateNode, "no rule gives its entries a tag like '" + text + "', so this"
        + " evicts nothing; the rules' tags are " + String.join(", ", declared)
        + (shapes.size() > 8 ? ", …" : "") + " — write the same text around the placeholders");
  }

  private static String unknownRule(String name, Map<String, Draft> names) {
    String nearest = KeyNames.nearest(name, names.keySet());
    if (nearest != null) {
      return "no rule named '" + name + "' — did you mean '" + nearest + "'?";
    }
    List<String> caching = names.values().stream().filter(d -> !d.write).map(d -> d.name)
        .collect(Collectors.toList());
    if (caching.isEmpty()) {
      return "no rule named '" + name + "' in this file; add the caching rule it refers to, e.g."
          + " - name: " + name + " with its method";
    }
    return "no rule named '" + name + "' in this file; the caching rules are: "
        + String.join(", ", caching.subList(0, Math.min(10, caching.size())))
        + (caching.size() > 10 ? ", …" : "");
  }

  private static String cachingExample(Map<String, Draft> names) {
    for (Draft d : names.values()) {
      if (!d.write) {
        return ", e.g. rule: " + d.name;
      }
    }
    return "";
  }

  // -------------------------------------------------------------------------- pass three

  private RuleConfig build(Draft d, Map<RuleSetting, Value> defaults) {
    RuleConfig.Builder b = RuleConfig.builder();
    if (d.write) {
      Value enabled = effective(d.own, defaults, RuleSetting.ENABLED);
      if (enabled != null) {
        b.enabled((Boolean) enabled.value);
      }
      d.own.forEach((setting, v) -> {
        if (setting != RuleSetting.TIERS) {
          setting.apply(b, v.value);
        }
      });
    } else {
      defaults.forEach((setting, v) -> {
        if (!COMBINED.contains(setting)) {
          setting.apply(b, v.value);
        }
      });
      d.own.forEach((setting, v) -> {
        if (!COMBINED.contains(setting)) {
          setting.apply(b, v.value);
        }
      });
      b.l1Ttl(d.l1Ttl).refreshAt(d.refreshAt).earlyExpiry(d.earlyExpiry).stampede(d.stampede);
      if (d.key != null) {
        b.keyPosition(nodes.position(d.key.node));
      }
    }
    Value method = d.own.get(RuleSetting.METHOD);
    if (method != null) {
      b.methodPosition(nodes.position(method.node));
    }
    return b.tiers(d.tiers).position(nodes.position(d.map)).build();
  }

  // -------------------------------------------------------------------------------- helpers

  private static Value effective(Map<RuleSetting, Value> own, Map<RuleSetting, Value> defaults,
      RuleSetting s) {
    Value v = own.get(s);
    return v != null ? v : defaults.get(s);
  }

  private static String from(Value inherited) {
    return "from 'defaults', line " + NodeReader.line(inherited.node);
  }

  @SuppressWarnings("unchecked")
  private static Set<Tier> tiersOf(Value v) { return (Set<Tier>) v.value; }

  @SuppressWarnings("unchecked")
  private static List<KeyTemplate> templates(Value v) { return (List<KeyTemplate>) v.value; }

  static String tiersText(Set<Tier> tiers) {
    return tiers.stream().map(Tier::key).collect(Collectors.joining(", ", "[", "]"));
  }

  /** The rule's name as written, to label its problems; null when it has none readable. */
  private String nameLabel(MappingNode map) {
    for (NodeTuple t : map.getValue()) {
      Node k = t.getKeyNode();
      Node v = t.getValueNode();
      if (k instanceof ScalarNode && RuleSetting.NAME.key.equals(((ScalarNode) k).getValue())) {
        if (!(v instanceof ScalarNode) || NodeReader.isNull(v) || nodes.isTagged(v)) {
          return null;
        }
        String raw = ((ScalarNode) v).getValue();
        try {
          raw = nodes.substitute(raw, RuleSetting.NAME.example);
        } catch (IllegalArgumentException e) {
          // reported when the value itself is read; label with the text as written
        }
        return raw.trim().isEmpty() ? null : raw.trim();
      }
    }
    return null;
  }
}
