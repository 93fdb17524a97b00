package io.methodcache.it.mixed.app;

/** Implemented by an anonymous class, a local class and a lambda. */
public interface Formatter {
  String format(int value);
}
