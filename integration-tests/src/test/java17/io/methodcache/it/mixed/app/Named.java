package io.methodcache.it.mixed.app;

/** Default methods calling the implementation's abstract one. */
public interface Named {
  String name();

  default String greeting(String other) {
    return "Hello " + other + ", I am " + name();
  }

  default String initials() {
    StringBuilder b = new StringBuilder();
    for (String part : name().split(" ")) {
      b.append(part.charAt(0));
    }
    return b.toString();
  }
}
