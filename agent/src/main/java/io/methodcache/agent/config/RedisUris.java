package io.methodcache.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the Redis URIs of a {@code redis:} section, in the forms Lettuce reads:
 * {@code redis://[[user:]password@]host[:port][/database]}, the same with {@code rediss://} (TLS),
 * and {@code redis-sentinel://[[user:]password@]host[:port][,host[:port]…][/database]#master}.
 * Query parameters are refused: their settings are keys of the {@code redis:} section.
 */
final class RedisUris {
  static final String EXAMPLE = "redis://127.0.0.1:6379/0";
  static final String SENTINEL_EXAMPLE = "redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/0#mymaster";
  static final String NODE_EXAMPLE = "redis://10.0.0.1:7000";

  private RedisUris() {}

  /** What a valid URI says, for the checks across a section's settings. */
  static final class Parsed {
    final String scheme;
    final boolean hasPassword;
    final List<String> hosts;
    final int database;

    Parsed(String scheme, boolean hasPassword, List<String> hosts, int database) {
      this.scheme = scheme;
      this.hasPassword = hasPassword;
      this.hosts = List.copyOf(hosts);
      this.database = database;
    }
  }

  /**
   * @param clusterNode true for an entry of {@code nodes:} (no Sentinel, database 0 only)
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  static Parsed check(String text, boolean clusterNode) {
    String example = clusterNode ? NODE_EXAMPLE : EXAMPLE;
    String uri = text.trim();
    if (uri.isEmpty()) {
      throw new IllegalArgumentException("the URI is empty; write e.g. " + example);
    }
    for (int i = 0; i < uri.length(); i++) {
      if (Character.isWhitespace(uri.charAt(i)) || Character.isISOControl(uri.charAt(i))) {
        throw new IllegalArgumentException("'" + RedisConfig.redact(uri) + "' contains a space or"
            + " control character; write it without one, e.g. " + example);
      }
    }
    int sep = uri.indexOf("://");
    if (sep <= 0) {
      String hint = uri.indexOf(':') > 0 && uri.indexOf("//") < 0
          ? " — add the scheme: redis://" + RedisConfig.redact(uri) : "";
      throw new IllegalArgumentException("'" + RedisConfig.redact(uri) + "' is not a Redis URI;"
          + " write scheme://host:port, e.g. " + example + hint);
    }
    String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
    String rest = uri.substring(sep + 3);
    boolean sentinel = scheme.equals("redis-sentinel");
    if (!scheme.equals("redis") && !scheme.equals("rediss") && !sentinel) {
      throw new IllegalArgumentException("unknown scheme '" + uri.substring(0, sep) + "://'; "
          + schemeHint(scheme, clusterNode));
    }
    if (!uri.startsWith(scheme)) {
      throw new IllegalArgumentException("write the scheme in lower case: " + scheme + "://");
    }
    if (sentinel && clusterNode) {
      throw new IllegalArgumentException("a Cluster node is redis:// or rediss://, not"
          + " redis-sentinel://; for Sentinel write uri: " + SENTINEL_EXAMPLE + " instead of"
          + " nodes:");
    }
    int hash = rest.indexOf('#');
    String master = null;
    if (hash >= 0) {
      master = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
      if (!sentinel) {
        throw new IllegalArgumentException("'#" + master + "' names a Sentinel master, which only"
            + " redis-sentinel:// URIs have; remove it, e.g. " + example);
      }
    }
    if (sentinel && (master == null || master.isEmpty())) {
      throw new IllegalArgumentException("a redis-sentinel:// URI ends with '#' and the master's"
          + " name, e.g. " + SENTINEL_EXAMPLE);
    }
    int at = rest.lastIndexOf('@');
    boolean hasPassword = false;
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
      if (userInfo.isEmpty() || password.isEmpty()) {
        throw new IllegalArgumentException("nothing follows " + (userInfo.isEmpty() ? "'//'"
            : "'" + userInfo + "'") + " before '@'; write user:password@ or :password@, or put"
            + " the password under password: (e.g. password: ${REDIS_PASSWORD})");
      }
      hasPassword = true;
    }
    if (rest.indexOf('?') >= 0) {
      throw new IllegalArgumentException("query parameters ('" + rest.substring(rest.indexOf('?'))
          + "') are not read; remove them and use the keys of 'redis:' (timeout, password)");
    }
    int slash = rest.indexOf('/');
    String hostPart = slash < 0 ? rest : rest.substring(0, slash);
    int database = 0;
    if (slash >= 0) {
      String db = rest.substring(slash + 1);
      if (!db.isEmpty()) {
        if (db.length() > 9 || !db.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("the database after '/' must be a number, got '"
              + db + "'; write e.g. " + example);
        }
        database = Integer.parseInt(db);
      }
    }
    if (clusterNode && database != 0) {
      throw new IllegalArgumentException("a Redis Cluster has only database 0; remove '/"
          + database + "', e.g. " + NODE_EXAMPLE);
    }
    if (hostPart.isEmpty()) {
      throw new IllegalArgumentException("the host is missing; write e.g. " + example);
    }
    String[] hostList = hostPart.split(",", -1);
    if (hostList.length > 1 && !sentinel) {
      throw new IllegalArgumentException("'" + hostPart + "' lists several hosts, which only"
          + " redis-sentinel:// URIs do; for a Redis Cluster write nodes: [" + scheme + "://"
          + hostList[0] + ", " + scheme + "://" + hostList[1] + "] instead of uri:");
    }
    List<String> hosts = new ArrayList<>();
    for (String h : hostList) {
      hosts.add(checkHost(h, example));
    }
    return new Parsed(scheme, hasPassword, hosts, database);
  }

  private static String schemeHint(String scheme, boolean clusterNode) {
    String allowed = clusterNode ? "use redis:// or rediss:// (TLS)"
        : "use redis://, rediss:// (TLS) or redis-sentinel://";
    if (scheme.equals("redis+ssl") || scheme.equals("redis+tls") || scheme.equals("redis-ssl")
        || scheme.equals("redis-tls")) {
      return "for TLS write rediss://";
    }
    if (scheme.startsWith("redis-socket") || scheme.equals("unix")) {
      return "Unix sockets are not supported; " + allowed;
    }
    if (scheme.startsWith("redis+sentinel") || scheme.equals("sentinel")) {
      return "write redis-sentinel://, e.g. " + SENTINEL_EXAMPLE;
    }
    return allowed + ", e.g. " + (clusterNode ? NODE_EXAMPLE : EXAMPLE);
  }

  /** host or host:port or [v6] or [v6]:port; returns host:port as written. */
  private static String checkHost(String h, String example) {
    if (h.isEmpty()) {
      throw new IllegalArgumentException("an empty host (a doubled or trailing ','); write"
          + " host:port entries separated by ',', e.g. " + SENTINEL_EXAMPLE);
    }
    String host;
    String port = null;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("'" + h + "': the IPv6 address has no closing ']';"
            + " write e.g. redis://[::1]:6379");
      }
      host = h.substring(1, close);
      String after = h.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("'" + h + "': expected ':port' after ']', e.g."
              + " redis://[::1]:6379");
        }
        port = after.substring(1);
      }
      if (host.isEmpty() || !host.chars().allMatch(c -> c == ':' || c == '.' || c == '%'
          || Character.digit(c, 16) >= 0 || Character.isLetterOrDigit(c))) {
        throw new IllegalArgumentException("'" + h + "' is not an IPv6 address; write e.g."
            + " redis://[::1]:6379");
      }
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
        throw new IllegalArgumentException("'" + h + "' has more than one ':'; an IPv6 address"
            + " goes in brackets, e.g. redis://[::1]:6379");
      }
      host = colon < 0 ? h : h.substring(0, colon);
      port = colon < 0 ? null : h.substring(colon + 1);
      if (host.isEmpty()) {
        throw new IllegalArgumentException("the host is missing before ':" + port + "'; write"
            + " e.g. " + example);
      }
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == '_';
        if (!ok) {
          throw new IllegalArgumentException("host '" + host + "' has '" + c + "'; a host is a"
              + " name or an address, e.g. " + example);
        }
      }
    }
    if (port != null) {
      boolean digits = !port.isEmpty() && port.length() <= 5
          && port.chars().allMatch(c -> c >= '0' && c <= '9');
      int p = digits ? Integer.parseInt(port) : -1;
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port '" + port + "' of '" + h + "' must be a number"
            + " from 1 to 65535, e.g. " + example);
      }
    }
    return h;
  }
}
