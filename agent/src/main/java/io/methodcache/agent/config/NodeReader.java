package io.methodcache.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The state and helpers shared by the readers of one rules file: the problems found so far, the
 * explicitly tagged nodes, {@code ${VAR}} substitution, and the checks every mapping and scalar
 * goes through. Works on nodes only; nothing is ever constructed from a tag.
 */
final class NodeReader {
  /** Far deeper than format 1 goes; only bounds the walk over a hostile tree. */
  private static final int MAX_WALK_DEPTH = 64;

  /** Tags the resolver gives untagged data; any other tag was written explicitly. */
  private static final Set<Tag> DATA_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
      Tag.TIMESTAMP, Tag.SEQ, Tag.MAP, Tag.MERGE, Tag.YAML);

  /** Where a reader sends a problem: labelled with a rule, or decorated for a section. */
  interface Report {
    void add(Node node, String message);
  }

  final String source;
  private final Function<String, String> env;
  final List<Problem> problems = new ArrayList<>();
  /** Explicitly tagged nodes, in file order, and whether their problem is already reported. */
  private final Map<Node, Boolean> tagged = new IdentityHashMap<>();
  private final List<Node> taggedInOrder = new ArrayList<>();
  /**
   * Counts every reason to reject what is being read, including a tag already reported elsewhere
   * (an aliased node): a part is valid only if this did not move while it was read.
   */
  private int failures;

  NodeReader(String source, Function<String, String> env) {
    this.source = source;
    this.env = env;
  }

  int failures() { return failures; }

  /** Problems labelled with the rule (null: none). */
  Report report(String rule) {
    return (node, message) -> add(node, rule, message);
  }

  void add(Node node, String rule, String message) {
    failures++;
    problems.add(new Problem(position(node), rule, message));
  }

  SourcePosition position(Node node) {
    return position(node == null ? null : node.getStartMark());
  }

  SourcePosition position(Mark mark) {
    return mark == null ? new SourcePosition(source, 1, 1)
        : new SourcePosition(source, mark.getLine() + 1, mark.getColumn() + 1);
  }

  static int line(Node node) {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  String substitute(String text, String example) {
    return EnvSubstitution.apply(text, env, example);
  }

  // ------------------------------------------------------------------------------------ tags

  /** Collects explicitly tagged nodes once each; shared (aliased) nodes are visited once. */
  void findTags(Node root) {
    findTags(root, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private void findTags(Node node, int depth, Set<Node> visited) {
    if (node == null || depth > MAX_WALK_DEPTH || !visited.add(node)) {
      return;
    }
    if (!DATA_TAGS.contains(node.getTag())) {
      tagged.put(node, Boolean.FALSE);
      taggedInOrder.add(node);
    }
    if (node instanceof MappingNode) {
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        findTags(t.getKeyNode(), depth + 1, visited);
        findTags(t.getValueNode(), depth + 1, visited);
      }
    } else if (node instanceof SequenceNode) {
      for (Node child : ((SequenceNode) node).getValue()) {
        findTags(child, depth + 1, visited);
      }
    }
  }

  /** Tags on nodes the schema walk never looked at (e.g. under an unknown key) still count. */
  void reportRemainingTags() {
    for (Node node : taggedInOrder) {
      tagAllowed(node, report(null));
    }
  }

  boolean isTagged(Node node) { return tagged.containsKey(node); }

  /** False, after reporting it once, when the node carries an explicit tag. */
  boolean tagAllowed(Node node, Report report) {
    Boolean reported = tagged.get(node);
    if (reported == null) {
      return true;
    }
    failures++;
    if (!reported) {
      tagged.put(node, Boolean.TRUE);
      report.add(node, "tags are not allowed in a rules file; remove '" + shownTag(node.getTag())
          + "' — the file is plain data and nothing in it is ever turned into an object");
    }
    return false;
  }

  private static String shownTag(Tag tag) {
    String v = tag.getValue();
    String shown = v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
    return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
  }

  // -------------------------------------------------------------------------------- values

  /**
   * The valid, first-seen entries of a mapping by key; reports keys that are not plain names,
   * duplicates and unknown keys (with the nearest valid key when one is close).
   *
   * @param special the message for an unknown key that deserves a specific one, or null
   */
  Map<String, NodeTuple> entries(MappingNode map, List<String> valid, Report report,
      Function<String, String> special) {
    Map<String, NodeTuple> result = new LinkedHashMap<>();
    Map<String, Node> seen = new HashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!tagAllowed(keyNode, report)) {
        continue;
      }
      if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
        report.add(keyNode, "a key must be a plain name, but this is " + describe(keyNode)
            + "; valid keys here: " + String.join(", ", valid));
        continue;
      }
      String key = ((ScalarNode) keyNode).getValue();
      Node first = seen.putIfAbsent(key, keyNode);
      if (first != null) {
        report.add(keyNode, "duplicate key '" + key + "' (first at line " + line(first)
            + "); remove one of them");
        continue;
      }
      if (!valid.contains(key)) {
        String message = special == null ? null : special.apply(key);
        report.add(keyNode, message != null ? message : unknownKey(key, valid));
        continue;
      }
      result.put(key, tuple);
    }
    return result;
  }

  static String unknownKey(String key, List<String> valid) {
    if (key.equals("<<")) {
      return "merge keys ('<<') are not supported in a rules file; write the settings out, or put"
          + " shared ones under 'defaults:'";
    }
    String shown = key.length() > 60 ? key.substring(0, 60) + "…" : key;
    String nearest = KeyNames.nearest(key, valid);
    if (nearest != null) {
      return "unknown key '" + shown + "' — did you mean '" + nearest + "'?";
    }
    return "unknown key '" + shown + "'; valid keys here: " + String.join(", ", valid);
  }

  /**
   * The text of a scalar value after {@code ${VAR}} substitution, or null after reporting why there
   * is none (a tag, a list or mapping, no value, an unset variable).
   */
  String scalar(Node value, String key, String example, Report report) {
    if (!tagAllowed(value, report)) {
      return null;
    }
    if (!(value instanceof ScalarNode)) {
      report.add(value, "'" + key + "' must be a single value, but this is " + describe(value)
          + "; write e.g. " + key + ": " + example);
      return null;
    }
    if (isNull(value)) {
      report.add(value, "'" + key + "' has no value; write e.g. " + key + ": " + example
          + ", or remove the line");
      return null;
    }
    try {
      return substitute(((ScalarNode) value).getValue(), example);
    } catch (IllegalArgumentException e) {
      report.add(value, "'" + key + "': " + e.getMessage());
      return null;
    }
  }

  /**
   * The items of a list, or the value itself when it is a single scalar (so {@code tags: catalog}
   * means {@code tags: [catalog]}); null after reporting a mapping, a tag or no value.
   */
  List<Node> items(Node value, String key, String example, Report report) {
    if (!tagAllowed(value, report)) {
      return null;
    }
    if (value instanceof SequenceNode) {
      return ((SequenceNode) value).getValue();
    }
    if (isNull(value)) {
      report.add(value, "'" + key + "' has no value; write e.g. " + key + ": " + example
          + ", or remove the line");
      return null;
    }
    if (value instanceof MappingNode) {
      report.add(value, "'" + key + "' must be a list, but this is a mapping; write e.g. " + key
          + ": " + example);
      return null;
    }
    return List.of(value);
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  static String describe(Node node) {
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (isNull(node)) {
      return "empty";
    }
    String v = ((ScalarNode) node).getValue();
    return "the text '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'";
  }
}
