package io.methodcache.it.proxies;

/** Implemented only by a JDK dynamic proxy and by a lambda: no class of its own. */
public interface Lookup {
  String find(long id);
}
