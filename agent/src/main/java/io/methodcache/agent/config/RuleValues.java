package io.methodcache.agent.config;

import io.methodcache.agent.config.NodeReader.Report;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the rule settings whose value is a list or a mapping: {@code tiers}, {@code tags}, {@code
 * early-expiry}, {@code evict} and {@code put}. Each problem goes to the given report with the
 * position of the exact item; what can be checked only against other rules (an evict target's
 * rule exists, its key fits) is left to {@link RulesReader}, which gets the nodes it needs.
 */
final class RuleValues {
  private static final List<String> EARLY_EXPIRY_KEYS = List.of("strategy", "beta");
  private static final List<String> EVICT_KEYS = List.of("rule", "key", "tag", "all", "before");
  private static final List<String> PUT_KEYS = List.of("rule", "key");
  private static final List<String> EVICT_KINDS = List.of("key", "tag", "all");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");
  static final String TARGET_EXAMPLE = "{rule: product-by-id, key: \"{0.id}\"}";

  private final NodeReader nodes;

  RuleValues(NodeReader nodes) {
    this.nodes = nodes;
  }

  /** An interpreted setting and the node it came from (for positions). */
  static final class Value {
    final Object value;
    final Node node;
    /** The node of each list item ({@code tags}), in order; empty for other settings. */
    final List<Node> items;
    /** The targets of {@code evict} / {@code put}, with their nodes; empty for other settings. */
    final List<Target> targets;

    Value(Object value, Node node) {
      this(value, node, List.of(), List.of());
    }

    Value(Object value, Node node, List<Node> items, List<Target> targets) {
      this.value = value;
      this.node = node;
      this.items = items;
      this.targets = targets;
    }
  }

  /** One evict or put target and where its parts are written. */
  static final class Target {
    /** An {@link EvictTarget} or a {@link PutTarget}. */
    final Object target;
    final Node map;
    final Node ruleNode;
    /** The key or tag template's value node; null for {@code all: true}. */
    final Node templateNode;

    Target(Object target, Node map, Node ruleNode, Node templateNode) {
      this.target = target;
      this.map = map;
      this.ruleNode = ruleNode;
      this.templateNode = templateNode;
    }

    String rule() {
      return target instanceof PutTarget ? ((PutTarget) target).rule()
          : ((EvictTarget) target).rule();
    }

    KeyTemplate key() {
      return target instanceof PutTarget ? ((PutTarget) target).key()
          : ((EvictTarget) target).key();
    }

    KeyTemplate tag() {
      return target instanceof PutTarget ? null : ((EvictTarget) target).tag();
    }

    String what() { return target instanceof PutTarget ? "put" : "evict"; }
  }

  /** The value of a structured setting, or null after reporting every problem in it. */
  Value read(RuleSetting setting, Node value, Report report) {
    int before = nodes.failures();
    Value v;
    switch (setting) {
      case TIERS: v = tiers(value, report); break;
      case TAGS: v = tags(value, report); break;
      case EARLY_EXPIRY: v = earlyExpiry(value, report); break;
      case EVICT: v = evict(value, report); break;
      case PUT: v = put(value, report); break;
      default: throw new AssertionError(setting);
    }
    // Targets stay even when a sibling is bad, so that their checks against the other rules are
    // reported too; the rule is skipped all the same.
    // Likewise the valid tags of a list with a bad one, for the evict targets that name them.
    boolean partial = setting == RuleSetting.EVICT || setting == RuleSetting.PUT
        || setting == RuleSetting.TAGS;
    return nodes.failures() == before || partial ? v : null;
  }

  // ----------------------------------------------------------------------------------- tiers

  private Value tiers(Node value, Report report) {
    String example = RuleSetting.TIERS.example;
    List<Node> items = nodes.items(value, "tiers", example, report);
    if (items == null) {
      return null;
    }
    if (items.isEmpty()) {
      report.add(value, "'tiers' is empty; write [l1] (in-process), [l2] (Redis) or [l1, l2]");
      return null;
    }
    Set<Tier> tiers = EnumSet.noneOf(Tier.class);
    for (Node item : items) {
      String text = item(item, "tiers", example, report);
      if (text == null) {
        continue;
      }
      String t = text.trim();
      Tier tier = null;
      for (Tier candidate : Tier.values()) {
        if (candidate.key().equals(t)) {
          tier = candidate;
        }
      }
      if (tier == null) {
        String lower = t.toLowerCase(Locale.ROOT);
        String fix = t.indexOf(',') >= 0 ? "write a list: tiers: [" + t + "]"
            : lower.equals("l1") || lower.equals("l2") ? "write it in lower case: " + lower
            : "tiers are l1 (in-process) and l2 (Redis), e.g. tiers: [l1, l2]";
        report.add(item, "'" + t + "' is not a tier; " + fix);
      } else if (!tiers.add(tier)) {
        report.add(item, "'" + t + "' is listed twice in 'tiers'; remove one");
      }
    }
    return new Value(tiers, value);
  }

