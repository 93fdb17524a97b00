package io.methodcache.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import io.methodcache.agent.metrics.CatalogControl;
import io.methodcache.agent.metrics.Figure;
import io.methodcache.agent.metrics.Figures;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rule MBean, {@code MethodCache.stats} and the catalog (which Micrometer, Prometheus and
 * {@code stats} read) list the same figures with the same values: a figure added to one place
 * and not the others fails here.
 */
class FiguresAgreementTest {
  private final Engine engine;
  private final int price;
  private final int save;

  FiguresAgreementTest() {
    String rules = "rules:\n"
        + "  - name: price\n"
        + "    method: com.shop.Repo#price(long)\n"
        + "  - name: save\n"
        + "    method: com.shop.Repo#save(long)\n"
        + "    evict: [ { rule: price, key: \"{0}\" } ]\n";
    RulesConfig config = RulesParser.parse("rules.yaml", rules.getBytes(StandardCharsets.UTF_8),
        name -> null);
    engine = new Engine(config.rules());
    price = engine.addSite(engine.rule("price"),
        new Site.MethodInfo("com.shop.Repo#price(long)", 1, "java.lang.String", null));
    save = engine.addSite(engine.rule("save"),
        new Site.MethodInfo("com.shop.Repo#save(long)", 1, "void", null));
    for (long id : new long[] {1, 2, 1, 1, 3}) {
      Object state = engine.enter1(price, null, id);
      if (state != null && !(state instanceof Hit)) {
        engine.exit(state, "p:" + id, null);
      }
    }
    Object state = engine.enter1(save, null, 1L);
    engine.exit(state, null, null);
  }

  /** Every number the rule MBean had before the catalog: the catalog must keep them all. */
  private static final Set<String> BEFORE = Set.of("Calls", "EvictionsFired", "PutsFired",
      "TtlMillis", "LoadTimeP99Millis", "Evictions", "Refreshes", "RefreshFailures",
      "EarlyRecomputes", "Invalidations", "Puts", "Hits", "Misses", "HitRatio", "Loads",
      "LoadFailures", "LoadTimeMeanMillis", "StampedeWaits", "StampedeTimeouts", "Errors",
      "Uncacheable", "Size", "L2Hits", "L2Misses", "L2Errors", "L2Unsigned", "StaleFillsDropped",
      "L2Skipped", "L2Timeouts");

  private ObjectName register(MBeanServer server, RuleRuntime rule) throws Exception {
    ObjectName name = new ObjectName("io.methodcache:type=Rule,name=" + rule.name());
    server.registerMBean(new RuleBean(rule), name);
    return name;
  }

  @Test
  void theRuleMBeanListsEveryFigureOfTheCatalogWithItsTypeAndKeepsEveryAttributeItHad()
      throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = register(server, engine.rule("price"));
    Map<String, String> types = new java.util.HashMap<>();
    for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
      assertTrue(types.put(a.getName(), a.getType()) == null, "twice: " + a.getName());
    }
    for (Figure f : Figures.ALL_FIGURES) {
      assertTrue(types.containsKey(f.jmxAttribute()), f.jmxAttribute());
    }
    assertTrue(types.keySet().containsAll(BEFORE), "lost: " + new TreeSet<>(BEFORE));
    for (String n : BEFORE) {
      boolean ms = n.endsWith("Millis") && !n.equals("TtlMillis");
      assertEquals(ms || n.equals("HitRatio") ? "double" : "long", types.get(n), n);
    }
    assertEquals("true", server.getMBeanInfo(name).getDescriptor().getFieldValue("mxbean"));
  }

  @Test
  void theRuleMBeanShowsTheCatalogsValues() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (RuleRuntime rule : engine.rules().values()) {
      ObjectName name = register(server, rule);
      String[] all = Figures.ALL_FIGURES.stream().map(Figure::jmxAttribute).toArray(String[]::new);
      AttributeList read = server.getAttributes(name, all); // as stats reads them
      assertEquals(all.length, read.size());
      for (int i = 0; i < all.length; i++) {
        Figure f = Figures.ALL_FIGURES.get(i);
        double expected = f.read(rule);
        assertEquals(expected, ((Number) server.getAttribute(name, all[i])).doubleValue(), 1e-9,
            rule.name() + " " + f.name());
        assertEquals(expected, ((Number) ((Attribute) read.get(i)).getValue()).doubleValue(), 1e-9);
      }
      assertEquals(rule.enabled(), server.getAttribute(name, "Enabled"), "the interface's too");
    }
    assertEquals(2.0, Figures.ALL_FIGURES.get(0).read(engine.rule("price")), "hits: some traffic");
  }

  @Test
  void methodCacheStatsShowsEveryFigureOfTheCatalogAsTheMBeanDoes() throws Exception {
    CatalogControl control = new CatalogControl(engine, engine::rule);
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (RuleRuntime rule : engine.rules().values()) {
      ObjectName name = register(server, rule);
      Map<String, Number> stats = control.stats(rule.name());
      assertEquals(Figures.ALL_FIGURES.size(), stats.size());
      for (Figure f : Figures.ALL_FIGURES) {
        assertEquals(server.getAttribute(name, f.jmxAttribute()), stats.get(f.name()), f.name());
      }
    }
    assertEquals(null, control.stats("no-such-rule"));
  }

  /** The engine's own list (no longer what the facade reads) agrees while it remains. */
  @Test
  void theEnginesOwnStatsAgreeWithTheCatalog() {
    Set<String> names = new HashSet<>();
    Figures.ALL_FIGURES.forEach(f -> names.add(f.name()));
    for (RuleRuntime rule : engine.rules().values()) {
      Map<String, Number> stats = engine.stats(rule.name());
      assertTrue(names.containsAll(stats.keySet()), "not in the catalog: " + stats.keySet());
      for (Figure f : Figures.ALL_FIGURES) {
        Number v = stats.get(f.name());
        if (v != null) {
          assertEquals(f.read(rule), v.doubleValue(), 1e-9, f.name());
        }
      }
    }
  }
}
