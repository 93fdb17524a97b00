package io.methodcache.it.mixed.app;

/** A base class whose subclasses override, one of them calling super for the same argument. */
public class Animal {
  private final String name;

  public Animal(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public String sound(int times) {
    return name + ": " + "...".repeat(times);
  }
}
