package io.methodcache.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import io.methodcache.agent.metrics.Figure;
import io.methodcache.agent.metrics.Figures;
import java.lang.reflect.Method;
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
  /** The rule MBean's numbers that are settings, not statistics. */
  private static final Set<String> SETTINGS = Set.of("TtlMillis");

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

  @Test
  void everyNumberOfTheRuleMBeanIsInTheCatalogAndViceVersa() {
    Set<String> jmx = new TreeSet<>();
    for (Method m : RuleMXBean.class.getMethods()) {
      Class<?> t = m.getReturnType();
      if (m.getName().startsWith("get") && m.getParameterCount() == 0
          && (t == long.class || t == double.class || t == int.class)) {
        jmx.add(m.getName().substring(3));
      }
    }
    jmx.removeAll(SETTINGS);
    Set<String> catalog = new TreeSet<>();
    Figures.ALL_FIGURES.forEach(f -> catalog.add(f.jmxAttribute()));
    assertEquals(catalog, jmx);
  }

  @Test
  void theRuleMBeanShowsTheCatalogsValues() throws Exception {
    for (RuleRuntime rule : engine.rules().values()) {
      RuleBean bean = new RuleBean(rule);
      for (Figure f : Figures.ALL_FIGURES) {
        Object v = RuleMXBean.class.getMethod("get" + f.jmxAttribute()).invoke(bean);
        assertEquals(f.read(rule), ((Number) v).doubleValue(), 1e-9, rule.name() + " " + f.name());
      }
    }
    assertEquals(2.0, Figures.ALL_FIGURES.get(0).read(engine.rule("price")), "hits: some traffic");
  }

  @Test
  void methodCacheStatsShowsTheCatalogsValuesUnderItsNames() {
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
