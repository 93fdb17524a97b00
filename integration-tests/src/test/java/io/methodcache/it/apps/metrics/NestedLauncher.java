package io.methodcache.it.apps.metrics;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Starts a main class from its own class loader, as a Spring Boot fat jar's launcher does: the
 * application's libraries (Micrometer among them) are not on the class path the agent sees.
 * {@code NestedLauncher <class path> <main class> [args…]}.
 */
public final class NestedLauncher {
  private NestedLauncher() {}

  public static void main(String[] args) throws Exception {
    String[] entries = args[0].split(File.pathSeparator);
    URL[] urls = new URL[entries.length];
    for (int i = 0; i < entries.length; i++) {
      urls[i] = new File(entries[i]).toURI().toURL();
    }
    ClassLoader app = new URLClassLoader("app", urls, NestedLauncher.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(app);
    Method main = Class.forName(args[1], true, app).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
