package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Durations.parse(text)).getMessage();
  }

  @ParameterizedTest
  @CsvSource({
      "500ms, 500",
      "30s, 30000",
      "5m, 300000",
      "2h, 7200000",
      "1d, 86400000",
      "1m30s, 90000",
      "1d2h3m4s5ms, 93784005",
      "' 10s ', 10000",
      "0s, 0",
      "90s, 90000",
  })
  void parses(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), Durations.parse(text));
  }

  @Test
  void missingUnit() {
    assertEquals("'30' has no unit — write 30s (units: ms, s, m, h, d)", error("30"));
    assertTrue(error("1m30").contains("write 1m30s"));
  }

  @Test
  void negative() {
    String m = error("-5s");
    assertTrue(m.contains("'-5s' is negative"), m);
    assertTrue(m.contains("e.g. 5s"), m);
  }

  @Test
  void unknownUnits() {
    String m = error("5x");
    assertTrue(m.contains("unknown unit 'x'"), m);
    assertTrue(m.contains("use ms, s, m, h or d, e.g. 5m"), m);
    assertTrue(error("5min").contains("write 5m"));
    assertTrue(error("10sec").contains("write 10s"));
    assertTrue(error("2hours").contains("write 2h"));
    assertTrue(error("5M").contains("units are lower case — write 5m"));
    assertTrue(error("5us").contains("the smallest unit is ms"));
  }

  @Test
  void otherMistakes() {
    assertTrue(error("").contains("empty"));
    assertTrue(error(null).contains("empty"));
    assertTrue(error("1.5h").contains("fraction"));
    assertTrue(error("1.5h").contains("1m30s or 90s"));
    assertTrue(error("5 m").contains("contains a space; write it without one, e.g. 5m"));
    assertTrue(error("m5").contains("not a duration"));
    assertTrue(error("lots").contains("e.g. 30s"));
    assertTrue(error("30s1m").contains("write the largest unit first"));
    assertTrue(error("1m1m").contains("repeats a unit"));
    assertTrue(error("+5s").contains("e.g. 5s"));
    assertTrue(error("99999999999999999999d").contains("too large"));
    assertTrue(error("9999999999999999d").contains("too large"));
  }

  @Test
  void formatRoundTrips() {
    for (String s : new String[] {"500ms", "30s", "5m", "2h", "1d", "1m30s", "1d2h3m4s5ms"}) {
      assertEquals(s, Durations.format(Durations.parse(s)));
    }
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
  }
}
