package io.methodcache.it.loaders;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Loads cached classes through the class loaders real servers use and calls them three times each:
 * child-first web-app loaders (two apps with the same classes, and one isolated from the system
 * class path), a nested URLClassLoader over an application jar, and a Spring-Boot-style loader that
 * defines classes from {@code BOOT-INF/classes} inside a fat jar.
 *
 * <p>This class path holds only this package: the loaded classes are visible nowhere else.
 * Arguments: webapp.jar bootapp.jar fat.jar.
 */
public final class LoaderApp {
  public static void main(String[] args) throws Exception {
    Path webappJar = Path.of(args[0]);
    Path bootappJar = Path.of(args[1]);
    Path fatJar = Path.of(args[2]);
    ClassLoader system = ClassLoader.getSystemClassLoader();

    ClassLoader webA = new ChildFirstLoader("web-a", urls(webappJar), system);
    renderThrice("child-first", webA, "home");

    // a second web app with the same classes and the same key: must get its own Page, not web-a's
    ClassLoader webB = new ChildFirstLoader("web-b", urls(webappJar), system);
    renderThrice("two-webapps", webB, "home");
    put("two-webapps.titleOf", call(webB, "io.methodcache.it.webapp.WebService", "titleOf", "home"));

    // a web-app loader that does not delegate to the system class loader at all
    ClassLoader isolated = new ChildFirstLoader("isolated", urls(webappJar), ClassLoader.getPlatformClassLoader());
    renderThrice("isolated", isolated, "iso");

    ClassLoader nested = new URLClassLoader("nested", urls(bootappJar), system);
    findThrice("nested", nested, 7);

    ClassLoader fat = new FatJarLoader(fatJar, system);
    findThrice("fat-jar", fat, 8);

    put("agent.internalErrors", agentAttribute("InternalErrors"));
    put("done", "true");
  }

  static void renderThrice(String name, ClassLoader loader, String path) {
    List<String> values = new ArrayList<>();
    boolean ownPage = true;
    for (int i = 0; i < 3; i++) {
      Object page = call(loader, "io.methodcache.it.webapp.WebService", "render", path);
      values.add(String.valueOf(page));
      ownPage &= page != null && !(page instanceof String && ((String) page).startsWith("!"))
          && page.getClass().getClassLoader() == loader;
    }
    put(name + ".values", String.join(",", values));
    put(name + ".ownResultClass", ownPage);
    put(name + ".bodies", bodies(loader, "io.methodcache.it.webapp.WebService"));
  }

  static void findThrice(String name, ClassLoader loader, long id) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      values.add(String.valueOf(call(loader, "io.methodcache.it.bootapp.BootService", "find", id)));
    }
    put(name + ".values", String.join(",", values));
    put(name + ".bodies", bodies(loader, "io.methodcache.it.bootapp.BootService"));
    try {
      put(name + ".definedBy", loader.loadClass("io.methodcache.it.bootapp.BootService").getClassLoader() == loader);
    } catch (ClassNotFoundException e) {
      put(name + ".definedBy", "!" + e);
    }
  }

  /** Calls a public one-argument method on a new instance; a throwable is rendered "!Type: msg". */
  static Object call(ClassLoader loader, String className, String method, Object arg) {
    try {
      Class<?> type = Class.forName(className, true, loader);
      Object instance = type.getDeclaredConstructor().newInstance();
      Class<?> param = arg instanceof Long ? long.class : arg.getClass();
      Method m = type.getMethod(method, param);
      return m.invoke(instance, arg);
    } catch (InvocationTargetException e) {
      return "!" + e.getCause();
    } catch (Throwable e) {
      return "!" + e;
    }
  }

  static Object bodies(ClassLoader loader, String className) {
    try {
      return ((AtomicInteger) Class.forName(className, true, loader).getField("BODIES").get(null)).get();
    } catch (Throwable e) {
      return "!" + e;
    }
  }

  static Object agentAttribute(String attribute) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("io.methodcache:type=Agent");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!server.isRegistered(name)) {
      if (System.nanoTime() > deadline) return "no agent MBean";
      Thread.sleep(10);
    }
    return server.getAttribute(name, attribute);
  }

  static URL[] urls(Path jar) throws MalformedURLException {
    return new URL[] {jar.toUri().toURL()};
  }

  static void put(String key, Object value) {
    System.out.println("RESULT " + key + "=" + String.valueOf(value).replace('\n', ' '));
  }

  /** Looks in its own jar before its parent, as Tomcat's web-app class loader does. */
  static final class ChildFirstLoader extends URLClassLoader {
    ChildFirstLoader(String name, URL[] urls, ClassLoader parent) {
      super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null && !name.startsWith("java.")) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException notHere) {
            // delegate below
          }
        }
        if (c == null) {
          c = super.loadClass(name, false);
        }
        if (resolve) resolveClass(c);
        return c;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }

  /** Defines classes from {@code BOOT-INF/classes/} entries of a fat jar, like Spring Boot's loader. */
  static final class FatJarLoader extends ClassLoader {
    private static final String PREFIX = "BOOT-INF/classes/";
    private final JarFile jar;
    private final String base;
    private final ProtectionDomain domain;

    FatJarLoader(Path fatJar, ClassLoader parent) throws IOException {
      super("fat-jar", parent);
      this.jar = new JarFile(fatJar.toFile());
      this.base = "jar:" + fatJar.toUri() + "!/" + PREFIX;
      this.domain = new ProtectionDomain(new CodeSource(new URL(base), (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".class");
      if (entry == null) throw new ClassNotFoundException(name);
      try (InputStream in = jar.getInputStream(entry)) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length, domain);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }

    @Override
    protected URL findResource(String name) {
      if (jar.getJarEntry(PREFIX + name) == null) return null;
      try {
        return new URL(base + name);
      } catch (MalformedURLException e) {
        return null;
      }
    }
  }
}
