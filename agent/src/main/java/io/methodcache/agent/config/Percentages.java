package io.methodcache.agent.config;

import java.math.BigDecimal;

/**
 * Percentages as written in a rules file ({@code 10%}, {@code 2.5%}), used for {@code jitter} and
 * {@code refresh-at}.
 */
public final class Percentages {
  private static final BigDecimal MAX = BigDecimal.valueOf(99);
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Percentages() {}

  /**
   * Parses {@code 0%} to {@code 99%} (decimals allowed) into a fraction: {@code 10%} is 0.1.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static double parse(String text) {
    return parse(text, 0, "10%");
  }

  /**
   * Parses {@code minPercent%} to {@code 99%} (decimals allowed) into a fraction.
   *
   * @param example a valid value for the messages, e.g. {@code 80%}
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  static double parse(String text, int minPercent, String example) {
    String range = minPercent + "% to 99%";
    if (text == null || text.trim().isEmpty()) {
      throw new IllegalArgumentException("the percentage is empty; write e.g. " + example);
    }
    String s = text.trim();
    if (!s.endsWith("%")) {
      String hint = "";
      String shown = isNumber(s) && !looksLikeFraction(s) ? s + "%" : example;
      if (looksLikeFraction(s)) {
        hint = " (for a fraction like " + s + " write "
            + new BigDecimal(s).multiply(HUNDRED).stripTrailingZeros().toPlainString() + "%)";
      }
      throw new IllegalArgumentException("'" + s + "' has no '%' — write a percentage such as "
          + shown + hint);
    }
    String number = s.substring(0, s.length() - 1).trim();
    if (number.startsWith("-")) {
      throw new IllegalArgumentException("'" + s + "' is negative; write " + range + ", e.g. "
          + example);
    }
    if (!isNumber(number)) {
      throw new IllegalArgumentException("'" + s + "' is not a number followed by '%'; write e.g."
          + " " + example + " or 2.5%");
    }
    BigDecimal value = new BigDecimal(number);
    if (value.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + s + "' is more than 99%; write " + range + ", e.g. "
          + example);
    }
    if (value.compareTo(BigDecimal.valueOf(minPercent)) < 0) {
      throw new IllegalArgumentException("'" + s + "' is less than " + minPercent + "%; write "
          + range + ", e.g. " + example);
    }
    return value.divide(HUNDRED).doubleValue();
  }

  /** Digits with at most one '.', digits on both sides; short enough to be a plausible percentage. */
  private static boolean isNumber(String s) {
    if (s.isEmpty() || s.length() > 20) {
      return false;
    }
    int dot = s.indexOf('.');
    if (dot != s.lastIndexOf('.') || dot == 0 || dot == s.length() - 1) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  private static boolean looksLikeFraction(String s) {
    return isNumber(s) && s.startsWith("0.");
  }
}
