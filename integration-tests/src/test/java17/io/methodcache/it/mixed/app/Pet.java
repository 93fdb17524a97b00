package io.methodcache.it.mixed.app;

/** A record implementing the interface: its accessor is the interface's name(). */
public record Pet(String name, String species) implements Named {
  @Override
  public String greeting(String other) {
    return "Woof " + other + " (" + species + ")";
  }
}
