package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    for (String bad : new String[] {"**", "*", ".**", "com.*.x", "", "com..a", "com.shop.**.x", "1com.a"}) {
      assertThrows(IllegalArgumentException.class, () -> SerialAllowList.of(List.of(bad)), bad);
    }
  }
}
