package io.methodcache.agent.bootstrap;

/**
 * What enter advice returns when the method's body must be skipped: the advice's
 * {@code skipOn = Hit.class} is a single instance check. Cached entries extend this class, so a
 * hit allocates nothing; a cached {@code null} is a Hit whose value is null, never a Java null.
 */
public class Hit {
  /** The value the method returns instead of running its body (boxed for primitive results). */
  public final Object value;
  /**
   * Non-null when the call must throw this instead (a stampede waiter given its leader's
   * throwable); the exit advice throws it as the method's own.
   */
  public final Throwable thrown;

  public Hit(Object value) {
    this.value = value;
    this.thrown = null;
  }

  protected Hit(Throwable thrown) {
    this.value = null;
    this.thrown = thrown;
  }
}
