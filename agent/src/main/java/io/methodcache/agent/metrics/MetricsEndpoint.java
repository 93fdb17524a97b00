package io.methodcache.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.methodcache.agent.Log;
import io.methodcache.agent.engine.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The opt-in Prometheus/OpenMetrics endpoint ({@code GET /metrics}) for applications without
 * Micrometer: the JDK's own HTTP server, started from a daemon thread after a delay so start-up
 * never waits for it, served by one daemon thread. A port in use is said once; the application
 * runs on without the endpoint.
 */
public final class MetricsEndpoint {
  private final Engine engine;
  private final EndpointSettings settings;
  private volatile HttpServer server;

  public MetricsEndpoint(Engine engine, EndpointSettings settings) {
    this.engine = engine;
    this.settings = settings;
  }

  public void start() {
    if (settings.problem() != null) {
      Log.warn(settings.problem());
    }
    if (!settings.enabled()) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        if (settings.delayMillis() > 0) {
          Thread.sleep(settings.delayMillis());
        }
        listen();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        Log.warn("metrics endpoint not started: " + e);
      }
    }, "methodcache-metrics-start");
    t.setDaemon(true); // the server's dispatcher thread inherits it
    t.start();
  }

  /** Binds and serves; false (said once) when the address is taken. */
  boolean listen() throws IOException {
    InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
    HttpServer s;
    try {
      s = HttpServer.create(address, 0);
    } catch (BindException e) {
      Log.warn("metrics endpoint not started: " + settings.host() + ":" + settings.port()
          + " is in use or cannot be bound (" + e.getMessage() + "); fix: another"
          + " -Dmethodcache.metrics.port (the application is not affected)");
      return false;
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "methodcache-metrics");
      t.setDaemon(true);
      return t;
    });
    s.createContext("/", this::handle);
    s.setExecutor(executor);
    s.start();
    server = s;
    Log.info("metrics endpoint: http://" + settings.host() + ":" + s.getAddress().getPort()
        + "/metrics");
    return true;
  }

  /** The bound port (the chosen one when the setting was 0), or -1 before it listens. */
  public int port() {
    HttpServer s = server;
    return s == null ? -1 : s.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (!"/metrics".equals(path) && !"/".equals(path)) {
        reply(exchange, 404, "text/plain; charset=utf-8", "not found: the figures are at /metrics\n");
        return;
      }
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
        return;
      }
      boolean open = PrometheusText.wantsOpenMetrics(exchange.getRequestHeaders().getFirst("Accept"));
      String body = PrometheusText.render(engine.rules().values(), open);
      reply(exchange, 200, open ? PrometheusText.OPENMETRICS_TYPE : PrometheusText.TEXT_TYPE, body);
    } catch (RuntimeException | Error e) {
      Log.warnOnce("metrics-endpoint|" + e.getClass().getName(),
          "metrics endpoint could not answer a scrape: " + e);
      throw e;
    } finally {
      exchange.close();
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
