package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** Each constant answers differently for the same argument. */
public enum Tax {
  LOW(0.05), HIGH(0.2);

  private final double rate;

  Tax(double rate) {
    this.rate = rate;
  }

  public double of(double amount) {
    Bodies.ran("tax");
    return rate * amount;
  }
}
