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
  /** How often a facade without an agent looks for one again (an agent may be attached later). */
  private static final long LOOK_AGAIN_NANOS = 1_000_000_000L;
  private static volatile Bridge bridge = Bridge.find();
  private static volatile long nextLookNanos = System.nanoTime() + LOOK_AGAIN_NANOS;

  private MethodCache() {}

  /**
   * The agent's bridge, or null. Without one, the look-up is repeated at most once a second, so
   * an agent attached to the running JVM is found even when this class was used before it
   * arrived (the agent also calls {@link #agentArrived} on attach, so that happens at once).
   */
  private static Bridge bridge() {
    Bridge b = bridge;
    if (b == null) {
      long now = System.nanoTime();
      if (now - nextLookNanos >= 0) {
        nextLookNanos = now + LOOK_AGAIN_NANOS;
        b = Bridge.find();
        bridge = b;
      }
    }
    return b;
  }

  /** Called reflectively by the agent when it is attached to a JVM already running. */
  @SuppressWarnings("unused")
  private static void agentArrived() {
    bridge = Bridge.find();
  }

  /** True when the agent is attached and has installed its engine. */
  public static boolean isActive() {
    Bridge b = bridge();
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
    Bridge b = bridge();
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
    Bridge b = bridge();
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
    Bridge b = bridge();
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
    Bridge b = bridge();
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
