package io.methodcache.it.mixed.app;

public class Dog extends Animal {
  public Dog(String name) {
    super(name);
  }

  @Override
  public String sound(int times) {
    return name() + ": " + "woof ".repeat(times).trim();
  }
}
