package io.methodcache.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The endpoint answers a real HTTP client in both formats; its settings and a port in use. */
class MetricsEndpointTest {
  private final PrometheusTextTest app = new PrometheusTextTest();

  private static EndpointSettings settings(String port) {
    Properties p = new Properties();
    if (port != null) {
      p.setProperty("methodcache.metrics.port", port);
    }
    p.setProperty("methodcache.metrics.delay", "0");
    return EndpointSettings.from(p, Map.of());
  }

  private static int awaitPort(MetricsEndpoint endpoint) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (endpoint.port() < 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return endpoint.port();
  }

  @Test
  void aScrapeGetsTheFiguresInTheFormatItAsksFor() throws Exception {
    app.traffic();
    MetricsEndpoint endpoint = new MetricsEndpoint(app.engine, settings("0"));
    endpoint.start();
    int port = awaitPort(endpoint);
    assertTrue(port > 0, "the endpoint listens");
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    HttpResponse<String> text = client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, text.statusCode());
    assertEquals(PrometheusText.TEXT_TYPE, text.headers().firstValue("Content-Type").orElse(""));
    Exposition e = Exposition.parse(text.body(), false);
    assertEquals(4, e.value("cache_gets_total",
        "cache=\"price\",cache_manager=\"methodcache\",name=\"price\",result=\"hit\""));

    HttpResponse<String> open = client.send(HttpRequest.newBuilder(uri)
        .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(PrometheusText.OPENMETRICS_TYPE, open.headers().firstValue("Content-Type").orElse(""));
    assertEquals(e.series, Exposition.parse(open.body(), true).series);

    HttpResponse<String> other = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/other")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, other.statusCode());
  }

  @Test
  void aPortInUseLeavesTheEndpointOffAndSaysSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      MetricsEndpoint endpoint = new MetricsEndpoint(app.engine,
          settings(String.valueOf(taken.getLocalPort())));
      assertFalse(endpoint.listen(), "the port is taken");
      assertEquals(-1, endpoint.port());
    }
  }

  @Test
  void settingsDefaultToOffAndLoopback() {
    assertFalse(settings(null).enabled());
    assertEquals("127.0.0.1", settings("9400").host());
    assertEquals(9400, settings("9400").port());
    assertTrue(settings("9400").enabled());
    assertNull(settings("9400").problem());
    EndpointSettings wrong = settings("http");
    assertFalse(wrong.enabled());
    assertTrue(wrong.problem().contains("'http' is not a port number"), wrong.problem());
    assertFalse(settings("70000").enabled());
    EndpointSettings fromEnv = EndpointSettings.from(new Properties(),
        Map.of("METHODCACHE_METRICS_PORT", "9401", "METHODCACHE_METRICS_HOST", "0.0.0.0"));
    assertEquals(9401, fromEnv.port());
    assertEquals("0.0.0.0", fromEnv.host());
  }
}
