package io.methodcache.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exposition of the catalog: valid in both formats, under Micrometer's Prometheus names. */
class PrometheusTextTest {
  static final String RULES = "rules:\n"
      + "  - name: price\n"
      + "    method: com.shop.Repo#price(long)\n"
      + "  - name: save\n"
      + "    method: com.shop.Repo#save(long)\n"
      + "    evict: [ { rule: price, key: \"{0}\" } ]\n";

  final Engine engine;
  private final int price;
  private final int save;

  PrometheusTextTest() {
    RulesConfig config = RulesParser.parse("rules.yaml", RULES.getBytes(StandardCharsets.UTF_8),
        name -> null);
    assertEquals(0, config.problems().size(), config.problems().toString());
    engine = new Engine(config.rules());
    price = engine.addSite(engine.rule("price"),
        new Site.MethodInfo("com.shop.Repo#price(long)", 1, "java.lang.String", null));
    save = engine.addSite(engine.rule("save"),
        new Site.MethodInfo("com.shop.Repo#save(long)", 1, "void", null));
  }

  void callPrice(long id) {
    Object state = engine.enter1(price, null, id);
    if (state != null && !(state instanceof Hit)) {
      engine.exit(state, "p:" + id, null);
    }
  }

  void callSave(long id) {
    Object state = engine.enter1(save, null, id);
    if (state != null) {
      engine.exit(state, null, null);
    }
  }

  /** 3 misses and 4 hits on price, one save (which evicts key 1). */
  void traffic() {
    for (long id : new long[] {1, 2, 1, 1, 3, 2, 3}) {
      callPrice(id);
    }
    callSave(1);
  }

  @Test
  void theTextFormatIsValidAndCarriesTheRulesFigures() {
    traffic();
    Exposition e = Exposition.parse(PrometheusText.render(engine.rules().values(), false), false);
    String tags = "cache=\"price\",cache_manager=\"methodcache\",name=\"price\"";
    assertEquals(4, e.value("cache_gets_total", tags + ",result=\"hit\""));
    assertEquals(3, e.value("cache_gets_total", tags + ",result=\"miss\""));
    assertEquals(2, e.value("cache_size", tags));
    assertEquals(3, e.value("cache_load_total", tags + ",result=\"success\""));
    assertEquals(1, e.value("methodcache_invalidations_total", "cache=\"price\""));
    assertEquals(1, e.value("methodcache_write_calls_total", "cache=\"save\""));
    assertEquals(1, e.value("methodcache_write_evictions_total", "cache=\"save\""));
    assertEquals("counter", e.types.get("cache_gets_total"));
    assertEquals("gauge", e.types.get("cache_size"));
    assertTrue(e.value("methodcache_load_time_seconds_total", "cache=\"price\"") >= 0);
    // a write rule caches nothing: no cache meters for it
    assertFalse(e.series.keySet().stream().anyMatch(s -> s.startsWith("cache_") && s.contains("save")),
        e.series.keySet().toString());
    assertFalse(e.series.keySet().stream().anyMatch(
        s -> s.startsWith("methodcache_write") && s.contains("\"price\"")));
  }

  @Test
  void openMetricsNamesCounterFamiliesWithoutTotalAndEndsWithEof() {
    traffic();
    String text = PrometheusText.render(engine.rules().values(), true);
    Exposition e = Exposition.parse(text, true);
    assertTrue(text.endsWith("\n# EOF\n"), text);
    assertTrue(text.contains("# TYPE cache_gets counter\n"), text);
    assertTrue(text.contains("# UNIT methodcache_load_time_seconds seconds\n"), text);
    assertEquals(4, e.value("cache_gets_total",
        "cache=\"price\",cache_manager=\"methodcache\",name=\"price\",result=\"hit\""));
  }

  @Test
  void everySeriesEqualsTheFigureItExports() {
    traffic();
    Exposition e = Exposition.parse(PrometheusText.render(engine.rules().values(), false), false);
    int checked = 0;
    for (RuleRuntime rule : engine.rules().values()) {
      for (Figure f : Figures.ALL_FIGURES) {
        if (f.meter() == null || !f.appliesTo(rule)) {
          continue;
        }
        StringBuilder labels = new StringBuilder();
        java.util.List<String> tags = f.meter().ruleTags(rule.name());
        if (f.tagKey() != null) {
          tags.add(f.tagKey());
          tags.add(f.tagValue());
        }
        for (int i = 0; i < tags.size(); i += 2) {
          labels.append(i == 0 ? "" : ",").append(tags.get(i).replace('.', '_')).append("=\"")
              .append(tags.get(i + 1)).append('"');
        }
        String name = PrometheusText.baseName(f.meter())
            + (f.meter().type() == Figure.Type.COUNTER ? "_total" : "");
        assertEquals(f.exportedValue(rule), e.value(name, labels.toString()), 1e-9, f.name());
        assertEquals(f.read(rule) / f.perUnit(), f.exportedValue(rule), 1e-9, "JMX's, in the meter's unit");
        checked++;
      }
    }
    assertEquals(e.series.size(), checked, "no series without a figure");
  }

  @Test
  void labelValuesAndHelpAreEscaped() {
    assertEquals("a\\\\b\\\"c\\nd", PrometheusText.escapeLabel("a\\b\"c\nd"));
    assertEquals("say \\\"x\\\"\\\\\\n", PrometheusText.escapeHelp("say \"x\"\\\n", true));
    assertEquals("say \"x\"\\\\\\n", PrometheusText.escapeHelp("say \"x\"\\\n", false));
    assertEquals("cache_manager", PrometheusText.sanitize("cache.manager"));
    assertEquals("NaN", PrometheusText.number(Double.NaN));
    assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
    assertEquals("12", PrometheusText.number(12));
    assertEquals("0.25", PrometheusText.number(0.25));
  }

  @Test
  void theStrictReaderRejectsWhatTheFormatForbids() {
    String ok = "# HELP a_total x\n# TYPE a_total counter\na_total{k=\"v\"} 1\n";
    Exposition.parse(ok, false);
    for (String bad : new String[] {
        "# TYPE a_total counter\na_total{k=\"v\"} 1", // no final line feed
        "# TYPE a_total counter\na_total{k=\"v\"} 1\na_total{k=\"v\"} 2\n", // twice
        "a_total 1\n", // no TYPE
        "# TYPE a counter\na 1\n", // counter without _total
        "# TYPE a_total counter\na_total{k=\"v\n\"} 1\n", // raw line feed in a label
        "# TYPE a_total counter\na_total{k=\"\\x\"} 1\n", // unknown escape
        "# TYPE a_total counter\na_total{k=\"v\",} 1\n", // trailing comma
        "# TYPE a_total counter\na_total one\n"}) {
      try {
        Exposition.parse(bad, false);
      } catch (AssertionError expected) {
        continue;
      }
      throw new AssertionError("accepted: " + bad);
    }
    try {
      Exposition.parse(ok.replace("a_total", "a").replace("a{", "a_total{"), true);
    } catch (AssertionError noEof) {
      return;
    }
    throw new AssertionError("accepted OpenMetrics without # EOF");
  }
}
