package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyNamesTest {
  private static final List<String> KEYS = RuleSetting.keys();

  @Test
  void nearTyposAreSuggested() {
    assertEquals("ttl", KeyNames.nearest("tll", KEYS));
    assertEquals("ttl", KeyNames.nearest("tt", KEYS));
    assertEquals("jitter", KeyNames.nearest("jiter", KEYS));
    assertEquals("max-entries", KeyNames.nearest("maxEntries", KEYS));
    assertEquals("max-entries", KeyNames.nearest("max_entries", KEYS));
    assertEquals("max-entries", KeyNames.nearest("max-entires", KEYS));
    assertEquals("stampede-timeout", KeyNames.nearest("stampedeTimeout", KEYS));
    assertEquals("cache-nulls", KeyNames.nearest("cache-null", KEYS));
    assertEquals("method", KeyNames.nearest("methdo", KEYS));
  }

  @Test
  void farKeysAreNot() {
    assertNull(KeyNames.nearest("colour", KEYS));
    assertNull(KeyNames.nearest("x", KEYS));
    assertNull(KeyNames.nearest("a-very-long-key-that-matches-nothing-at-all", KEYS));
  }

  @Test
  void distanceCountsASwapAsOneEdit() {
    assertEquals(1, KeyNames.distance("ab", "ba"));
    assertEquals(0, KeyNames.distance("ttl", "ttl"));
    assertEquals(3, KeyNames.distance("", "ttl"));
  }
}
