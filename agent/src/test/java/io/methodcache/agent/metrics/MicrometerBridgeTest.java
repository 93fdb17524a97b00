package io.methodcache.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.config.RulesParser;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bridge against a real Micrometer (as an application has it): meters in the global
 * registry reach registries added later, and every one of several; a reload removes a rule's
 * meters; a class loader without a usable Micrometer changes nothing.
 */
class MicrometerBridgeTest {
  private final PrometheusTextTest app = new PrometheusTextTest();
  private final SimpleMeterRegistry first = new SimpleMeterRegistry();
  private final SimpleMeterRegistry second = new SimpleMeterRegistry();

  @AfterEach
  void clearTheGlobalRegistry() {
    Metrics.removeRegistry(first);
    Metrics.removeRegistry(second);
    Metrics.globalRegistry.clear();
  }

  private static double hits(SimpleMeterRegistry registry) {
    FunctionCounter c = Search.in(registry).name("cache.gets")
        .tags("cache", "price", "cache.manager", "methodcache", "name", "price", "result", "hit")
        .functionCounter();
    return c == null ? -1 : c.count();
  }

  @Test
  void registriesAddedAfterTheBindingSeeEveryRuleAndReadItsCountersLive() {
    MicrometerBridge bridge = new MicrometerBridge(app.engine);
    bridge.bind(getClass().getClassLoader());
    Metrics.addRegistry(first); // as Spring Boot does, once it has built its registry
    app.traffic();
    assertEquals(4, hits(first));
    Metrics.addRegistry(second);
    assertEquals(4, hits(second));
    app.callPrice(1); // evicted by save(1): a miss
    app.callPrice(2);
    assertEquals(5, hits(first), "read when asked: no copy to keep up to date");
    assertEquals(5, hits(second));
    assertEquals(3, first.get("cache.size").tag("cache", "price").gauge().value(), 0.0);
    assertEquals(1, first.get("methodcache.write.evictions").tag("cache", "save")
        .functionCounter().count(), 0.0);
    assertNull(Search.in(first).name("cache.gets").tag("cache", "save").meter(),
        "a write rule caches nothing: no cache meters");
  }

  @Test
  void theWatchedClassLoadBindsFromTheWorkerAndAReloadRemovesARulesMeters() throws Exception {
    MicrometerBridge bridge = new MicrometerBridge(app.engine);
    Metrics.addRegistry(first);
    assertNull(bridge.transform(getClass().getClassLoader(), MicrometerBridge.WATCHED, null, null,
        new byte[0]), "never changes the class");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (hits(first) < 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, hits(first));
    String onlyPrice = "rules:\n  - name: price\n    method: com.shop.Repo#price(long)\n";
    app.engine.apply(RulesParser.parse("rules.yaml", onlyPrice.getBytes(StandardCharsets.UTF_8),
        name -> null).rules());
    bridge.syncNow();
    assertNull(Search.in(first).name("methodcache.write.calls").tag("cache", "save").meter());
    assertEquals(0, hits(first), "the kept rule keeps its meters");
  }

  @Test
  void aLoaderWithoutMicrometerChangesNothing() throws Exception {
    MicrometerBridge bridge = new MicrometerBridge(app.engine);
    try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
      bridge.bind(none); // says so once, throws nothing
    }
    Metrics.addRegistry(first);
    assertTrue(first.getMeters().isEmpty());
  }
}
