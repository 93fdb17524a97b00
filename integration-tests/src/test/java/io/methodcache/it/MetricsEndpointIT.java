package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.metrics.Exposition;
import io.methodcache.it.apps.metrics.MetricsApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The opt-in Prometheus endpoint of an application without Micrometer: scraped by a real HTTP
 * client in both formats, read strictly, and every series equal to the rule MBean's figure; a
 * port in use is said once and the application runs on.
 */
class MetricsEndpointIT {
  static final String CACHE_TAGS = "cache=\"price\",cache_manager=\"methodcache\",name=\"price\"";

  static Path rules(String scenario, Jdk jdk) {
    return Checks.rules(scenario, jdk,
        "rules:",
        "  - name: price",
        "    method: io.methodcache.it.apps.metrics.PriceBook#price(long)",
        "  - name: save",
        "    method: io.methodcache.it.apps.metrics.PriceBook#save(long)",
        "    evict: [ { rule: price, key: \"{0}\" } ]");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The body of a scrape, after checking status and content type. */
  static String scrape(HttpClient client, URI uri, boolean openMetrics) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (openMetrics) {
      request.header("Accept", "application/openmetrics-text;version=1.0.0;q=0.9,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"); // as Prometheus 2 asks
    }
    HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r::body);
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith(openMetrics ? "application/openmetrics-text" : "text/plain"), type);
    return r.body();
  }

  /** Waits until the endpoint answers (it starts after the agent's delay, off the main thread). */
  static String awaitScrape(HttpClient client, URI uri, boolean openMetrics) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return scrape(client, uri, openMetrics);
      } catch (java.net.ConnectException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(50);
      }
    }
  }

  /**
   * Every series the catalog exports for these rules equals the MBean's attribute (divided by
   * the figure's perUnit: milliseconds in JMX, seconds in Prometheus); and the exposition has no other.
   */
  static void sameAsJmx(Exposition e, ForkResult r, Map<String, Boolean> writeRules) {
    int compared = 0;
    for (io.methodcache.agent.metrics.Figure f : io.methodcache.agent.metrics.Figures.ALL_FIGURES) {
      if (f.meter() == null) {
        continue;
      }
      for (Map.Entry<String, Boolean> rule : writeRules.entrySet()) {
        if (rule.getValue() ? !f.forWriteRules() : !f.forCachingRules()) {
          continue;
        }
        List<String> tags = f.meter().ruleTags(rule.getKey());
        if (f.tagKey() != null) {
          tags.add(f.tagKey());
          tags.add(f.tagValue());
        }
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < tags.size(); i += 2) {
          labels.append(i == 0 ? "" : ",").append(tags.get(i).replace('.', '_')).append("=\"")
              .append(tags.get(i + 1)).append('"');
        }
        String name = f.meter().name().replace('.', '_')
            + (f.meter().baseUnit() == null ? "" : "_" + f.meter().baseUnit())
            + (f.type() == io.methodcache.agent.metrics.Figure.Type.COUNTER ? "_total" : "");
        double jmx = Double.parseDouble(r.result("jmx." + rule.getKey() + "." + f.jmxAttribute()));
        assertEquals(jmx / f.perUnit(), e.value(name, labels.toString()), 1e-9,
            name + "{" + labels + "} vs JMX " + f.jmxAttribute());
        compared++;
      }
    }
    assertEquals(e.series.size(), compared, "series without a JMX figure: " + e.series.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aScrapeShowsTheSameFiguresAsJmxInBothFormats(Jdk jdk) throws Exception {
    int port = freePort();
    try (ForkedJvm.Running app = ForkedJvm.on(jdk)
        .agent(rules("metrics-endpoint", jdk))
        .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.metrics.delay=0",
            "-Dmethodcache.metrics.port=" + port)
        .classpath(ItEnv.testClasses())
        .main(MetricsApp.class)
        .start()) {
      app.awaitLine(l -> l.equals("RESULT ready=true"), Duration.ofSeconds(30));
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
      String text = awaitScrape(client, uri, false);
      String open = scrape(client, uri, true);
      app.closeStdin();
      ForkResult r = app.awaitExit(Duration.ofSeconds(30));
      r.assertExitedNormally();
      Checks.eq(r, "bodies", "3");
      Checks.noInternalErrors(r);

      Exposition e = Exposition.parse(text, false);
      assertEquals(4, e.value("cache_gets_total", CACHE_TAGS + ",result=\"hit\""));
      assertEquals(3, e.value("cache_gets_total", CACHE_TAGS + ",result=\"miss\""));
      assertEquals(2, e.value("cache_size", CACHE_TAGS), "save(1) evicted key 1");
      assertEquals(1, e.value("methodcache_write_evictions_total", "cache=\"save\""));
      assertTrue(e.value("methodcache_load_time_seconds_total", "cache=\"price\"") >= 0.015,
          "three loads of at least 5 ms");
      sameAsJmx(e, r, Map.of("price", false, "save", true));

      Exposition om = Exposition.parse(open, true);
      assertEquals(e.series, om.series, "both formats carry the same series");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aPortInUseIsSaidOnceAndTheAppRunsOn(Jdk jdk) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ForkResult r;
      try (ForkedJvm.Running app = ForkedJvm.on(jdk)
          .agent(rules("metrics-port-in-use", jdk))
          .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.metrics.delay=0",
              "-Dmethodcache.metrics.port=" + taken.getLocalPort())
          .classpath(ItEnv.testClasses())
          .main(MetricsApp.class)
          .start()) {
        app.awaitLine(l -> l.equals("RESULT ready=true"), Duration.ofSeconds(30));
        app.awaitStderrLine(l -> l.contains("metrics endpoint not started"), Duration.ofSeconds(20));
        app.closeStdin();
        r = app.awaitExit(Duration.ofSeconds(30));
      }
      r.assertExitedNormally();
      Checks.eq(r, "bodies", "3");
      Checks.eq(r, "jmx.price.Hits", "4");
      long warnings = r.stderrLines().stream()
          .filter(l -> l.startsWith("methodcache: metrics endpoint not started: 127.0.0.1:"
              + taken.getLocalPort() + " is in use")).count();
      assertEquals(1, warnings, r::describe);
    }
  }
}
