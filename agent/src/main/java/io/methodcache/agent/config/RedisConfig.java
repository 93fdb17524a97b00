package io.methodcache.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code redis:} section: how to reach the shared tier (L2). Immutable; the URIs are validated
 * ({@code redis://}, {@code rediss://} for TLS, {@code redis-sentinel://}) and passed to the client
 * as written. {@link #toString()} never shows a password.
 */
public final class RedisConfig {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);
  public static final long DEFAULT_STREAM_MAX_LENGTH = 10_000;
  public static final int DEFAULT_REPLAY_QUEUE = 10_000;

  private final List<String> uris;
  private final boolean cluster;
  private final String password;
  private final byte[] signingKey;
  private final byte[] previousSigningKey;
  private final Duration timeout;
  private final int breakerFailures;
  private final Duration breakerOpenFor;
  private final long streamMaxLength;
  private final int replayQueue;
  private final SourcePosition position;

  private RedisConfig(Builder b) {
    this.uris = List.copyOf(b.uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("at least one URI");
    }
    if (!b.cluster && uris.size() != 1) {
      throw new IllegalArgumentException("several URIs make a cluster: " + uris.size());
    }
    this.cluster = b.cluster;
    this.password = b.password == null || b.password.isEmpty() ? null : b.password;
    this.signingKey = b.signingKey;
    this.previousSigningKey = b.signingKey == null ? null : b.previousSigningKey;
    this.timeout = positive(b.timeout, "timeout");
    if (b.breakerFailures < 1) {
      throw new IllegalArgumentException("breakerFailures must be at least 1: " + b.breakerFailures);
    }
    this.breakerFailures = b.breakerFailures;
    this.breakerOpenFor = positive(b.breakerOpenFor, "breakerOpenFor");
    if (b.streamMaxLength < 1 || b.replayQueue < 1) {
      throw new IllegalArgumentException("streamMaxLength and replayQueue must be at least 1");
    }
    this.streamMaxLength = b.streamMaxLength;
    this.replayQueue = b.replayQueue;
    this.position = b.position;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be greater than zero: " + d);
    }
    return d;
  }

  /** One URI (standalone, or Sentinel with {@code redis-sentinel://}), or the cluster's seed nodes. */
  public List<String> uris() { return uris; }

  /** True when {@code nodes:} named a Redis Cluster. */
  public boolean cluster() { return cluster; }

  /** True for a {@code redis-sentinel://} URI. */
  public boolean sentinel() { return !cluster && uris.get(0).startsWith("redis-sentinel://"); }

  /** True when the URIs use {@code rediss://} (TLS). */
  public boolean tls() { return uris.get(0).startsWith("rediss://"); }

  /**
   * The key values are signed with ({@code signing-key}, from the environment), or null: values
   * are not signed.
   */
  public byte[] signingKey() { return signingKey == null ? null : signingKey.clone(); }

  /** The previous key, still accepted on reads while a rotation completes; null if none. */
  public byte[] previousSigningKey() {
    return previousSigningKey == null ? null : previousSigningKey.clone();
  }

  /** The password from {@code password:}, or null (none, or only the one inside a URI). */
  public String password() { return password; }

  /** The longest any L2 command may take before the caller goes on without it. */
  public Duration timeout() { return timeout; }

  /** Consecutive failures that open the circuit breaker (L2 is then skipped). */
  public int breakerFailures() { return breakerFailures; }

  /** How long the breaker stays open before one probe is let through. */
  public Duration breakerOpenFor() { return breakerOpenFor; }

  /** The invalidation stream's approximate length bound ({@code XADD … MAXLEN ~}). */
  public long streamMaxLength() { return streamMaxLength; }

  /** How many invalidations are queued while Redis is unreachable, for replay on recovery. */
  public int replayQueue() { return replayQueue; }

  /** Where the {@code redis:} section is written; null for one built in code. */
  public SourcePosition position() { return position; }

  public static Builder builder() { return new Builder(); }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("redis{");
    s.append(cluster ? "nodes: " : "uri: ");
    for (int i = 0; i < uris.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(redact(uris.get(i)));
    }
    s.append(password == null ? "" : ", password: ***")
        .append(signingKey == null ? "" : previousSigningKey == null ? ", signing-key: ***"
            : ", signing-key: ***, signing-key-previous: ***")
        .append(", timeout: ").append(Durations.format(timeout))
        .append(", breaker: {failures: ").append(breakerFailures)
        .append(", open-for: ").append(Durations.format(breakerOpenFor))
        .append("}, invalidation-log: {max-length: ").append(streamMaxLength)
        .append(", replay-queue: ").append(replayQueue).append("}}");
    return s.toString();
  }

  /**
   * The URI with any {@code user:password@} part shown as {@code ***@}, also when the scheme is
   * missing (so that no message about a malformed URI shows its password).
   */
  static String redact(String uri) {
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int hash = uri.indexOf('#', start);
    int at = hash < 0 ? uri.lastIndexOf('@') : uri.lastIndexOf('@', hash);
    if (at < start) {
      return uri;
    }
    return uri.substring(0, start) + "***" + uri.substring(at);
  }

  /** Defaults are the built-in ones; {@link #uri} or {@link #nodes} is required. */
  public static final class Builder {
    private List<String> uris = List.of();
    private boolean cluster;
    private String password;
    private byte[] signingKey;
    private byte[] previousSigningKey;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int breakerFailures = DEFAULT_BREAKER_FAILURES;
    private Duration breakerOpenFor = DEFAULT_BREAKER_OPEN_FOR;
    private long streamMaxLength = DEFAULT_STREAM_MAX_LENGTH;
    private int replayQueue = DEFAULT_REPLAY_QUEUE;
    private SourcePosition position;

    /** One server, or Sentinel: {@code redis://…}, {@code rediss://…}, {@code redis-sentinel://…}. */
    public Builder uri(String v) { uris = List.of(v); cluster = false; return this; }
    /** A Redis Cluster, by some or all of its nodes. */
    public Builder nodes(List<String> v) { uris = List.copyOf(v); cluster = true; return this; }
    public Builder password(String v) { password = v; return this; }
    public Builder signingKey(byte[] v) { signingKey = v; return this; }
    public Builder previousSigningKey(byte[] v) { previousSigningKey = v; return this; }
    public Builder timeout(Duration v) { timeout = v; return this; }
    public Builder breakerFailures(int v) { breakerFailures = v; return this; }
    public Builder breakerOpenFor(Duration v) { breakerOpenFor = v; return this; }
    public Builder streamMaxLength(long v) { streamMaxLength = v; return this; }
    public Builder replayQueue(int v) { replayQueue = v; return this; }
    public Builder position(SourcePosition v) { position = v; return this; }
    public RedisConfig build() { return new RedisConfig(this); }
  }
}
