package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.config.SerializationConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SerialAllowListTest {
  private final SerialAllowList list = SerialAllowList.of(List.of("com.shop.**", "org.acme.*", "net.x.Exact$Inner"));

  @Test
  void patterns() {
    assertTrue(list.allows("com.shop.Product"));
    assertTrue(list.allows("com.shop.deep.er.Line$Item"));
    assertFalse(list.allows("com.shopping.Product"));
    assertFalse(list.allows("com.Product"));
    assertTrue(list.allows("org.acme.A"));
    assertTrue(list.allows("org.acme.A$B"));
    assertFalse(list.allows("org.acme.sub.A"));
    assertTrue(list.allows("net.x.Exact$Inner"));
    assertFalse(list.allows("net.x.Exact"));
    assertFalse(list.allows("net.x.Exact$Inner2"));
  }

  @Test
  void jdkDefaults() {
    assertTrue(list.allows("java.lang.Integer"));
    assertTrue(list.allows("java.time.Ser"));
    assertTrue(list.allows("java.time.chrono.Ser"));
    assertTrue(list.allows("java.math.BigDecimal"));
    assertTrue(list.allows("java.util.Collections$UnmodifiableRandomAccessList"));
    assertTrue(list.allows("java.util.ImmutableCollections$ListN"));
    assertFalse(list.allows("java.util.PriorityQueue"));
    assertFalse(list.allows("java.lang.Runtime"));
    assertFalse(list.allows("java.lang.reflect.Proxy"));
    assertFalse(list.allows("javax.management.BadAttributeValueExpException"));
    assertFalse(list.allows("java.math.sub.X"), "java.math is not recursive");
  }

  @Test
  void arrays() {
    assertTrue(list.allows("[I"));
    assertTrue(list.allows("[[J"));
    assertTrue(list.allows("[Ljava.lang.String;"));
    assertTrue(list.allows("[[Lcom.shop.Product;"));
    assertFalse(list.allows("[Lcom.evil.Gadget;"));
    assertFalse(list.allows("[X"));
    assertFalse(list.allows("[L;"));
    assertFalse(list.allows(""));
    assertTrue(list.allows(int[][].class));
    assertTrue(list.allows(String[].class));
    assertFalse(list.allows(Thread[].class));
  }

  @Test
  void malformedPatternsAreRefused() {
    for (String bad : new String[] {"**", "*", ".**", "com.*.x", "", "com..a", "1com.a", "com.**"}) {
      assertThrows(IllegalArgumentException.class, () -> SerialAllowList.of(List.of(bad)), bad);
    }
  }

  /**
   * The rules file's grammar, not one of its own: every pattern the rules file accepts (and so
   * {@code validate}) is read the same way here, {@code *} within a name segment included.
   */
  @Test
  void sameGrammarAsTheRulesFile() {
    SerializationConfig parsed = new SerializationConfig(
        List.of("com.shop.*Dto", "com.shop.**.model.*", "org.acme.Order$*"), null);
    SerialAllowList fromConfig = SerialAllowList.of(parsed);
    for (SerialAllowList l : List.of(fromConfig, SerialAllowList.of(parsed.allow()))) {
      assertTrue(l.allows("com.shop.ProductDto"));
      assertTrue(l.allows("[Lcom.shop.ProductDto;"));
      assertFalse(l.allows("com.shop.Product"));
      assertFalse(l.allows("com.shop.sub.ProductDto"), "'*' stays within one segment");
      assertTrue(l.allows("com.shop.a.b.model.Item"));
      assertTrue(l.allows("org.acme.Order$Line"));
      assertFalse(l.allows("org.acme.Order"));
      for (String name : new String[] {"com.evil.Gadget", "com.shop.x.Y"}) {
        assertEquals(parsed.allows(name), l.allows(name), name);
      }
    }
    assertEquals(parsed.allow(), fromConfig.patterns());
  }
}
