package io.methodcache.agent.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable connection and failure settings of the shared L2 tier. Plain Java only (no Lettuce
 * type): it is built while the rules file is parsed, long before any Redis class may be touched.
 */
public final class RedisSettings {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);
  public static final String DEFAULT_NAMESPACE = "methodcache";
  public static final int DEFAULT_STREAM_MAX_LENGTH = 10_000;
  public static final int DEFAULT_REPLAY_QUEUE_BOUND = 10_000;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(2);

  private final List<String> uris;
  private final boolean cluster;
  private final String password;
  private final Duration timeout;
  private final int breakerFailures;
  private final Duration breakerOpenFor;
  private final String namespace;
  private final int streamMaxLength;
  private final int replayQueueBound;
  private final Duration connectTimeout;
  private final Duration reconnectMaxDelay;

  private RedisSettings(Builder b) {
    this.uris = Collections.unmodifiableList(new ArrayList<>(b.uris));
    this.cluster = b.cluster;
    this.password = b.password;
    this.timeout = b.timeout;
    this.breakerFailures = b.breakerFailures;
    this.breakerOpenFor = b.breakerOpenFor;
    this.namespace = b.namespace;
    this.streamMaxLength = b.streamMaxLength;
    this.replayQueueBound = b.replayQueueBound;
    this.connectTimeout = b.connectTimeout;
    this.reconnectMaxDelay = b.reconnectMaxDelay;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Standalone: one redis://, rediss:// or redis-sentinel:// URI. Cluster: the seed nodes. */
  public List<String> uris() { return uris; }
  public boolean cluster() { return cluster; }
  /** Overrides any password in the URIs; null = use the URIs as they are. */
  public String password() { return password; }
  /** Upper bound of every L2 call made on an application thread. */
  public Duration timeout() { return timeout; }
  public int breakerFailures() { return breakerFailures; }
  public Duration breakerOpenFor() { return breakerOpenFor; }
  public String namespace() { return namespace; }
  public int streamMaxLength() { return streamMaxLength; }
  public int replayQueueBound() { return replayQueueBound; }
  /** Bound of one background TCP/TLS connect attempt (never paid by an application thread). */
  public Duration connectTimeout() { return connectTimeout; }
  /** Upper bound of the back-off between reconnect attempts (how soon L2 resumes after an outage). */
  public Duration reconnectMaxDelay() { return reconnectMaxDelay; }

  /** The URIs without user info, for logs and JMX (a password must never be printed). */
  public List<String> redactedUris() {
    List<String> out = new ArrayList<>(uris.size());
    for (String u : uris) {
      out.add(redact(u));
    }
    return out;
  }

  static String redact(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return uri;
    }
    return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
  }

  @Override
  public String toString() {
    return "RedisSettings{uris=" + redactedUris() + ", cluster=" + cluster
        + ", password=" + (password == null ? "none" : "***") + ", timeout=" + timeout
        + ", breaker=" + breakerFailures + "/" + breakerOpenFor + ", namespace=" + namespace
        + ", streamMaxLength=" + streamMaxLength + ", replayQueueBound=" + replayQueueBound + "}";
  }

  public static final class Builder {
    private final List<String> uris = new ArrayList<>();
    private boolean cluster;
    private String password;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int breakerFailures = DEFAULT_BREAKER_FAILURES;
    private Duration breakerOpenFor = DEFAULT_BREAKER_OPEN_FOR;
    private String namespace = DEFAULT_NAMESPACE;
    private int streamMaxLength = DEFAULT_STREAM_MAX_LENGTH;
    private int replayQueueBound = DEFAULT_REPLAY_QUEUE_BOUND;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;

    private Builder() {}

    /** One standalone or Sentinel URI (replaces any URI given before). */
    public Builder uri(String uri) {
      uris.clear();
      uris.add(Objects.requireNonNull(uri, "uri"));
      cluster = false;
      return this;
    }

    /** Redis Cluster seed nodes (replaces any URI given before) and sets cluster=true. */
    public Builder nodes(List<String> nodes) {
      uris.clear();
      uris.addAll(Objects.requireNonNull(nodes, "nodes"));
      cluster = true;
      return this;
    }

    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /** Null or empty = none (an empty `${REDIS_PASSWORD:-}` substitution means no password). */
    public Builder password(String password) {
      this.password = password == null || password.isEmpty() ? null : password;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder breaker(int failures, Duration openFor) {
      this.breakerFailures = failures;
      this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    public Builder streamMaxLength(int streamMaxLength) {
      this.streamMaxLength = streamMaxLength;
      return this;
    }

    public Builder replayQueueBound(int replayQueueBound) {
      this.replayQueueBound = replayQueueBound;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
      return this;
    }

    public Builder reconnectMaxDelay(Duration reconnectMaxDelay) {
      this.reconnectMaxDelay = Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
      return this;
    }

    /** Validates everything here so a bad rules file fails at parse time, not in the background. */
    public RedisSettings build() {
      if (uris.isEmpty()) {
        throw new IllegalArgumentException("redis: a uri (or cluster nodes) is required");
      }
      if (!cluster && uris.size() != 1) {
        throw new IllegalArgumentException("redis: exactly one uri unless cluster nodes are given");
      }
      for (String u : uris) {
        checkUri(u, cluster);
      }
      positive(timeout, "timeout");
      positive(breakerOpenFor, "breaker open-for");
      positive(connectTimeout, "connect timeout");
      positive(reconnectMaxDelay, "reconnect max delay");
      if (breakerFailures < 1) {
        throw new IllegalArgumentException("redis: breaker failures must be >= 1");
      }
      if (namespace.isEmpty() || namespace.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw new IllegalArgumentException("redis: namespace must be non-empty, without blanks");
      }
      if (streamMaxLength < 1 || replayQueueBound < 1) {
        throw new IllegalArgumentException("redis: stream max length and replay queue bound must be >= 1");
      }
      return new RedisSettings(this);
    }

    private static void positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("redis: " + what + " must be > 0");
      }
    }

    private static void checkUri(String u, boolean cluster) {
      URI parsed;
      try {
        parsed = new URI(u);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("redis: not a URI: " + redact(u));
      }
      String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
      boolean known = scheme.equals("redis") || scheme.equals("rediss")
          || (!cluster && (scheme.equals("redis-sentinel") || scheme.equals("rediss-sentinel")));
      if (!known) {
        throw new IllegalArgumentException("redis: unsupported scheme in " + redact(u)
            + (cluster ? " (cluster nodes: redis:// or rediss://)"
                : " (redis://, rediss:// or redis-sentinel://)"));
      }
      // Sentinel URIs may list several hosts ("h1:26379,h2:26379"), which java.net.URI cannot
      // parse as a server authority; Lettuce parses them itself.
      if (!scheme.endsWith("sentinel") && (parsed.getHost() == null || parsed.getHost().isEmpty())) {
        throw new IllegalArgumentException("redis: no host in " + redact(u));
      }
    }
  }
}
