package io.methodcache.agent.engine;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one property of an object for a key template's path ({@code {1.customer.id}}): a method
 * {@code id()} (records, fluent accessors), a getter {@code getId()} / {@code isId()}, or a field
 * {@code id}. Accessors are found once per class and property.
 */
final class PropertyReader {
  private interface Accessor {
    Object read(Object target) throws Exception;
  }

  private static final ClassValue<ConcurrentHashMap<String, Accessor>> ACCESSORS =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Accessor> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private PropertyReader() {}

  static Object read(Object target, String property) {
    if (target == null) {
      return null;
    }
    Class<?> type = target.getClass();
    Accessor accessor = ACCESSORS.get(type).computeIfAbsent(property, p -> find(type, p));
    try {
      return accessor.read(target);
    } catch (InvocationTargetException e) {
      throw new KeyException("reading '" + property + "' of " + type.getName() + " threw "
          + e.getCause(), false, e.getCause());
    } catch (Exception e) {
      throw new KeyException("cannot read '" + property + "' of " + type.getName() + ": " + e,
          false, e);
    }
  }

  private static Accessor find(Class<?> type, String property) {
    String capitalised = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    for (String name : new String[] {property, "get" + capitalised, "is" + capitalised}) {
      Method m = publicMethod(type, name);
      if (m != null) {
        return m::invoke;
      }
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(property);
        if (!Modifier.isStatic(f.getModifiers())) {
          if (!Modifier.isPublic(f.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
            f.setAccessible(true);
          }
          return f::get;
        }
      } catch (NoSuchFieldException next) {
        // look in the superclass
      } catch (RuntimeException inaccessible) {
        break; // a module that does not open the package: report as missing, with the fix
      }
    }
    throw new KeyException("the key template reads '" + property + "' but " + type.getName()
        + " has no " + property + "(), get" + capitalised + "(), is" + capitalised
        + "() or accessible field '" + property + "'; fix the rule's key", true, null);
  }

  /** A public, no-argument, non-void method, callable even when declared in a private class. */
  private static Method publicMethod(Class<?> type, String name) {
    try {
      Method m = type.getMethod(name);
      if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) {
        return null;
      }
      if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        try {
          m.setAccessible(true);
        } catch (RuntimeException e) {
          return null;
        }
      }
      return m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
