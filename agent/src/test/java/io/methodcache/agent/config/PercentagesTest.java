package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentagesTest {

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Percentages.parse(text)).getMessage();
  }

  @ParameterizedTest
  @CsvSource({"0%, 0", "10%, 0.1", "2.5%, 0.025", "99%, 0.99", "' 5 % ', 0.05", "50.0%, 0.5"})
  void parses(String text, double fraction) {
    assertEquals(fraction, Percentages.parse(text), 1e-12);
  }

  @Test
  void rejects() {
    assertTrue(error("10").contains("'10' has no '%' — write a percentage such as 10%"));
    assertTrue(error("0.1").contains("for a fraction like 0.1 write 10%"));
    assertTrue(error("-5%").contains("negative"));
    assertTrue(error("100%").contains("more than 99%"));
    assertTrue(error("99.5%").contains("more than 99%"));
    assertTrue(error("ten%").contains("not a number"));
    assertTrue(error("1.2.3%").contains("not a number"));
    assertTrue(error(".5%").contains("not a number"));
    assertTrue(error("%").contains("not a number"));
    assertTrue(error("").contains("empty"));
    assertTrue(error(null).contains("empty"));
  }

  @Test
  void aMinimumForRefreshAt() {
    assertEquals(0.01, Percentages.parse("1%", 1, "80%"), 1e-12);
    assertEquals(0.99, Percentages.parse("99%", 1, "80%"), 1e-12);
    String low = assertThrows(IllegalArgumentException.class,
        () -> Percentages.parse("0.5%", 1, "80%")).getMessage();
    assertEquals("'0.5%' is less than 1%; write 1% to 99%, e.g. 80%", low);
    String high = assertThrows(IllegalArgumentException.class,
        () -> Percentages.parse("100%", 1, "80%")).getMessage();
    assertEquals("'100%' is more than 99%; write 1% to 99%, e.g. 80%", high);
    String fraction = assertThrows(IllegalArgumentException.class,
        () -> Percentages.parse("0.75", 1, "80%")).getMessage();
    assertEquals("'0.75' has no '%' — write a percentage such as 80% (for a fraction like 0.75"
        + " write 75%)", fraction);
  }
}
