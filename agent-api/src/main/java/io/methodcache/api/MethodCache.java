package io.methodcache.api;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;

/**
 * Optional facade for applications that want to invalidate or inspect methodcache's caches from
 * code. Every method is a no-op (or returns an empty answer) when the agent is not attached, so an
 * application can depend on this jar unconditionally.
 *
 * <p>The agent is found by class name through the system class loader (and the boot loader), not
 * through this class's own loader: a web application that bundles its own copy of this jar in a
 * child-first class loader still reaches the one agent of the JVM.
 */
public final class MethodCache {
  private static final String BRIDGE = "io.methodcache.agent.bootstrap.Dispatch";
  private static final Bridge BRIDGE_HANDLES = Bridge.find();

  private MethodCache() {}

  /** True when the agent is attached and has installed its engine. */
  public static boolean isActive() {
    Bridge b = BRIDGE_HANDLES;
    if (b == null) {
      return false;
    }
    try {
      return (boolean) b.isActive.invokeExact();
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Drops every cached entry of the rule. Returns false when the agent is absent or has no rule
   * of that name.
   */
  public static boolean invalidateAll(String rule) {
    Bridge b = BRIDGE_HANDLES;
    if (b == null) {
      return false;
    }
    try {
      return (boolean) b.invalidateAll.invokeExact(rule);
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Drops the entry that a call with these arguments would use (the rule's key is computed from
   * them exactly as for a call). Returns false when the agent is absent or has no such rule.
   */
  public static boolean invalidate(String rule, Object... args) {
    Bridge b = BRIDGE_HANDLES;
    if (b == null) {
      return false;
    }
    try {
      return (boolean) b.invalidate.invokeExact(rule, args);
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Drops every entry carrying this tag, as rules' {@code tags:} render it (e.g.
   * {@code "product:42"}), in every rule, tier and JVM. Returns false when the agent is absent (or
   * too old to know tags) or no rule has tags.
   */
  public static boolean invalidateTag(String tag) {
    Bridge b = BRIDGE_HANDLES;
    if (b == null || b.invalidateTag == null) {
      return false;
    }
    try {
      return (boolean) b.invalidateTag.invokeExact(tag);
    } catch (Throwable t) {
      return false;
    }
  }

  /** The rule's figures (hits, misses, loads, size, …); empty when unknown or without the agent. */
  public static Map<String, Number> stats(String rule) {
    Bridge b = BRIDGE_HANDLES;
    if (b == null) {
      return Collections.emptyMap();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Number> m = (Map<String, Number>) b.stats.invokeExact(rule);
      return m == null ? Collections.<String, Number>emptyMap() : m;
    } catch (Throwable t) {
      return Collections.emptyMap();
    }
  }

  /** Method handles on the agent's bridge, looked up once. */
  private static final class Bridge {
    final MethodHandle isActive;
    final MethodHandle invalidateAll;
    final MethodHandle invalidate;
    final MethodHandle stats;
    /** Null with an agent from before tags. */
    final MethodHandle invalidateTag;

    private Bridge(Class<?> dispatch) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      isActive = lookup.findStatic(dispatch, "isActive", MethodType.methodType(boolean.class));
      invalidateAll = lookup.findStatic(dispatch, "invalidateAll",
          MethodType.methodType(boolean.class, String.class));
      invalidate = lookup.findStatic(dispatch, "invalidate",
          MethodType.methodType(boolean.class, String.class, Object[].class));
      stats = lookup.findStatic(dispatch, "stats", MethodType.methodType(Map.class, String.class));
      invalidateTag = optional(lookup, dispatch, "invalidateTag",
          MethodType.methodType(boolean.class, String.class));
    }

    private static MethodHandle optional(MethodHandles.Lookup lookup, Class<?> dispatch,
        String name, MethodType type) {
      try {
        return lookup.findStatic(dispatch, name, type);
      } catch (ReflectiveOperationException older) {
        return null;
      }
    }

    static Bridge find() {
      for (ClassLoader loader : new ClassLoader[] {null, ClassLoader.getSystemClassLoader()}) {
        try {
          return new Bridge(Class.forName(BRIDGE, false, loader));
        } catch (Throwable absent) {
          // not on this loader: try the next one
        }
      }
      return null;
    }
  }
}
