package io.methodcache.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.Site;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The rule MBean tells what an invalidation did, refuses write rules, and shows what they did. */
class RuleBeanTest {
  private static final String RULES = "rules:\n"
      + "  - name: price\n"
      + "    method: com.shop.Repo#price(long)\n"
      + "  - name: save\n"
      + "    method: com.shop.Repo#save(long)\n"
      + "    evict: [ { rule: price, key: \"{0}\" } ]\n";

  private final Engine engine;
  private final int price;
  private final int save;

  RuleBeanTest() {
    RulesConfig config = RulesParser.parse("rules.yaml", RULES.getBytes(StandardCharsets.UTF_8),
        name -> null);
    assertEquals(0, config.problems().size(), config.problems().toString());
    engine = new Engine(config.rules());
    price = engine.addSite(engine.rule("price"),
        new Site.MethodInfo("com.shop.Repo#price(long)", 1, "java.lang.String", null));
    save = engine.addSite(engine.rule("save"),
        new Site.MethodInfo("com.shop.Repo#save(long)", 1, "void", null));
  }

  /** A call of price(id) through the engine, as the advice makes it; the body returns "p:id". */
  private void callPrice(long id) {
    Object state = engine.enter1(price, null, id);
    if (state != null && !(state instanceof io.methodcache.agent.bootstrap.Hit)) {
      engine.exit(state, "p:" + id, null);
    }
  }

  private void callSave(long id) {
    Object state = engine.enter1(save, null, id);
    if (state != null) {
      engine.exit(state, null, null);
    }
  }

  /** A figure of the bean, as JMX clients read it. */
  private static long n(RuleBean bean, String attribute) {
    return (Long) bean.figure(attribute);
  }

  @Test
  void anInvalidationSaysWhetherItFoundTheKey() {
    RuleBean bean = new RuleBean(engine.rule("price"));
    callPrice(42);
    assertEquals(1, n(bean, "Size"));
    assertEquals("nothing matched: no key of this rule can be 'abc': price(long) renders its"
        + " keys as its arguments joined with ',' (long), e.g. 42", bean.invalidate("abc"));
    assertEquals("nothing matched: key 7 is not cached (the rule caches in this JVM only)",
        bean.invalidate("7"));
    assertEquals(1, n(bean, "Size"), "nothing was dropped");
    assertEquals("invalidated key 42", bean.invalidate("42"));
    assertEquals(0, n(bean, "Size"));
  }

  @Test
  void aWriteRuleIsRefusedAndShowsWhatItDid() {
    RuleBean write = new RuleBean(engine.rule("save"));
    assertTrue(write.isWriteRule());
    assertArrayEquals(new String[] {"evict price key {0}"}, write.getWrites());
    String refusal = "rule 'save' is a write rule, it caches nothing; invalidate the rule it"
        + " writes to instead: price";
    assertEquals(refusal, assertThrows(IllegalArgumentException.class,
        () -> write.invalidate("42")).getMessage());
    assertEquals(refusal, assertThrows(IllegalArgumentException.class,
        write::invalidateAll).getMessage());
    assertEquals(refusal, assertThrows(IllegalArgumentException.class,
        () -> write.invalidateTag("t")).getMessage());

    callPrice(1);
    callSave(1);
    callSave(2);
    assertEquals(2, n(write, "Calls"));
    assertEquals(2, n(write, "EvictionsFired"));
    assertEquals(0, n(write, "PutsFired"));
    RuleBean read = new RuleBean(engine.rule("price"));
    assertFalse(read.isWriteRule());
    assertEquals(0, n(read, "Size"), "evicted by the write rule");
    assertEquals(2, n(read, "Invalidations"));
  }

  @Test
  void stateTellsOnOffAndBroken() {
    RuleBean bean = new RuleBean(engine.rule("price"));
    assertEquals("on", bean.getState());
    bean.setEnabled(false);
    assertEquals("off", bean.getState());
    bean.setEnabled(true);
    // a problem found when a class loaded stopped the rule: it is not "on", whatever its switch
    engine.markBroken(engine.rule("price"));
    assertEquals("broken", bean.getState());
    assertTrue(bean.isEnabled());
  }
}
