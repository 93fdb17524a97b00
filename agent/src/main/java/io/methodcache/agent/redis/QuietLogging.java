package io.methodcache.agent.redis;

import io.lettuce.core.resource.ClientResources;
import io.methodcache.agent.Log;
import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes the logging of the relocated Netty, Reactor, Lettuce and SLF4J copies into {@link Log} at
 * debug level, and forces Lettuce onto NIO. Must run before any of their classes is initialised:
 * their loggers are static fields bound on first use, and left alone they would
 * <ul>
 *   <li>fall back to java.util.logging (touching JUL from an agent breaks app servers that install
 *       their own LogManager),</li>
 *   <li>let the relocated SLF4J print its "no binding" banner on stderr (a healthy start must be
 *       silent),</li>
 *   <li>print one warning per failed reconnect during a Redis outage; the L2 client summarises an
 *       outage itself in one line when it starts and one when it ends.</li>
 * </ul>
 * Idempotent and never throws.
 */
public final class QuietLogging {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private QuietLogging() {}

  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    silenceSlf4j();
    try {
      InternalLoggerFactory.setDefaultFactory(new NettyFactory());
    } catch (Throwable t) {
      Log.debug("redis: could not install the Netty logger: " + t);
    }
    try {
      // Loggers' static initialiser probes SLF4J first; silenceSlf4j() made that probe quiet.
      reactor.util.Loggers.useCustomLoggers(ReactorLogger::new);
    } catch (Throwable t) {
      Log.debug("redis: could not install the Reactor logger: " + t);
    }
    forceNio();
  }

  /**
   * The relocated SLF4J has no binding (nothing is, or may be, shipped for it); on first use it
   * prints a three-line banner on stderr. Marking it as already initialised in its no-operation
   * fallback state (what it would end in anyway) skips the banner. Works for SLF4J 1.7 and 2.x,
   * which both keep that state in a static INITIALIZATION_STATE field (4 = NOP fallback).
   */
  private static void silenceSlf4j() {
    try {
      Class<?> factory = org.slf4j.LoggerFactory.class;
      Field state = factory.getDeclaredField("INITIALIZATION_STATE");
      Field nop = factory.getDeclaredField("NOP_FALLBACK_INITIALIZATION");
      state.setAccessible(true);
      nop.setAccessible(true);
      synchronized (factory) { // the lock SLF4J itself takes around its initialisation
        if (state.getInt(null) == 0) {
          state.setInt(null, nop.getInt(null));
        }
      }
    } catch (Throwable t) {
      // SLF4J absent or changed shape: nothing to silence, or nothing we can do.
      Log.debug("redis: SLF4J not silenced: " + t);
    }
  }

  /**
   * Lettuce picks epoll/kqueue/io_uring when their classes are present; none is shipped (native
   * transports do not work relocated), but a stray copy on the class path must not be picked
   * either. The property names are derived from the (possibly relocated) package, so the
   * application's own Lettuce, if any, is not affected.
   */
  private static void forceNio() {
    try {
      String resources = ClientResources.class.getName(); // ...io.lettuce.core.resource.ClientResources
      String core = resources.substring(0, resources.length() - ".resource.ClientResources".length());
      for (String transport : new String[] {"epoll", "kqueue", "iouring"}) {
        String key = core + "." + transport;
        if (System.getProperty(key) == null) {
          System.setProperty(key, "false");
        }
      }
    } catch (Throwable t) {
      Log.debug("redis: could not force NIO: " + t);
    }
  }

  /** Formats SLF4J-style "{}" placeholders; a trailing Throwable argument is appended. */
  static String format(String pattern, Object... args) {
    if (pattern == null) {
      pattern = "null";
    }
    if (args == null || args.length == 0) {
      return pattern;
    }
    StringBuilder sb = new StringBuilder(pattern.length() + 32);
    int argIndex = 0;
    int from = 0;
    int at;
    while (argIndex < args.length && (at = pattern.indexOf("{}", from)) >= 0) {
      sb.append(pattern, from, at).append(String.valueOf(args[argIndex++]));
      from = at + 2;
    }
    sb.append(pattern, from, pattern.length());
    Object last = args[args.length - 1];
    if (argIndex < args.length && last instanceof Throwable) {
      sb.append(": ").append(last);
    }
    return sb.toString();
  }

  private static void emit(String name, String level, String message, Throwable t) {
    if (Log.enabled(Log.Level.DEBUG)) {
      Log.debug("redis [" + level + " " + name + "] " + message + (t == null ? "" : ": " + t));
    }
  }

  private static boolean on() {
    return Log.enabled(Log.Level.DEBUG);
  }

  /** Netty and Lettuce: warn and error go to Log.debug; trace, debug and info are dropped. */
  static final class NettyFactory extends InternalLoggerFactory {
    @Override
    protected InternalLogger newInstance(String name) {
      return new NettyLogger(name);
    }
  }

  static final class NettyLogger extends AbstractInternalLogger {
    private static final long serialVersionUID = 1L;

    NettyLogger(String name) {
      super(name);
    }

    private void out(String level, String msg, Throwable t) { emit(name(), level, msg, t); }

    @Override public boolean isTraceEnabled() { return false; }
    @Override public void trace(String msg) {}
    @Override public void trace(String format, Object arg) {}
    @Override public void trace(String format, Object argA, Object argB) {}
    @Override public void trace(String format, Object... arguments) {}
    @Override public void trace(String msg, Throwable t) {}

    @Override public boolean isDebugEnabled() { return false; }
    @Override public void debug(String msg) {}
    @Override public void debug(String format, Object arg) {}
    @Override public void debug(String format, Object argA, Object argB) {}
    @Override public void debug(String format, Object... arguments) {}
    @Override public void debug(String msg, Throwable t) {}

    @Override public boolean isInfoEnabled() { return false; }
    @Override public void info(String msg) {}
    @Override public void info(String format, Object arg) {}
    @Override public void info(String format, Object argA, Object argB) {}
    @Override public void info(String format, Object... arguments) {}
    @Override public void info(String msg, Throwable t) {}

    @Override public boolean isWarnEnabled() { return on(); }
    @Override public void warn(String msg) { if (on()) out("warn", msg, null); }
    @Override public void warn(String format, Object arg) { if (on()) out("warn", format(format, arg), null); }
    @Override public void warn(String format, Object a, Object b) { if (on()) out("warn", format(format, a, b), null); }
    @Override public void warn(String format, Object... args) { if (on()) out("warn", format(format, args), null); }
    @Override public void warn(String msg, Throwable t) { if (on()) out("warn", msg, t); }

    @Override public boolean isErrorEnabled() { return on(); }
    @Override public void error(String msg) { if (on()) out("error", msg, null); }
    @Override public void error(String format, Object arg) { if (on()) out("error", format(format, arg), null); }
    @Override public void error(String format, Object a, Object b) { if (on()) out("error", format(format, a, b), null); }
    @Override public void error(String format, Object... args) { if (on()) out("error", format(format, args), null); }
    @Override public void error(String msg, Throwable t) { if (on()) out("error", msg, t); }
  }

  /** Reactor: same policy as for Netty. */
  static final class ReactorLogger implements reactor.util.Logger {
    private final String name;

    ReactorLogger(String name) {
      this.name = name;
    }

    private void out(String level, String msg, Throwable t) { emit(name, level, msg, t); }

    @Override public String getName() { return name; }

    @Override public boolean isTraceEnabled() { return false; }
    @Override public void trace(String msg) {}
    @Override public void trace(String format, Object... arguments) {}
    @Override public void trace(String msg, Throwable t) {}

    @Override public boolean isDebugEnabled() { return false; }
    @Override public void debug(String msg) {}
    @Override public void debug(String format, Object... arguments) {}
    @Override public void debug(String msg, Throwable t) {}

    @Override public boolean isInfoEnabled() { return false; }
    @Override public void info(String msg) {}
    @Override public void info(String format, Object... arguments) {}
    @Override public void info(String msg, Throwable t) {}

    @Override public boolean isWarnEnabled() { return on(); }
    @Override public void warn(String msg) { if (on()) out("warn", msg, null); }
    @Override public void warn(String format, Object... args) { if (on()) out("warn", format(format, args), null); }
    @Override public void warn(String msg, Throwable t) { if (on()) out("warn", msg, t); }

    @Override public boolean isErrorEnabled() { return on(); }
    @Override public void error(String msg) { if (on()) out("error", msg, null); }
    @Override public void error(String format, Object... args) { if (on()) out("error", format(format, args), null); }
    @Override public void error(String msg, Throwable t) { if (on()) out("error", msg, t); }
  }
}
