package io.methodcache.it.proxies;

/** The signed-in user of the current thread, as a security context holds it. */
public final class Caller {
  private static final ThreadLocal<String> USER = ThreadLocal.withInitial(() -> "anonymous");

  private Caller() {}

  public static String get() {
    return USER.get();
  }

  public static void set(String user) {
    USER.set(user);
  }

  /** The check every security interceptor of these apps makes. */
  public static void requireAdmin(String what) {
    if (!"admin".equals(get())) {
      throw new SecurityException(get() + " may not read " + what);
    }
  }
}
