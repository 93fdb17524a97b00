package io.methodcache.it.mixed.app;

/**
 * A record whose rule ({@code Money#*}) covers everything it declares: its own methods, the
 * static factory, and the accessors, equals, hashCode and toString the compiler wrote.
 */
public record Money(long cents, String currency) {
  public static Money parse(String text) {
    String[] parts = text.trim().split(" ");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an amount: '" + text + "'");
    }
    return new Money(Math.round(Double.parseDouble(parts[0]) * 100), parts[1]);
  }

  public Money plus(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalStateException(currency + " + " + other.currency);
    }
    return new Money(cents + other.cents, currency);
  }

  public Money times(int factor) {
    return new Money(cents * factor, currency);
  }

  public String format() {
    return String.format("%d.%02d %s", cents / 100, Math.abs(cents % 100), currency);
  }
}
