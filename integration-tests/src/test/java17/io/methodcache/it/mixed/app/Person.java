package io.methodcache.it.mixed.app;

/** Compares by identity; each person has a name of their own. */
public class Person implements Named {
  private final String name;

  public Person(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }
}
