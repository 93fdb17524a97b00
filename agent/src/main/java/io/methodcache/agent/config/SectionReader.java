package io.methodcache.agent.config;

import io.methodcache.agent.config.NodeReader.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the top-level {@code redis:} and {@code serialization:} sections.
 *
 * <p>{@code redis:} is all or nothing: any problem in it is reported where it is and leaves L2 off
 * (the section is then absent from the {@link RulesConfig}), since a half-understood connection
 * setting is worse than none. {@code serialization:} keeps every valid pattern; a bad one is
 * reported and left out, which can only refuse more classes, never allow more.
 */
final class SectionReader {
  static final List<String> REDIS_KEYS =
      List.of("uri", "nodes", "password", "timeout", "breaker", "invalidation-log", "signing-key",
          "signing-key-previous");
  static final List<String> SERIALIZATION_KEYS = List.of("allow");
  private static final List<String> BREAKER_KEYS = List.of("failures", "open-for");
  private static final List<String> LOG_KEYS = List.of("max-length", "replay-queue");
  private static final String OFF = " (L2 stays off until this is fixed)";

  private final NodeReader nodes;

  SectionReader(NodeReader nodes) {
    this.nodes = nodes;
  }

  // ----------------------------------------------------------------------------------- redis

  /** The section, or null when it is absent or has any problem (each reported). */
  RedisConfig redis(NodeTuple entry) {
    if (entry == null) {
      return null;
    }
    Report report = (node, message) -> nodes.add(node, null, message + OFF);
    int before = nodes.failures();
    Node node = entry.getValueNode();
    if (!nodes.tagAllowed(node, report)) {
      return null;
    }
    if (NodeReader.isNull(node)) {
      report.add(entry.getKeyNode(), "'redis' is empty; write e.g. redis: {uri: "
          + RedisUris.EXAMPLE + "}, or remove it");
      return null;
    }
    if (!(node instanceof MappingNode)) {
      String hint = node instanceof ScalarNode ? "redis: {uri: "
          + RedisConfig.redact(((ScalarNode) node).getValue().trim()) + "}"
          : "redis: {uri: " + RedisUris.EXAMPLE + "}";
      report.add(node, "'redis' must be a mapping, but this is " + redactedDescription(node)
          + "; write e.g. " + hint);
      return null;
    }
    MappingNode map = (MappingNode) node;
    Map<String, NodeTuple> entries = nodes.entries(map, REDIS_KEYS, report, SectionReader::redisKey);
    RedisConfig.Builder b = RedisConfig.builder().position(nodes.position(map));
    NodeTuple uri = entries.get("uri");
    NodeTuple list = entries.get("nodes");
    boolean uriHasPassword = false;
    if (uri == null && list == null) {
      report.add(map, "'redis' needs 'uri' (one server, or Sentinel) or 'nodes' (a Redis"
          + " Cluster); add e.g. uri: " + RedisUris.EXAMPLE);
    }
    if (uri != null) {
      Node v = uri.getValueNode();
      if (v instanceof SequenceNode) {
        report.add(v, "'uri' is one URI, but this is a list; for a Redis Cluster write nodes: ["
            + RedisUris.NODE_EXAMPLE + ", …] instead");
      } else {
        String text = nodes.scalar(v, "uri", RedisUris.EXAMPLE, report);
        if (text != null) {
          try {
            RedisUris.Parsed p = RedisUris.check(text, false);
            uriHasPassword = p.hasPassword;
            b.uri(text.trim());
          } catch (IllegalArgumentException e) {
            report.add(v, "'uri': " + e.getMessage());
          }
        }
      }
    }
    if (list != null) {
      uriHasPassword |= clusterNodes(list.getValueNode(), b, report);
    }
    if (uri != null && list != null) {
      NodeTuple second = line(uri.getKeyNode()) > line(list.getKeyNode())
          || (line(uri.getKeyNode()) == line(list.getKeyNode())
              && column(uri.getKeyNode()) > column(list.getKeyNode())) ? uri : list;
      report.add(second.getKeyNode(), "'uri' and 'nodes' are two topologies; keep one: uri for"
          + " one server or Sentinel, nodes for a Redis Cluster");
    }
    NodeTuple password = entries.get("password");
    if (password != null && !(password.getValueNode() instanceof ScalarNode)) {
      report.add(password.getValueNode(), "'password' must be a single value, but this is "
          + NodeReader.describe(password.getValueNode()) + "; write e.g. password:"
          + " ${REDIS_PASSWORD:-}");
    } else if (password != null && !NodeReader.isNull(password.getValueNode())) {
      // example "": an unset variable's fix reads ${REDIS_PASSWORD:-}, never a made-up secret
      String text = nodes.scalar(password.getValueNode(), "password", "", report);
      if (text != null && !text.isEmpty()) {
        if (uriHasPassword) {
          report.add(password.getValueNode(), "the password is given twice, in the URI and in"
              + " 'password'; keep one (password: ${REDIS_PASSWORD} keeps it out of the file)");
        }
        b.password(text);
      }
    }
    b.signingKey(signingKey(entries.get("signing-key"), "signing-key", report));
    b.previousSigningKey(signingKey(entries.get("signing-key-previous"), "signing-key-previous",
        report));
    NodeTuple timeout = entries.get("timeout");
    if (timeout != null) {
      Duration d = duration(timeout.getValueNode(), "timeout", "50ms", report);
      if (d != null) {
        b.timeout(d);
      }
    }
    NodeTuple breaker = entries.get("breaker");
    if (breaker != null) {
      MappingNode m = mapping(breaker.getValueNode(), "breaker", "{failures: 5, open-for: 5s}",
          report);
      if (m != null) {
        Map<String, NodeTuple> e = nodes.entries(m, BREAKER_KEYS, report, null);
        if (e.containsKey("failures")) {
          Long n = positive(e.get("failures").getValueNode(), "failures", "5", report);
          if (n != null) {
            b.breakerFailures(n.intValue());
          }
        }
        if (e.containsKey("open-for")) {
          Duration d = duration(e.get("open-for").getValueNode(), "open-for", "5s", report);
          if (d != null) {
            b.breakerOpenFor(d);
          }
        }
      }
    }
    NodeTuple log = entries.get("invalidation-log");
    if (log != null) {
      MappingNode m = mapping(log.getValueNode(), "invalidation-log",
          "{max-length: 10000, replay-queue: 10000}", report);
      if (m != null) {
        Map<String, NodeTuple> e = nodes.entries(m, LOG_KEYS, report, null);
        if (e.containsKey("max-length")) {
          Long n = positive(e.get("max-length").getValueNode(), "max-length", "10000", report);
          if (n != null) {
            b.streamMaxLength(n);
          }
        }
        if (e.containsKey("replay-queue")) {
          Long n = positive(e.get("replay-queue").getValueNode(), "replay-queue", "10000", report);
          if (n != null) {
            b.replayQueue(n.intValue());
          }
        }
      }
    }
    return nodes.failures() == before ? b.build() : null;
  }

