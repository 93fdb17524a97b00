package io.methodcache.agent.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one argument value into a key value: its own value when it is immutable with value
 * equality (no copy, no allocation), a snapshot when it is an array or a JDK collection (the
 * caller may change it after the call), and a refusal when its class compares by identity — such
 * a key would never be hit again and would only fill the cache.
 */
final class KeyValues {
  /** Stands for a null argument (Caffeine keys cannot be null). */
  static final Object NULL = new Object() {
    @Override public String toString() { return "null"; }
  };

  private static final ClassValue<Boolean> VALUE_EQUALITY = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      if (type.isEnum() || Enum.class.isAssignableFrom(type) || type == Class.class) {
        return true; // singletons per value: identity is value equality
      }
      try {
        Method equals = type.getMethod("equals", Object.class);
        Method hashCode = type.getMethod("hashCode");
        return equals.getDeclaringClass() != Object.class
            && hashCode.getDeclaringClass() != Object.class;
      } catch (NoSuchMethodException | SecurityException e) {
        return false;
      }
    }
  };

  private KeyValues() {}

  static Object normalize(Object v) {
    if (v == null) {
      return NULL;
    }
    Class<?> c = v.getClass();
    if (c == String.class || c == Long.class || c == Integer.class) {
      return v; // the common cases, without a ClassValue look-up
    }
    if (c.isArray()) {
      return ArrayKey.copyOf(v);
    }
    if (v instanceof Collection || v instanceof Map) {
      return snapshot(v);
    }
    if (!VALUE_EQUALITY.get(c)) {
      throw new KeyException("an argument of type " + c.getName()
          + " compares by identity (no equals/hashCode), so equal requests would never share an"
          + " entry; fix: give the rule a key naming value properties (e.g. key: \"{0.id}\")"
          + " or implement equals and hashCode", true, null);
    }
    return v;
  }

  private static Object snapshot(Object v) {
    if (v instanceof List) {
      List<Object> copy = new ArrayList<>(((List<?>) v).size());
      for (Object o : (List<?>) v) {
        copy.add(o == null ? null : normalize(o));
      }
      return Collections.unmodifiableList(copy);
    }
    if (v instanceof Set) {
      // a plain HashSet (never handed out), which the renderer knows to sort
      return OrderedKey.unordered(v) ? new HashSet<Object>((Set<?>) v)
          : OrderedKey.ofSet((Set<?>) v);
    }
    if (v instanceof Map) {
      return OrderedKey.unordered(v) ? new HashMap<Object, Object>((Map<?, ?>) v)
          : OrderedKey.ofMap((Map<?, ?>) v);
    }
    return Collections.unmodifiableList(new ArrayList<Object>((Collection<?>) v));
  }
}
