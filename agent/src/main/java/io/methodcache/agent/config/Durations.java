package io.methodcache.agent.config;

import java.time.Duration;
import java.util.Map;

/**
 * Durations as written in a rules file: whole amounts with a unit, {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1d}, or a combination from the largest unit down, {@code 1m30s}.
 * Whether zero is acceptable is the caller's decision (every current setting requires more).
 */
public final class Durations {
  /** Units from largest to smallest; a combination must follow this order. */
  private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
  private static final Duration[] UNIT_LENGTHS = {
      Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
      Duration.ofMillis(1)};

  /** Spellings people reach for, mapped to the unit they meant. */
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("sec", "s"), Map.entry("secs", "s"), Map.entry("second", "s"),
      Map.entry("seconds", "s"), Map.entry("min", "m"), Map.entry("mins", "m"),
      Map.entry("minute", "m"), Map.entry("minutes", "m"), Map.entry("hr", "h"),
      Map.entry("hrs", "h"), Map.entry("hour", "h"), Map.entry("hours", "h"),
      Map.entry("day", "d"), Map.entry("days", "d"), Map.entry("msec", "ms"),
      Map.entry("millis", "ms"), Map.entry("milliseconds", "ms"));

  private Durations() {}

  /**
   * Parses a duration of zero or more.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static Duration parse(String text) {
    if (text == null || text.trim().isEmpty()) {
      throw new IllegalArgumentException("the duration is empty; write an amount and a unit,"
          + " e.g. 30s");
    }
    String s = text.trim();
    if (s.startsWith("-")) {
      throw new IllegalArgumentException("'" + s + "' is negative; a duration is a positive"
          + " amount, e.g. " + s.substring(1).trim());
    }
    if (s.startsWith("+")) {
      throw new IllegalArgumentException("'" + s + "' has a sign; write just the amount and unit,"
          + " e.g. " + s.substring(1).trim());
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        throw new IllegalArgumentException("'" + s + "' contains a space; write it without one,"
            + " e.g. " + s.replaceAll("\\s+", ""));
      }
    }
    Duration total = Duration.ZERO;
    int previousUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == numberStart) {
        throw new IllegalArgumentException("'" + s + "' is not a duration; write a whole number"
            + " and a unit (ms, s, m, h, d), e.g. 30s or 1m30s");
      }
      String number = s.substring(numberStart, i);
      if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        throw new IllegalArgumentException("'" + s + "' has a fraction; use whole numbers with a"
            + " smaller unit, e.g. 1m30s or 90s instead of 1.5m");
      }
      int unitStart = i;
      while (i < s.length() && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("'" + s + "' has no unit — write " + s + "s"
            + " (units: ms, s, m, h, d)");
      }
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException("'" + s + "' has an unknown unit '" + unit + "'; "
            + unitHint(unit, number));
      }
      if (u <= previousUnit) {
        throw new IllegalArgumentException("'" + s + "' repeats a unit or lists units out of"
            + " order; write the largest unit first, each once, e.g. 1h30m or 1m30s");
      }
      previousUnit = u;
      try {
        long amount = Long.parseLong(number);
        total = total.plus(UNIT_LENGTHS[u].multipliedBy(amount));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + s + "' is too large; use a smaller amount, e.g."
            + " 365d");
      }
    }
    return total;
  }

  /** The shortest rendering {@link #parse} accepts back, e.g. {@code 1m30s}; for messages. */
  public static String format(Duration duration) {
    if (duration == null || duration.isNegative()) {
      return String.valueOf(duration);
    }
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    Duration rest = duration.withNanos(duration.getNano() / 1_000_000 * 1_000_000);
    for (int u = 0; u < UNITS.length; u++) {
      long amount = rest.dividedBy(UNIT_LENGTHS[u]);
      if (amount > 0) {
        out.append(amount).append(UNITS[u]);
        rest = rest.minus(UNIT_LENGTHS[u].multipliedBy(amount));
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static int unitIndex(String unit) {
    for (int u = 0; u < UNITS.length; u++) {
      if (UNITS[u].equals(unit)) {
        return u;
      }
    }
    return -1;
  }

  private static String unitHint(String unit, String number) {
    String lower = unit.toLowerCase(java.util.Locale.ROOT);
    if (unitIndex(lower) >= 0) {
      return "units are lower case — write " + number + lower;
    }
    String meant = SYNONYMS.get(lower);
    if (meant != null) {
      return "write " + number + meant;
    }
    if (lower.equals("us") || lower.equals("µs") || lower.equals("ns")) {
      return "the smallest unit is ms, e.g. 1ms";
    }
    return "use ms, s, m, h or d, e.g. " + number + "m";
  }
}
