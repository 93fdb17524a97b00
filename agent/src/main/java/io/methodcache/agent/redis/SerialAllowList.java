package io.methodcache.agent.redis;

import io.methodcache.agent.config.SerializationConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes JDK deserialization may read back from L2: safe JDK value types plus the
 * patterns of the rules file ({@code serialization.allow}). Anything else in a payload — whatever
 * its place in the object graph — makes the whole value a refused miss.
 *
 * <p>The patterns' grammar is {@link SerializationConfig}'s, the one the rules file is checked
 * with ({@code com.shop.**}, {@code com.shop.*}, {@code com.shop.*Dto}, {@code com.shop.Order$Line}).
 * Arrays are allowed when their component type is; primitive arrays always.
 */
public final class SerialAllowList {
  /** Exact JDK classes: boxed primitives, value types, common collections and comparators. */
  private static final Set<String> JDK_EXACT = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      // Never instances: the component types of the arrays that collections size up front
      // (ArrayList, CollSer: Object[]; HashMap, HashSet: Map.Entry[]).
      "java.lang.Object", "java.util.Map$Entry",
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
      "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
      "java.lang.Number", "java.lang.String", "java.lang.Enum",
      "java.lang.String$CaseInsensitiveComparator",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.ArrayDeque", "java.util.Arrays$ArrayList", "java.util.CollSer",
      "java.util.AbstractMap$SimpleEntry", "java.util.AbstractMap$SimpleImmutableEntry",
      "java.util.Collections$ReverseComparator", "java.util.Collections$ReverseComparator2",
      "java.util.Comparators$NaturalOrderComparator",
      "java.util.EnumMap", "java.util.EnumSet$SerializationProxy",
      "java.util.UUID", "java.util.Date", "java.util.Locale", "java.util.Currency",
      // (not ConcurrentHashMap: its stream drags in lock classes)
      "java.util.concurrent.TimeUnit", "java.util.concurrent.CopyOnWriteArrayList",
      "java.net.URI",
      "java.sql.Date", "java.sql.Time", "java.sql.Timestamp")));

  /** JDK class-name prefixes (nested implementation classes of the collection factories). */
  private static final List<String> JDK_PREFIXES = Collections.unmodifiableList(Arrays.asList(
      "java.util.Collections$Unmodifiable", "java.util.Collections$Synchronized",
      "java.util.Collections$Empty", "java.util.Collections$Singleton",
      "java.util.ImmutableCollections$"));

  /** JDK packages allowed recursively: value types only (java.time serialises through its Ser). */
  private static final List<String> JDK_TREES = Collections.singletonList("java.time.");

  /** JDK packages allowed without subpackages. */
  private static final List<String> JDK_PACKAGES = Collections.singletonList("java.math");

  private final SerializationConfig config;

  private SerialAllowList(SerializationConfig config) {
    this.config = config;
  }

  /** JDK value types only. */
  public static SerialAllowList jdkOnly() {
    return of(SerializationConfig.none());
  }

  /**
   * JDK value types plus the rules file's {@code serialization.allow}, as parsed and checked with
   * the rules (one grammar: {@link SerializationConfig}); nothing is parsed here, so nothing that
   * passed {@code validate} can fail at start.
   */
  public static SerialAllowList of(SerializationConfig config) {
    return new SerialAllowList(config);
  }

  /**
   * JDK value types plus these patterns, checked as the rules file's are ({@link
   * SerializationConfig}); a pattern it refuses is an IllegalArgumentException.
   */
  public static SerialAllowList of(List<String> patterns) {
    return of(new SerializationConfig(patterns, null));
  }

  /** The caller-given patterns (without the JDK defaults). */
  public List<String> patterns() {
    return config.allow();
  }

  public boolean allows(Class<?> type) {
    Class<?> c = type;
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c.isPrimitive() || allowsName(c.getName());
  }

  /**
   * By binary name as found in a stream's class descriptor, arrays included ("[Lcom.x.Y;",
   * "[[I"). Decided on the name alone, so a refused class is never even loaded.
   */
  public boolean allows(String className) {
    if (className == null || className.isEmpty()) {
      return false;
    }
    String name = className;
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0) {
      String rest = name.substring(dims);
      if (rest.length() == 1) {
        return "ZBCSIJFD".indexOf(rest.charAt(0)) >= 0; // primitive array
      }
      if (rest.length() < 3 || rest.charAt(0) != 'L' || rest.charAt(rest.length() - 1) != ';') {
        return false;
      }
      name = rest.substring(1, rest.length() - 1);
    }
    return allowsName(name);
  }

  private boolean allowsName(String name) {
    if (JDK_EXACT.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot);
    if (JDK_PACKAGES.contains(pkg)) {
      return true;
    }
    for (String t : JDK_TREES) {
      if (name.startsWith(t)) {
        return true;
      }
    }
    for (String p : JDK_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return config.allows(name);
  }

  @Override
  public String toString() {
    return "SerialAllowList{JDK value types + " + config.allow() + "}";
  }
}
