package io.methodcache.it.mixed.app;

public class Puppy extends Dog {
  public Puppy(String name) {
    super(name);
  }

  @Override
  public String sound(int times) {
    return super.sound(times) + " (tiny)";
  }
}
