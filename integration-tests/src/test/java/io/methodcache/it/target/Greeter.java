package io.methodcache.it.target;

/** The healthy app's service: one method to cache, one for a second rule, a void method. */
public class Greeter {
  public String greet(String name) {
    Bodies.ran("greet");
    return "Hello, " + name + "!";
  }

  public String shout(String name) {
    Bodies.ran("shout");
    return name.toUpperCase() + "!";
  }

  public String wave(String name) {
    Bodies.ran("wave");
    return "~" + name;
  }

  public void touch(String name) {
    Bodies.ran("touch");
  }
}