  // ------------------------------------------------------------------------------------ tags

  private Value tags(Node value, Report report) {
    String example = RuleSetting.TAGS.example;
    List<Node> items = nodes.items(value, "tags", example, report);
    if (items == null) {
      return null;
    }
    List<KeyTemplate> tags = new ArrayList<>();
    List<Node> itemNodes = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (Node item : items) {
      KeyTemplate tag = tag(item, "tags", example, report);
      if (tag == null) {
        continue;
      }
      Node first = seen.putIfAbsent(tag.text(), item);
      if (first != null) {
        report.add(item, "tag '" + tag.text() + "' is listed twice (first at line "
            + NodeReader.line(first) + "); remove one");
        continue;
      }
      tags.add(tag);
      itemNodes.add(item);
    }
    return new Value(List.copyOf(tags), value, List.copyOf(itemNodes), List.of());
  }

  private KeyTemplate tag(Node item, String key, String example, Report report) {
    String text = item(item, key, example, report);
    if (text == null) {
      return null;
    }
    try {
      return KeyTemplate.parseTag(text).withoutReceiver("a tag");
    } catch (IllegalArgumentException e) {
      report.add(item, "'" + key + "': " + e.getMessage());
      return null;
    }
  }

  // ---------------------------------------------------------------------------- early expiry

