package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
  private static final Map<String, String> ENV =
      Map.of("SHOP_TTL", "7m", "EMPTY", "", "NESTED", "${SHOP_TTL}", "A", "x");

  private static String apply(String text) {
    return EnvSubstitution.apply(text, ENV::get, "5m");
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> apply(text)).getMessage();
  }

  @Test
  void substitutes() {
    assertEquals("7m", apply("${SHOP_TTL}"));
    assertEquals("ttl=7m!", apply("ttl=${SHOP_TTL}!"));
    assertEquals("x-x", apply("${A}-${A}"));
    assertEquals("no dollar", apply("no dollar"));
    assertEquals("$5 and $ and $$", apply("$5 and $ and $$"));
  }

  @Test
  void defaults() {
    assertEquals("5m", apply("${UNSET:-5m}"));
    assertEquals("7m", apply("${SHOP_TTL:-5m}"));
    assertEquals("", apply("${UNSET:-}"));
    assertEquals("5m", apply("${EMPTY:-5m}"), "like the shell, ':-' also replaces an empty value");
    assertEquals("", apply("${EMPTY}"));
    assertEquals("a:-b", apply("${UNSET:-a:-b}"));
  }

  @Test
  void escapedDollarBraceIsLiteral() {
    assertEquals("${SHOP_TTL}", apply("$${SHOP_TTL}"));
    assertEquals("${x} 7m", apply("$${x} ${SHOP_TTL}"));
  }

  @Test
  void notRecursive() {
    assertEquals("${SHOP_TTL}", apply("${NESTED}"));
  }

  @Test
  void unsetWithoutDefault() {
    assertEquals("environment variable SHOP_PORT is not set and has no default; write"
        + " ${SHOP_PORT:-5m} or set it", error("${SHOP_PORT}"));
  }

  @Test
  void malformed() {
    assertTrue(error("a${SHOP_TTL").contains("'${' at position 2 is not closed"));
    assertTrue(error("${}").contains("not a valid environment variable reference"));
    assertTrue(error("${1X}").contains("not a valid"));
    assertTrue(error("${A B}").contains("not a valid"));
    assertTrue(error("${A-B}").contains("e.g. ${SHOP_TTL:-5m}"));
  }

  @Test
  void failingLookupCountsAsUnset() {
    Function<String, String> broken = k -> {
      throw new SecurityException("no");
    };
    assertEquals("d", EnvSubstitution.apply("${X:-d}", broken, "5m"));
    assertEquals("d", EnvSubstitution.apply("${X:-d}", null, "5m"));
  }
}
