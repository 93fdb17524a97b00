package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.methodcache.agent.config.KeyTemplate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyRendererTest {
  private final KeyRenderer all = new KeyRenderer(null);

  @Test
  void joinsArgumentsAndEscapesSoDifferentCallsNeverCollide() {
    assertEquals("7,abc", all.render(new Object[] {7L, "abc"}));
    assertNotEquals(all.render(new Object[] {"a,b"}), all.render(new Object[] {"a", "b"}));
    assertNotEquals(all.render(new Object[] {null}), all.render(new Object[] {"null"}));
    assertEquals("[1,2],x", all.render(new Object[] {new int[] {1, 2}, "x"}));
  }

  @Test
  void unorderedSetsAndMapsRenderSortedOrderedOnesInTheirOrder() {
    // a HashSet's iteration order differs between JVMs: sorted, so every JVM renders it alike
    Set<String> hashed = new java.util.HashSet<>(Arrays.asList("b", "a"));
    assertEquals("{a,b}", all.render(new Object[] {hashed}));
    assertEquals("{a,b}", all.render(new Object[] {Set.of("b", "a")}));
    // a set with an order of its own may make the method answer differently: kept
    Set<String> ab = new LinkedHashSet<>(Arrays.asList("a", "b"));
    Set<String> ba = new LinkedHashSet<>(Arrays.asList("b", "a"));
    assertEquals("{a,b}", all.render(new Object[] {ab}));
    assertEquals("{b,a}", all.render(new Object[] {ba}));
    Map<String, Integer> m1 = new HashMap<>(Map.of("y", 2, "x", 1));
    Map<String, Integer> m2 = new TreeMap<>(Map.of("y", 2, "x", 1));
    assertEquals("{x=1,y=2}", all.render(new Object[] {m1}));
    assertEquals("{x=1,y=2}", all.render(new Object[] {m2}));
    // the L1 key of an ordered set renders as its argument does
    Object key = KeyValues.normalize(ba);
    assertEquals("{b,a}", all.renderKey(key));
    assertNotEquals(KeyValues.normalize(ab), key);
    assertEquals(KeyValues.normalize(new java.util.HashSet<>(ab)), KeyValues.normalize(hashed));
  }

  @Test
  void arraysOfDifferentTypesAreDifferentKeys() {
    assertNotEquals(KeyValues.normalize(new Integer[] {1, 2}), KeyValues.normalize(new Object[] {1, 2}));
    assertEquals(KeyValues.normalize(new Integer[] {1, 2}), KeyValues.normalize(new Integer[] {1, 2}));
  }

  @Test
  void templatesKeepLiteralTextAndFollowPropertyPaths() {
    KeyRenderer r = new KeyRenderer(KeyTemplate.parse("{1.name}/{0}"));
    assertEquals("bob/42", r.render(new Object[] {42, new Person("bob")}));
  }

  @Test
  void valuesWithoutTheirOwnToStringAreRefused() {
    KeyException e = assertThrows(KeyException.class, () -> all.render(new Object[] {new Object()}));
    assertEquals(true, e.configuration);
  }

  @Test
  void enumsRenderByName() {
    assertEquals("SECONDS", all.render(new Object[] {java.util.concurrent.TimeUnit.SECONDS}));
    assertEquals("[SECONDS]", all.render(new Object[] {List.of(java.util.concurrent.TimeUnit.SECONDS)}));
  }

  static final class Person {
    private final String name;
    Person(String name) { this.name = name; }
    public String getName() { return name; }
  }
}
