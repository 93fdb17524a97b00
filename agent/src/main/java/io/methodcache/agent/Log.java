package io.methodcache.agent;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's only output: lines on stderr prefixed {@code methodcache: }. Silent on a healthy
 * start; {@code -Dmethodcache.log=off|error|warn|info|debug} sets the level (default warn).
 * Never java.util.logging: touching it in premain breaks app servers that install their own
 * LogManager (WildFly/JBoss).
 */
public final class Log {
  public enum Level { OFF, ERROR, WARN, INFO, DEBUG }

  private static final int MAX_ONCE_KEYS = 10_000;
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
  private static volatile Level level = parse(System.getProperty("methodcache.log"));
  private static volatile PrintStream out = System.err;

  private Log() {}

  static Level parse(String value) {
    if (value == null || value.isBlank()) {
      return Level.WARN;
    }
    try {
      return Level.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Level.WARN;
    }
  }

  public static boolean enabled(Level l) {
    return l != Level.OFF && l.ordinal() <= level.ordinal();
  }

  public static void error(String message) { write(Level.ERROR, message); }
  public static void warn(String message) { write(Level.WARN, message); }
  public static void info(String message) { write(Level.INFO, message); }
  public static void debug(String message) { write(Level.DEBUG, message); }

  /**
   * Writes the message the first time {@code onceKey} is seen, so a fault that repeats on every
   * call is reported once per cause and rule instead of flooding the app's stderr.
   */
  public static void warnOnce(String onceKey, String message) {
    if (enabled(Level.WARN) && ONCE.size() < MAX_ONCE_KEYS && ONCE.add(onceKey)) {
      write(Level.WARN, message);
    }
  }

  /** As {@link #warnOnce}, at info level: what the agent chose to do, said once. */
  public static void infoOnce(String onceKey, String message) {
    if (enabled(Level.INFO) && ONCE.size() < MAX_ONCE_KEYS && ONCE.add("info|" + onceKey)) {
      write(Level.INFO, message);
    }
  }

  private static void write(Level l, String message) {
    if (enabled(l)) {
      out.println("methodcache: " + message);
    }
  }
}
