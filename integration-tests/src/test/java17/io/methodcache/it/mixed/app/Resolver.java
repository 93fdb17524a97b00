package io.methodcache.it.mixed.app;

/** Package-private: a JDK proxy for it is defined in this very package. */
interface Resolver {
  String resolve(String name);

  int weight(String name);
}
