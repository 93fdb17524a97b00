package io.methodcache.agent.instrument;

import io.methodcache.agent.Log;
import io.methodcache.agent.bootstrap.Dispatch;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader resolves the bridge to our one {@link Dispatch}. Advice inlined into a
 * class whose loader cannot see it would throw NoClassDefFoundError in the application, so such a
 * class is left untouched (with one message naming the fix). Loaders that delegate to the system
 * class loader for classes they lack (Spring Boot's, Tomcat's and Jetty's child-first web-app
 * loaders) pass; isolated loaders whose parent is the boot loader need
 * {@code -Dmethodcache.bridge=boot}.
 */
final class BridgeCheck {
  private final Map<ClassLoader, Boolean> visible = Collections.synchronizedMap(new WeakHashMap<>());

  boolean visibleFrom(ClassLoader loader, String className) {
    if (loader == null) {
      return Dispatch.class.getClassLoader() == null;
    }
    Boolean v = visible.get(loader);
    if (v == null) {
      v = resolves(loader);
      visible.put(loader, v);
      if (!v) {
        Log.warnOnce("bridge|" + loader, className + " is loaded by " + loader + ", which cannot"
            + " see " + Dispatch.class.getName() + "; its methods are not cached. Fix: add"
            + " -Dmethodcache.bridge=boot to the JVM options");
      }
    }
    return v;
  }

  private static boolean resolves(ClassLoader loader) {
    try {
      return Class.forName(Dispatch.class.getName(), false, loader) == Dispatch.class;
    } catch (Throwable e) {
      return false;
    }
  }
}
