package io.methodcache.agent.instrument;

import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URL;
import java.util.Optional;

/**
 * What belongs to the JDK, decided by where a class comes from rather than by its name: classes
 * of the boot and platform class loaders, and classes of named modules of the runtime image (the
 * application class loader defines a few, such as {@code jdk.compiler}). A name prefix is not
 * enough: {@code javax.management}, {@code javax.naming}, {@code org.w3c.dom} and
 * {@code org.xml.sax} are the JDK's as well. The JDK is shared by the whole JVM and by the agent
 * itself, so methodcache never weaves it.
 */
public final class JdkClasses {
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  private JdkClasses() {}

  /** A loaded class (retransformation, attach): by its loader and module. */
  public static boolean isJdk(Class<?> c) {
    return isJdk(c.getModule(), c.getClassLoader());
  }

  /** A class being defined: {@code module} may be null (a caller without one). */
  public static boolean isJdk(Module module, ClassLoader loader) {
    if (loader == null || loader == PLATFORM) {
      return true;
    }
    return module != null && module.isNamed() && inRuntimeImage(module);
  }

  /**
   * A named module of the runtime image: resolved from {@code jrt:}. JDK dynamic proxies' modules
   * ({@code jdk.proxy1}) have no layer and are not in it; application modules come from elsewhere.
   */
  static boolean inRuntimeImage(Module module) {
    ModuleLayer layer = module.getLayer();
    if (layer == null) {
      return false;
    }
    Optional<URI> location = layer.configuration().findModule(module.getName())
        .map(ResolvedModule::reference).flatMap(r -> r.location());
    return location.isPresent() && "jrt".equalsIgnoreCase(location.get().getScheme());
  }

  /**
   * The JDK module that provides the class named {@code className} in this JVM, or null. Asks the
   * platform class loader (which delegates to the boot loader) for the class file: nothing is
   * loaded, and a class the JDK provides is found in the runtime image ({@code jrt:}). An
   * application class of the same package could never be defined beside it, so a rule naming
   * such a type can only ever mean the JDK's.
   */
  public static String moduleProviding(String className) {
    return moduleOf(resource(PLATFORM, className));
  }

  /**
   * As {@link #moduleProviding(String)}, but resolved through {@code loader} (e.g. a loader over
   * the application's class path, as {@code validate --classpath} builds), and confirmed by the
   * loaded class's own loader and module. Loads (never initialises) only a class the runtime
   * image provides.
   */
  public static String moduleProviding(String className, ClassLoader loader) {
    String module = moduleOf(resource(loader, className));
    if (module == null) {
      return null;
    }
    try {
      Class<?> c = Class.forName(className, false, loader);
      return isJdk(c) ? (c.getModule().isNamed() ? c.getModule().getName() : module) : null;
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return module; // the runtime image has the class file; that settles it
    }
  }

  private static URL resource(ClassLoader loader, String className) {
    try {
      return loader.getResource(className.replace('.', '/') + ".class");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code jrt:/java.management/javax/management/ObjectName.class} -> java.management. */
  static String moduleOf(URL url) {
    if (url == null || !"jrt".equalsIgnoreCase(url.getProtocol())) {
      return null;
    }
    String path = url.getPath();
    int start = path.startsWith("/") ? 1 : 0;
    int end = path.indexOf('/', start);
    return end > start ? path.substring(start, end) : null;
  }
}
