package io.methodcache.it.proxies;

/**
 * Package-private, so its JDK proxy class is defined in this package (not in a jdk.proxyN
 * module): the other way a proxy class is named.
 */
interface LocalLookup {
  String find(long id);
}
