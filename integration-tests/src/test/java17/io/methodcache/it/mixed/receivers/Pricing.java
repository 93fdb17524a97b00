package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** A service that compares by identity, usually a singleton; each instance has its own margin. */
public final class Pricing {
  private final double margin;

  public Pricing(double margin) {
    this.margin = margin;
  }

  public double price(double cost) {
    Bodies.ran("pricing");
    return cost + margin;
  }
}
