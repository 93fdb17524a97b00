package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.metrics.Exposition;
import io.methodcache.it.apps.metrics.NestedLauncher;
import io.methodcache.it.mixed.Java17Sources;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Spring Boot application (web, Actuator, Prometheus registry; nothing configured for the
 * agent) shows each rule in Micrometer on its own: {@code /actuator/metrics/cache.gets} and
 * {@code /actuator/prometheus} give the same counts as the rule's MBean, and as the agent's own
 * Prometheus endpoint in the same JVM. Boot creates its registry after the agent has started.
 */
class MicrometerIT {
  private static final Pattern MEASUREMENT =
      Pattern.compile("\"statistic\":\"(\\w+)\",\"value\":([-+0-9.eE]+)");

  static List<Path> bootLibs() {
    return ItEnv.jarsIn(ItEnv.basedir().resolve("target/boot-libs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void springBootShowsEachRuleUnderTheCacheMetersWithJmxsCounts(Jdk jdk) throws Exception {
    run(jdk, false);
  }

  /**
   * As a fat jar runs: Spring Boot, Micrometer and the application in a class loader of their own,
   * below the one that holds the agent.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theSameWhenTheApplicationHasItsOwnClassLoader(Jdk jdk) throws Exception {
    run(jdk, true);
  }

  private void run(Jdk jdk, boolean nested) throws Exception {
    Assumptions.assumeTrue(jdk.feature() >= 17, "Spring Boot 3 needs JDK 17+");
    Path classes = Java17Sources.classes("io.methodcache.it.boot", bootLibs());
    int web = MetricsEndpointIT.freePort();
    int endpoint = MetricsEndpointIT.freePort();
    Path rules = Checks.rules(nested ? "micrometer-boot-nested" : "micrometer-boot", jdk,
        "rules:",
        "  - name: price",
        "    method: io.methodcache.it.boot.Quotes#price(long)",
        "  - name: save",
        "    method: io.methodcache.it.boot.Quotes#save(long)",
        "    evict: [ { rule: price, key: \"{0}\" } ]");
    List<String> main = new ArrayList<>(List.of("io.methodcache.it.boot.BootMetricsApp",
        "--server.address=127.0.0.1", "--server.port=" + web,
        "--management.endpoints.web.exposure.include=metrics,prometheus",
        "--logging.level.root=warn"));
    ForkedJvm fork = ForkedJvm.on(jdk)
        .agent(rules)
        .baseJvmArgs("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
        .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.metrics.delay=0",
            "-Dmethodcache.metrics.port=" + endpoint, "-Dmethodcache.log=info")
        .classpath(ItEnv.testClasses())
        .timeout(Duration.ofSeconds(120));
    if (nested) {
      List<Path> app = new ArrayList<>(List.of(classes));
      app.addAll(bootLibs());
      main.add(0, app.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
      fork.main(NestedLauncher.class, main.toArray(new String[0]));
    } else {
      fork.classpath(classes).classpath(bootLibs()).main(main.get(0),
          main.subList(1, main.size()).toArray(new String[0]));
    }
    try (ForkedJvm.Running app = fork.start()) {
      app.awaitLine(l -> l.equals("RESULT ready=true"), Duration.ofSeconds(90));
      HttpClient client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + web + "/actuator/";
      Map<String, Double> actuator = new java.util.LinkedHashMap<>();
      actuator.put("hit", measurement(client, base, "cache.gets", "cache:price", "result:hit"));
      actuator.put("miss", measurement(client, base, "cache.gets", "cache:price", "result:miss"));
      actuator.put("size", measurement(client, base, "cache.size", "cache:price"));
      actuator.put("loads", measurement(client, base, "cache.load", "cache:price",
          "result:success"));
      actuator.put("writeEvictions", measurement(client, base, "methodcache.write.evictions",
          "cache:save"));
      String prometheus = cacheFamilies(
          MetricsEndpointIT.scrape(client, URI.create(base + "prometheus"), false));
      String ours = MetricsEndpointIT.awaitScrape(client,
          URI.create("http://127.0.0.1:" + endpoint + "/metrics"), false);
      app.closeStdin();
      ForkResult r = app.awaitExit(Duration.ofSeconds(60));
      r.assertExitedNormally();
      Checks.eq(r, "bodies", "3");
      Checks.noInternalErrors(r);

      assertEquals(Double.parseDouble(r.result("jmx.price.Hits")), actuator.get("hit"), r::describe);
      assertEquals(4.0, actuator.get("hit"));
      assertEquals(Double.parseDouble(r.result("jmx.price.Misses")), actuator.get("miss"));
      assertEquals(3.0, actuator.get("miss"));
      assertEquals(Double.parseDouble(r.result("jmx.price.Size")), actuator.get("size"));
      assertEquals(Double.parseDouble(r.result("jmx.price.Loads")), actuator.get("loads"));
      assertEquals(Double.parseDouble(r.result("jmx.save.EvictionsFired")),
          actuator.get("writeEvictions"));
      assertEquals(1.0, actuator.get("writeEvictions"));

      Exposition viaBoot = Exposition.parse(prometheus, false);
      MetricsEndpointIT.sameAsJmx(viaBoot, r, Map.of("price", false, "save", true));
      Exposition viaAgent = Exposition.parse(ours, false);
      assertEquals(viaAgent.series, viaBoot.series, "the agent's endpoint and Boot's agree");
      assertEquals(viaAgent.types, viaBoot.types);
      assertTrue(r.stderrLines().stream().anyMatch(l -> l.contains("rules shown in Micrometer")
          && l.contains(nested ? "URLClassLoader" : "AppClassLoader")), r::describe);
    }
  }

  /** One measurement of {@code /actuator/metrics/<meter>?tag=...} (COUNT or VALUE). */
  private static double measurement(HttpClient client, String base, String meter, String... tags)
      throws Exception {
    String query = java.util.Arrays.stream(tags)
        .map(t -> "tag=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create(base + "metrics/" + meter + "?" + query)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), meter + " " + query + ": " + response.body());
    Matcher m = MEASUREMENT.matcher(response.body());
    assertTrue(m.find(), response.body());
    assertTrue(m.group(1).equals("COUNT") || m.group(1).equals("VALUE"), response.body());
    return Double.parseDouble(m.group(2));
  }

  /** The lines of the families named cache_* and methodcache_* (Boot's own are other formats). */
  static String cacheFamilies(String exposition) {
    List<String> kept = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
      if (name.startsWith("cache_") || name.startsWith("methodcache_")) {
        kept.add(line);
      }
    }
    return String.join("\n", kept) + "\n";
  }
}
