package io.methodcache.it;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs each forked scenario once per JDK and shares its result among the test methods that assert
 * on parts of it, so one JVM start serves many small, separately reported assertions.
 */
public final class Scenarios {
  private static final Map<String, ForkResult> RESULTS = new ConcurrentHashMap<>();

  private Scenarios() {}

  public static ForkResult once(String scenario, Jdk jdk, Supplier<ForkResult> fork) {
    jdk.assumePresent();
    String key = scenario + "@" + jdk.home();
    ForkResult result = RESULTS.get(key);
    if (result == null) {
      result = fork.get();
      RESULTS.put(key, result);
    }
    return result;
  }
}
