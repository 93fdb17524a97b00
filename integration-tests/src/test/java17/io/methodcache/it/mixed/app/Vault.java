package io.methodcache.it.mixed.app;

/** Package-private, so its JDK proxy is defined in this package; the proxy checks the caller. */
interface Vault {
  String secret(String name);
}
