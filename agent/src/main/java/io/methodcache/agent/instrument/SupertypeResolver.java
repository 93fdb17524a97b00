package io.methodcache.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All supertypes of a class being loaded, by name, for {@code Type+} rules. Supertypes are often
 * not loaded yet when a class is transformed, so their class files are read as resources through
 * the class's loader (never loaded); direct supertypes are remembered per loader.
 */
final class SupertypeResolver {
  private static final int MAX_TYPES = 512;
  private final Map<ClassLoader, Map<String, String[]>> direct =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<String, String[]> bootDirect = new ConcurrentHashMap<>();

  Set<String> all(ClassLoader loader, String name, byte[] classFile) {
    Map<String, String[]> known = known(loader);
    known.put(name, ClassHeader.supertypes(classFile));
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(name);
    while (!todo.isEmpty() && seen.size() < MAX_TYPES) {
      String[] supers = directOf(loader, known, todo.poll());
      for (String s : supers) {
        if (seen.add(s) && !s.equals("java.lang.Object")) {
          todo.add(s);
        }
      }
    }
    return seen;
  }

  private Map<String, String[]> known(ClassLoader loader) {
    if (loader == null) {
      return bootDirect;
    }
    synchronized (direct) {
      return direct.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }
  }

  private static String[] directOf(ClassLoader loader, Map<String, String[]> known, String type) {
    String[] d = known.get(type);
    if (d == null) {
      d = read(loader, type);
      known.put(type, d);
    }
    return d;
  }

  private static String[] read(ClassLoader loader, String type) {
    String path = type.replace('.', '/') + ".class";
    try (InputStream in = loader == null
        ? ClassLoader.getSystemResourceAsStream(path) : loader.getResourceAsStream(path)) {
      return in == null ? new String[0] : ClassHeader.supertypes(in.readAllBytes());
    } catch (IOException | RuntimeException e) {
      return new String[0];
    }
  }
}
