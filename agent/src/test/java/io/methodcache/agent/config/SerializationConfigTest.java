package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SerializationConfigTest {

  private static SerializationConfig allow(String... patterns) {
    return new SerializationConfig(List.of(patterns), null);
  }

  @ParameterizedTest
  @CsvSource({
      "com.shop.**, com.shop.Product, true",
      "com.shop.**, com.shop.model.deep.Product, true",
      "com.shop.**, com.shop.Outer$Inner, true",
      "com.shop.**, com.shop, false",
      "com.shop.**, com.shopping.Product, false",
      "com.shop.*, com.shop.Product, true",
      "com.shop.*, com.shop.Outer$Inner, true",
      "com.shop.*, com.shop.model.Product, false",
      "com.shop.*Dto, com.shop.PriceDto, true",
      "com.shop.*Dto, com.shop.PriceDtoX, false",
      "com.shop.model.Product, com.shop.model.Product, true",
      "com.shop.model.Product, com.shop.model.Product$Builder, false",
      "com.shop.model.Product, com.shop.model.ProductX, false",
      "com.shop.**.Dto, com.shop.Dto, true",
      "com.shop.**.Dto, com.shop.a.b.Dto, true",
      "com.shop.**.Dto, com.shop.a.b.Dtos, false"})
  void matching(String pattern, String className, boolean allowed) {
    assertEquals(allowed, allow(pattern).allows(className), pattern + " vs " + className);
  }

  @Test
  void arraysAreJudgedByTheirElementClass() {
    SerializationConfig s = allow("com.shop.**");
    assertTrue(s.allows("[Lcom.shop.Product;"));
    assertTrue(s.allows("[[Lcom.shop.Product;"));
    assertTrue(s.allows("com.shop.Product[]"));
    assertFalse(s.allows("[Ljava.lang.Runtime;"));
    assertFalse(s.allows("[I"), "primitive arrays are the codec's JDK list's business");
    assertFalse(s.allows("[L;"));
    assertFalse(s.allows("[]"));
    assertFalse(s.allows(""));
    assertFalse(s.allows(null));
  }

  @Test
  void anyPatternMayAllow() {
    SerializationConfig s = allow("com.shop.model.Product", "org.acme.dto.**");
    assertTrue(s.allows("com.shop.model.Product"));
    assertTrue(s.allows("org.acme.dto.X"));
    assertFalse(s.allows("org.acme.X"));
    assertFalse(SerializationConfig.none().allows("com.shop.model.Product"));
  }

  @Test
  void broadPatternsAreRefused() {
    for (String p : List.of("**", "*", "com.**", "com.*", "c*.shop.**", "com.sh*.X", "*.shop.X")) {
      String e = assertThrows(IllegalArgumentException.class, () -> allow(p), p).getMessage();
      assertTrue(e.contains("deserialization gadgets included; name at least two package levels"
          + " before a wildcard"), e);
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> allow("org.**")).getMessage()
        .endsWith("e.g. org.shop.**"));
  }

  @Test
  void malformedPatterns() {
    assertTrue(SerializationConfig.checkPatternMessage("").startsWith("the pattern is empty"));
    assertTrue(SerializationConfig.checkPatternMessage("com.shop.Repo+")
        .startsWith("'com.shop.Repo+' is not a class pattern"));
    assertTrue(SerializationConfig.checkPatternMessage("com.shop.**.**.X")
        .startsWith("pattern 'com.shop.**.**.X' repeats '**'"));
    assertTrue(SerializationConfig.checkPatternMessage("com.shop.a**b")
        .startsWith("pattern 'com.shop.a**b' has '**' inside the segment"));
    assertTrue(SerializationConfig.checkPatternMessage("com.shop.1x")
        .startsWith("pattern 'com.shop.1x' has '1' at position 1"));
    assertTrue(SerializationConfig.checkPatternMessage("com.shop.List<X>")
        .startsWith("pattern 'com.shop.List<X>' has type arguments"));
  }
}
