package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/**
 * Cached with {@code receiver: ignore}: the rule says every instance answers alike, so they share
 * entries, even when (as here, to make the sharing visible) they would not.
 */
public final class Greeter {
  private final String salutation;

  public Greeter(String salutation) {
    this.salutation = salutation;
  }

  public String greet(String who) {
    Bodies.ran("greet");
    return salutation + " " + who;
  }
}
