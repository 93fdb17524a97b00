package io.methodcache.agent.metrics;

import java.util.Map;
import java.util.Properties;

/**
 * Where the Prometheus endpoint listens: {@code -Dmethodcache.metrics.port} (or
 * {@code METHODCACHE_METRICS_PORT}); off when neither is set. {@code -Dmethodcache.metrics.host}
 * (or {@code METHODCACHE_METRICS_HOST}) binds another address than loopback; the endpoint has no
 * authentication, so that is a choice to make explicitly. {@code -Dmethodcache.metrics.delay}
 * (milliseconds, default 1000) as for JMX: the JDK's HTTP server initialises
 * java.util.logging, which must not happen in premain.
 */
public final class EndpointSettings {
  static final String DEFAULT_HOST = "127.0.0.1";

  private final int port;
  private final String host;
  private final long delayMillis;
  private final String problem;

  private EndpointSettings(int port, String host, long delayMillis, String problem) {
    this.port = port;
    this.host = host;
    this.delayMillis = delayMillis;
    this.problem = problem;
  }

  public static EndpointSettings fromEnvironment() {
    return from(System.getProperties(), System.getenv());
  }

  static EndpointSettings from(Properties props, Map<String, String> env) {
    String port = value(props, "methodcache.metrics.port", env, "METHODCACHE_METRICS_PORT");
    String host = value(props, "methodcache.metrics.host", env, "METHODCACHE_METRICS_HOST");
    String delay = value(props, "methodcache.metrics.delay", env, "METHODCACHE_METRICS_DELAY");
    host = host == null ? DEFAULT_HOST : host;
    long delayMillis = 1000;
    try {
      delayMillis = delay == null ? 1000 : Math.max(0, Long.parseLong(delay));
    } catch (NumberFormatException e) {
      // the endpoint still starts: a wrong delay is not worth losing the figures over
    }
    if (port == null) {
      return new EndpointSettings(-1, host, delayMillis, null);
    }
    try {
      int p = Integer.parseInt(port);
      if (p >= 0 && p <= 65535) {
        return new EndpointSettings(p, host, delayMillis, null);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    return new EndpointSettings(-1, host, delayMillis, "metrics endpoint not started:"
        + " methodcache.metrics.port '" + port + "' is not a port number (0-65535; 0 picks a"
        + " free one)");
  }

  private static String value(Properties props, String property, Map<String, String> env,
      String variable) {
    String v = props.getProperty(property);
    if (v == null || v.isBlank()) {
      v = env.get(variable);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** False when no port was given (or it was wrong: see {@link #problem()}). */
  public boolean enabled() { return port >= 0; }
  public int port() { return port; }
  public String host() { return host; }
  public long delayMillis() { return delayMillis; }
  /** What is wrong with the settings, to be said once; null when nothing. */
  public String problem() { return problem; }
}
