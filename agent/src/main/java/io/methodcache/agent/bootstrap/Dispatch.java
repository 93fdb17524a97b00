package io.methodcache.agent.bootstrap;

import java.util.Map;

/**
 * The bridge between inlined advice and the engine. Advice in any class loader refers to this
 * class by name, so it lives where every such loader can resolve it (the system class path, or
 * the boot class path with {@code -Dmethodcache.bridge=boot}) and refers only to bridge and JDK
 * types. The engine installs itself once; until then every call runs its body.
 */
public final class Dispatch {
  private static volatile Dispatcher dispatcher = Dispatcher.NOOP;
  private static volatile Control control = Control.NONE;

  private Dispatch() {}

  public static void install(Dispatcher d, Control c) {
    dispatcher = d;
    control = c;
  }

  public static Object enter0(int site, Object self) {
    return dispatcher.enter0(site, self);
  }

  public static Object enter1(int site, Object self, Object a0) {
    return dispatcher.enter1(site, self, a0);
  }

  public static Object enter2(int site, Object self, Object a0, Object a1) {
    return dispatcher.enter2(site, self, a0, a1);
  }

  public static Object enter3(int site, Object self, Object a0, Object a1, Object a2) {
    return dispatcher.enter3(site, self, a0, a1, a2);
  }

  public static Object enterN(int site, Object self, Object[] args) {
    return dispatcher.enterN(site, self, args);
  }

  public static Object exit(Object state, Object returned, Throwable thrown) {
    return dispatcher.exit(state, returned, thrown);
  }

  // ---- reached reflectively by io.methodcache.api.MethodCache (any class loader) ----

  public static boolean isActive() {
    return control != Control.NONE;
  }

  public static boolean invalidateAll(String rule) {
    return control.invalidateAll(rule);
  }

  public static boolean invalidate(String rule, Object[] args) {
    return control.invalidate(rule, args);
  }

  public static boolean invalidateTag(String tag) {
    return control.invalidateTag(tag);
  }

  public static Map<String, Number> stats(String rule) {
    return control.stats(rule);
  }
}
