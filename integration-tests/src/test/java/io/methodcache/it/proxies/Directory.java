package io.methodcache.it.proxies;

/** A bean Spring proxies by its interface: a JDK dynamic proxy with Spring's interceptors. */
public interface Directory {
  String lookup(long id);
}
