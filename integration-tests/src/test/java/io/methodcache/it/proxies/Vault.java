package io.methodcache.it.proxies;

import java.util.concurrent.atomic.AtomicInteger;

/** The real implementation a Byte Buddy subclass proxy guards. */
public class Vault {
  public static final AtomicInteger BODIES = new AtomicInteger();

  public String secret(long id) {
    BODIES.incrementAndGet();
    return "vault-" + id;
  }
}