  /**
   * A signing key: only ever from the environment (the file must say {@code ${VAR}}, so the key
   * is never in it), at least 32 bytes once substituted. Null when absent or invalid (reported).
   */
  private byte[] signingKey(NodeTuple entry, String key, Report report) {
    if (entry == null || NodeReader.isNull(entry.getValueNode())) {
      return null;
    }
    Node value = entry.getValueNode();
    String example = "${METHODCACHE_SIGNING_KEY}";
    if (!(value instanceof ScalarNode)
        || !((ScalarNode) value).getValue().trim().matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}")) {
      report.add(value, "'" + key + "' must name an environment variable, e.g. " + key + ": "
          + example + ": a signing key written in the rules file would be readable by whoever"
          + " can read the file");
      return null;
    }
    String text = nodes.scalar(value, key, example, report);
    if (text == null) {
      return null;
    }
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (bytes.length < 32) {
      report.add(value, "'" + key + "': the key in " + ((ScalarNode) value).getValue().trim()
          + " has " + bytes.length + " bytes; use at least 32 random bytes, e.g. the output of"
          + " openssl rand -base64 48");
      return null;
    }
    return bytes;
  }

  /** Reads {@code nodes:}; returns whether any node URI holds a password. */
  private boolean clusterNodes(Node value, RedisConfig.Builder b, Report report) {
    String example = "[" + RedisUris.NODE_EXAMPLE + ", redis://10.0.0.2:7000]";
    List<Node> items = nodes.items(value, "nodes", example, report);
    if (items == null) {
      return false;
    }
    if (items.isEmpty()) {
      report.add(value, "'nodes' is empty; list the Cluster's nodes (some are enough), e.g. nodes: "
          + example);
      return false;
    }
    List<String> uris = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    String scheme = null;
    boolean password = false;
    for (Node item : items) {
      if (!nodes.tagAllowed(item, report)) {
        continue;
      }
      if (!(item instanceof ScalarNode) || NodeReader.isNull(item)) {
        report.add(item, "each entry of 'nodes' is one URI, but this is "
            + redactedDescription(item) + "; write e.g. nodes: " + example);
        continue;
      }
      String text = nodes.scalar(item, "nodes", example, report);
      if (text == null) {
        continue;
      }
      RedisUris.Parsed p;
      try {
        p = RedisUris.check(text, true);
      } catch (IllegalArgumentException e) {
        report.add(item, "'nodes': " + e.getMessage());
        continue;
      }
      if (scheme == null) {
        scheme = p.scheme;
      } else if (!scheme.equals(p.scheme)) {
        report.add(item, "all nodes of a Cluster use one scheme, but this one is " + p.scheme
            + ":// and the first is " + scheme + "://; write " + scheme + ":// for every node"
            + " (rediss:// for TLS)");
        continue;
      }
      String t = text.trim();
      Node first = seen.putIfAbsent(t, item);
      if (first != null) {
        report.add(item, "'" + RedisConfig.redact(t) + "' is listed twice in 'nodes' (first at"
            + " line " + NodeReader.line(first) + "); remove one");
        continue;
      }
      password |= p.hasPassword;
      uris.add(t);
    }
    if (!uris.isEmpty()) {
      b.nodes(uris);
    }
    return password;
  }

  private static String redisKey(String key) {
    switch (key) {
      case "host":
      case "port":
      case "database":
      case "db":
      case "ssl":
      case "tls":
        return "'" + key + "' is part of the URI; write uri: " + RedisUris.EXAMPLE
            + " (rediss:// for TLS, /0 is the database)";
      case "cluster":
        return "a Redis Cluster is given by its nodes; write nodes: [" + RedisUris.NODE_EXAMPLE
            + ", redis://10.0.0.2:7000] instead of uri";
      case "sentinel":
      case "sentinels":
      case "master":
        return "Sentinel is a URI form; write uri: " + RedisUris.SENTINEL_EXAMPLE;
      case "user":
      case "username":
        return "the user is part of the URI; write uri: redis://user@10.0.0.1:6379/0 and the"
            + " password under password:";
      default:
        if (RuleSetting.of(key) != null) {
          return "'" + key + "' is a rule setting, not a setting of 'redis:'; put it inside a rule"
              + " or under 'defaults:'";
        }
        return null;
    }
  }

  // --------------------------------------------------------------------------- serialization

  /** The allow-list with every valid pattern (bad ones are reported and left out). */
  SerializationConfig serialization(NodeTuple entry) {
    if (entry == null) {
      return SerializationConfig.none();
    }
    Report report = nodes.report(null);
    Node node = entry.getValueNode();
    String example = "{allow: [\"com.shop.**\"]}";
    if (!nodes.tagAllowed(node, report) || NodeReader.isNull(node)) {
      return SerializationConfig.none(); // an empty section changes nothing
    }
    if (!(node instanceof MappingNode)) {
      report.add(node, "'serialization' must be a mapping, but this is "
          + NodeReader.describe(node) + "; write e.g. serialization: " + example);
      return SerializationConfig.none();
    }
    Map<String, NodeTuple> entries = nodes.entries((MappingNode) node, SERIALIZATION_KEYS, report,
        key -> key.equals("deny") || key.equals("reject") || key.equals("block")
            ? "only an allow-list is read: every class it does not allow (besides the JDK's value"
                + " types) is refused; remove '" + key + "'"
            : null);
    List<String> allow = new ArrayList<>();
    NodeTuple a = entries.get("allow");
    if (a != null && !NodeReader.isNull(a.getValueNode())) {
      List<Node> items = nodes.items(a.getValueNode(), "allow", "[\"com.shop.**\"]", report);
      Map<String, Node> seen = new HashMap<>();
      for (Node item : items == null ? List.<Node>of() : items) {
        if (!nodes.tagAllowed(item, report)) {
          continue;
        }
        if (!(item instanceof ScalarNode) || NodeReader.isNull(item)) {
          report.add(item, "each entry of 'allow' is one class pattern, but this is "
              + NodeReader.describe(item) + "; write e.g. allow: [\"com.shop.**\"]");
          continue;
        }
        String text = nodes.scalar(item, "allow", "[\"com.shop.**\"]", report);
        if (text == null) {
          continue;
        }
        String p = text.trim();
        try {
          SerializationConfig.checkPattern(p);
        } catch (IllegalArgumentException e) {
          report.add(item, "'allow': " + e.getMessage() + " (this pattern is left out)");
          continue;
        }
        Node first = seen.putIfAbsent(p, item);
        if (first != null) {
          report.add(item, "'" + p + "' is listed twice in 'allow' (first at line "
              + NodeReader.line(first) + "); remove one");
          continue;
        }
        allow.add(p);
      }
    }
    return new SerializationConfig(allow, nodes.position(node));
  }

  // -------------------------------------------------------------------------------- helpers

  private MappingNode mapping(Node value, String key, String example, Report report) {
    if (!nodes.tagAllowed(value, report)) {
      return null;
    }
    if (!(value instanceof MappingNode)) {
      report.add(value, "'" + key + "' must be a mapping, but this is "
          + NodeReader.describe(value) + "; write e.g. " + key + ": " + example
          + (NodeReader.isNull(value) ? ", or remove it" : ""));
      return null;
    }
    return (MappingNode) value;
  }

  private Duration duration(Node value, String key, String example, Report report) {
    String text = nodes.scalar(value, key, example, report);
    if (text == null) {
      return null;
    }
    try {
      return RuleSetting.positiveDuration(key, text.trim(), example, "");
    } catch (IllegalArgumentException e) {
      report.add(value, e.getMessage());
      return null;
    }
  }

  private Long positive(Node value, String key, String example, Report report) {
    String text = nodes.scalar(value, key, example, report);
    if (text == null) {
      return null;
    }
    try {
      return key.equals("max-length") ? RuleSetting.positiveLong(key, text.trim(), example)
          : Long.valueOf(RuleSetting.positiveInt(key, text.trim(), example));
    } catch (IllegalArgumentException e) {
      report.add(value, e.getMessage());
      return null;
    }
  }

  /** Like {@link NodeReader#describe}, but a URI's password never appears in a message. */
  private static String redactedDescription(Node node) {
    if (node instanceof ScalarNode && !NodeReader.isNull(node)) {
      String v = RedisConfig.redact(((ScalarNode) node).getValue());
      return "the text '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + "'";
    }
    return NodeReader.describe(node);
  }

  private static int line(Node n) { return NodeReader.line(n); }

  private static int column(Node n) {
    return n.getStartMark() == null ? 1 : n.getStartMark().getColumn() + 1;
  }
}
