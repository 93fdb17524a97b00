package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** Issue 9's first reproduction: the result depends on the record it is called on. */
public record Rate(double factor) {
  public double apply(double x) {
    Bodies.ran("rate");
    return factor * x;
  }
}