  private Value earlyExpiry(Node value, Report report) {
    String example = RuleSetting.EARLY_EXPIRY.example;
    if (!nodes.tagAllowed(value, report)) {
      return null;
    }
    if (!(value instanceof MappingNode)) {
      if (value instanceof SequenceNode) {
        report.add(value, "'early-expiry' must be a mapping, but this is a list; write e.g."
            + " early-expiry: " + example);
        return null;
      }
      String text = nodes.scalar(value, "early-expiry", example, report);
      if (text == null) {
        return null;
      }
      if (text.trim().equals("xfetch")) {
        return new Value(new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, EarlyExpiry.DEFAULT_BETA),
            value);
      }
      report.add(value, "'early-expiry' must be xfetch or a mapping, got '" + text.trim()
          + "'; write e.g. early-expiry: " + example);
      return null;
    }
    Map<String, NodeTuple> entries =
        nodes.entries((MappingNode) value, EARLY_EXPIRY_KEYS, report, null);
    EarlyExpiry.Strategy strategy = null;
    double beta = EarlyExpiry.DEFAULT_BETA;
    boolean ok = true;
    NodeTuple s = entries.get("strategy");
    if (s == null) {
      report.add(value, "'early-expiry' needs 'strategy: xfetch'; write e.g. early-expiry: "
          + example);
      ok = false;
    } else {
      String text = nodes.scalar(s.getValueNode(), "strategy", "xfetch", report);
      if (text != null && text.trim().equals("xfetch")) {
        strategy = EarlyExpiry.Strategy.XFETCH;
      } else if (text != null) {
        report.add(s.getValueNode(), "'strategy' must be xfetch (the only strategy so far), got '"
            + text.trim() + "'");
      }
    }
    NodeTuple b = entries.get("beta");
    if (b != null) {
      String text = nodes.scalar(b.getValueNode(), "beta", "1.0", report);
      if (text != null) {
        String t = text.trim();
        boolean negative = t.startsWith("-") && DECIMAL.matcher(t.substring(1)).matches();
        double parsed = DECIMAL.matcher(t).matches() ? Double.parseDouble(t)
            : negative ? -1 : Double.NaN;
        if (Double.isNaN(parsed)) {
          report.add(b.getValueNode(), "'beta' must be a number such as 1.0 or 0.5, got '" + t
              + "'");
        } else if (parsed <= 0) {
          report.add(b.getValueNode(), "'beta' must be greater than zero, got '" + t
              + "'; write e.g. beta: 1.0 (above 1 recomputes earlier, below 1 later)");
        } else {
          beta = parsed;
        }
      }
    }
    return ok && strategy != null ? new Value(new EarlyExpiry(strategy, beta), value) : null;
  }

  // ------------------------------------------------------------------------------- evict, put

  private Value evict(Node value, Report report) {
    if (!nodes.tagAllowed(value, report)) {
      return null;
    }
    List<Node> items;
    if (value instanceof MappingNode) {
      items = List.of(value);
    } else if (value instanceof SequenceNode) {
      items = ((SequenceNode) value).getValue();
      if (items.isEmpty()) {
        report.add(value, "'evict' is empty; add a target such as " + TARGET_EXAMPLE
            + ", or remove 'evict'");
        return null;
      }
    } else {
      report.add(value, notATarget("evict", value));
      return null;
    }
    List<EvictTarget> targets = new ArrayList<>();
    List<Target> withNodes = new ArrayList<>();
    for (Node item : items) {
      if (!nodes.tagAllowed(item, report)) {
        continue;
      }
      if (!(item instanceof MappingNode)) {
        report.add(item, "each evict target must be a mapping, but this is "
            + NodeReader.describe(item) + "; write e.g. - " + TARGET_EXAMPLE);
        continue;
      }
      Target t = evictTarget((MappingNode) item, report);
      if (t != null) {
        targets.add((EvictTarget) t.target);
        withNodes.add(t);
      }
    }
    return new Value(List.copyOf(targets), value, List.of(), List.copyOf(withNodes));
  }

  private static String notATarget(String key, Node value) {
    String text = value instanceof ScalarNode && !NodeReader.isNull(value)
        ? ((ScalarNode) value).getValue().trim() : null;
    if (text != null && RuleSetting.RULE_NAME.matcher(text).matches()) {
      return "'" + key + "' must be a mapping, but this is the text '" + text + "'; to "
          + (key.equals("put") ? "store the return value in rule '" + text + "' write put: {rule: "
              + text + ", key: \"{0}\"}"
          : "evict every entry of rule '" + text + "' write evict: {rule: " + text + ", all: true}");
    }
    return "'" + key + "' must be a mapping" + (key.equals("evict") ? " or a list of them" : "")
        + ", but this is " + NodeReader.describe(value) + "; write e.g. " + key + ": "
        + TARGET_EXAMPLE;
  }

  private Target evictTarget(MappingNode map, Report report) {
    int before = nodes.failures();
    Map<String, NodeTuple> entries = nodes.entries(map, EVICT_KEYS, report, key -> {
      if (key.equals("value")) {
        return "unknown key 'value'; an evict target drops entries, it stores nothing — to store"
            + " the return value use put: " + TARGET_EXAMPLE;
      }
      return null;
    });
    List<String> kinds = new ArrayList<>();
    for (String k : entries.keySet()) {
      if (EVICT_KINDS.contains(k)) {
        kinds.add(k);
      }
    }
    if (kinds.isEmpty()) {
      report.add(map, "an evict target needs one of 'key', 'tag' or 'all: true' (what to evict);"
          + " write e.g. " + TARGET_EXAMPLE);
    } else if (kinds.size() > 1) {
      Node second = entries.get(kinds.get(1)).getKeyNode();
      report.add(second, "'" + kinds.get(0) + "' and '" + kinds.get(1) + "' cannot be combined in"
          + " one evict target; write one target each, e.g. - {rule: product-by-id, key: \"{0.id}\"}"
          + " and - {tag: \"product:{0.id}\"}");
    }
    String kind = kinds.isEmpty() ? null : kinds.get(0);
    NodeTuple ruleEntry = entries.get("rule");
    String rule = null;
    if (ruleEntry != null) {
      if ("tag".equals(kind) && kinds.size() == 1) {
        report.add(ruleEntry.getKeyNode(), "'rule' does not go with 'tag': a tag evicts every"
            + " entry that carries it, in whichever rule; remove 'rule' (or evict by 'key' or"
            + " 'all')");
      } else {
        rule = ruleName(ruleEntry.getValueNode(), report);
      }
    } else if (kind != null && !kind.equals("tag")) {
      report.add(map, "this evict target needs 'rule': the rule whose entries are evicted; write"
          + " e.g. " + ("all".equals(kind) ? "{rule: product-by-id, all: true}" : TARGET_EXAMPLE));
    }
    KeyTemplate key = null;
    KeyTemplate tag = null;
    boolean all = false;
    Node templateNode = null;
    NodeTuple k = entries.get("key");
    if (k != null) {
      templateNode = k.getValueNode();
      key = keyTemplate(templateNode, report);
    }
    NodeTuple t = entries.get("tag");
    if (t != null) {
      templateNode = templateNode == null ? t.getValueNode() : templateNode;
      tag = tagValue(t.getValueNode(), report);
    }
    NodeTuple a = entries.get("all");
    if (a != null) {
      Boolean b = bool(a.getValueNode(), "all", report);
      if (Boolean.FALSE.equals(b)) {
        report.add(a.getValueNode(), "'all: false' evicts nothing; write all: true, or evict by"
            + " 'key' or 'tag'");
      }
      all = Boolean.TRUE.equals(b);
    }
    boolean beforeBody = false;
    NodeTuple bf = entries.get("before");
    if (bf != null) {
      beforeBody = Boolean.TRUE.equals(bool(bf.getValueNode(), "before", report));
    }
    if (nodes.failures() != before) {
      return null;
    }
    EvictTarget target = new EvictTarget(rule, key, tag, all, beforeBody, nodes.position(map));
    return new Target(target, map, ruleEntry == null ? null : ruleEntry.getValueNode(),
        templateNode);
  }

  private Value put(Node value, Report report) {
    if (!nodes.tagAllowed(value, report)) {
      return null;
    }
    if (value instanceof SequenceNode) {
      report.add(value, "'put' takes one target, a mapping, but this is a list; write e.g. put: "
          + TARGET_EXAMPLE + " (a write rule stores one value; use evict for the other rules)");
      return null;
    }
    if (!(value instanceof MappingNode)) {
      report.add(value, notATarget("put", value));
      return null;
    }
    MappingNode map = (MappingNode) value;
    int before = nodes.failures();
    Map<String, NodeTuple> entries = nodes.entries(map, PUT_KEYS, report, key -> {
      if (key.equals("before")) {
        return "'before' does not go with 'put': the value stored is the method's return value,"
            + " so a put always happens after a normal return; remove 'before'";
      }
      if (key.equals("tag") || key.equals("all")) {
        return "'" + key + "' does not go with 'put': a put stores one entry, named by 'rule' and"
            + " 'key'; to drop entries use evict: {" + (key.equals("tag") ? "tag: catalog"
                : "rule: product-by-id, all: true") + "}";
      }
      return null;
    });
    NodeTuple r = entries.get("rule");
    NodeTuple k = entries.get("key");
    if (r == null || k == null) {
      report.add(map, "'put' needs " + (r == null && k == null ? "'rule' and 'key'"
          : r == null ? "'rule' (the rule that receives the value)"
          : "'key' (which entry of that rule, from this method's arguments)")
          + "; write e.g. put: " + TARGET_EXAMPLE);
    }
    String rule = r == null ? null : ruleName(r.getValueNode(), report);
    KeyTemplate key = k == null ? null : keyTemplate(k.getValueNode(), report);
    if (nodes.failures() != before) {
      return null;
    }
    PutTarget target = new PutTarget(rule, key, nodes.position(map));
    Target withNodes = new Target(target, map, r.getValueNode(), k.getValueNode());
    return new Value(target, value, List.of(), List.of(withNodes));
  }

  /** The name as written (checked against the rules of the file later); null if none readable. */
  private String ruleName(Node value, Report report) {
    String text = nodes.scalar(value, "rule", "product-by-id", report);
    if (text == null) {
      return null;
    }
    if (text.trim().isEmpty()) {
      report.add(value, "'rule' is empty; name the rule whose entries this target changes, e.g."
          + " rule: product-by-id");
      return null;
    }
    return text.trim();
  }

  private KeyTemplate tagValue(Node value, Report report) {
    String text = nodes.scalar(value, "tag", "\"product:{0.id}\"", report);
    if (text == null) {
      return null;
    }
    try {
      return KeyTemplate.parseTag(text).withoutReceiver("a tag");
    } catch (IllegalArgumentException e) {
      report.add(value, "'tag': " + e.getMessage());
      return null;
    }
  }

  private KeyTemplate keyTemplate(Node value, Report report) {
    String text = nodes.scalar(value, "key", "\"{0.id}\"", report);
    if (text == null) {
      return null;
    }
    try {
      return KeyTemplate.parse(text).withoutReceiver("a write rule's key");
    } catch (IllegalArgumentException e) {
      report.add(value, "'key': " + e.getMessage());
      return null;
    }
  }

  private Boolean bool(Node value, String key, Report report) {
    String text = nodes.scalar(value, key, "true", report);
    if (text == null) {
      return null;
    }
    try {
      return RuleSetting.bool(key, text.trim());
    } catch (IllegalArgumentException e) {
      report.add(value, e.getMessage());
      return null;
    }
  }

  /** The text of one list item, or null after reporting a nested list or mapping. */
  private String item(Node item, String key, String example, Report report) {
    if (!nodes.tagAllowed(item, report)) {
      return null;
    }
    if (!(item instanceof ScalarNode)) {
      report.add(item, "each entry of '" + key + "' is a single value, but this is "
          + NodeReader.describe(item) + "; write e.g. " + key + ": " + example);
      return null;
    }
    if (NodeReader.isNull(item)) {
      report.add(item, "an entry of '" + key + "' is empty; remove it or write e.g. " + key + ": "
          + example);
      return null;
    }
    return nodes.scalar(item, key, example, report);
  }
}
