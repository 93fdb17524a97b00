package io.methodcache.agent.redis;

import java.util.ArrayList;
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
 * <p>Patterns: {@code com.shop.**} = that package and its subpackages, {@code com.shop.*} = that
 * package only, anything else = one exact binary class name (e.g. {@code com.shop.Order$Line}).
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

  private final Set<String> exact;
  private final List<String> packages; // "com.shop" for com.shop.*
  private final List<String> trees;    // "com.shop." for com.shop.**
  private final List<String> patterns;

  private SerialAllowList(Set<String> exact, List<String> packages, List<String> trees,
      List<String> patterns) {
    this.exact = exact;
    this.packages = packages;
    this.trees = trees;
    this.patterns = patterns;
  }

  /** JDK value types only. */
  public static SerialAllowList jdkOnly() {
    return of(Collections.emptyList());
  }

  /** JDK value types plus these patterns; a malformed pattern is an IllegalArgumentException. */
  public static SerialAllowList of(List<String> patterns) {
    Set<String> exact = new HashSet<>(JDK_EXACT);
    List<String> packages = new ArrayList<>(JDK_PACKAGES);
    List<String> trees = new ArrayList<>(JDK_TREES);
    for (String raw : patterns) {
      String p = raw == null ? "" : raw.trim();
      if (p.endsWith(".**")) {
        String pkg = checkName(p.substring(0, p.length() - 3), raw);
        trees.add(pkg + ".");
      } else if (p.endsWith(".*")) {
        packages.add(checkName(p.substring(0, p.length() - 2), raw));
      } else {
        exact.add(checkName(p, raw));
      }
    }
    return new SerialAllowList(exact, packages, trees,
        Collections.unmodifiableList(new ArrayList<>(patterns)));
  }

  /** Validates one dotted Java name; wildcards anywhere but at the end are refused. */
  private static String checkName(String name, String raw) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("serialization.allow: pattern '" + raw
          + "' allows everything; name a package (com.shop.**) or a class");
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
          || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
        throw new IllegalArgumentException("serialization.allow: '" + raw
            + "' is not a class name, package.* or package.**");
      }
    }
    return name;
  }

  /** The caller-given patterns (without the JDK defaults). */
  public List<String> patterns() {
    return patterns;
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
    if (exact.contains(name)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    String pkg = dot < 0 ? "" : name.substring(0, dot);
    if (packages.contains(pkg)) {
      return true;
    }
    for (String t : trees) {
      if (name.startsWith(t)) {
        return true;
      }
    }
    for (String p : JDK_PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "SerialAllowList{JDK value types + " + patterns + "}";
  }
}
