package io.methodcache.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code serialization:} section: which application classes the JDK codec may read back from
 * L2, besides the safe JDK value types the codec always allows. Patterns are class names with
 * {@code *} matching within one name segment ({@code com.shop.*Dto}, nested classes included:
 * {@code Outer$Inner} is one segment) and a whole segment {@code **} matching any packages and
 * classes below ({@code com.shop.**}). A pattern must name at least two package levels before its
 * first wildcard, so that no pattern can open a whole ecosystem ({@code com.**}, {@code org.**})
 * and its deserialization gadgets.
 */
public final class SerializationConfig {
  private static final SerializationConfig NONE = new SerializationConfig(List.of(), null);

  private final List<String> allow;
  private final List<Predicate<String>> matchers;
  private final SourcePosition position;

  /**
   * @param allow patterns, each valid for {@link #checkPattern}
   * @param position where the section is written, or null
   * @throws IllegalArgumentException for a pattern {@link #checkPattern} refuses
   */
  public SerializationConfig(List<String> allow, SourcePosition position) {
    this.allow = List.copyOf(allow);
    List<Predicate<String>> m = new ArrayList<>(this.allow.size());
    for (String pattern : this.allow) {
      m.add(checkPattern(pattern));
    }
    this.matchers = List.copyOf(m);
    this.position = position;
  }

  /** No patterns: only the codec's safe JDK value types are read back. */
  public static SerializationConfig none() { return NONE; }

  /** The patterns as written. */
  public List<String> allow() { return allow; }

  /** Where the section is written; null when the file has none. */
  public SourcePosition position() { return position; }

  /**
   * Whether a pattern allows the class. Takes {@link Class#getName()} forms: {@code com.a.B},
   * {@code com.a.B$C}, and arrays ({@code [Lcom.a.B;}, also {@code com.a.B[]}) are judged by their
   * element class; a primitive array is not a pattern's business (false — the codec's JDK list
   * decides).
   */
  public boolean allows(String className) {
    String name = elementName(className);
    if (name == null) {
      return false;
    }
    for (Predicate<String> m : matchers) {
      if (m.test(name)) {
        return true;
      }
    }
    return false;
  }

  private static String elementName(String className) {
    if (className == null || className.isEmpty()) {
      return null;
    }
    String name = className;
    if (name.charAt(0) == '[') {
      int i = 0;
      while (i < name.length() && name.charAt(i) == '[') {
        i++;
      }
      if (i < name.length() && name.charAt(i) == 'L' && name.endsWith(";")) {
        return name.substring(i + 1, name.length() - 1);
      }
      return null;
    }
    while (name.endsWith("[]")) {
      name = name.substring(0, name.length() - 2);
    }
    return name.isEmpty() ? null : name;
  }

  /**
   * Checks one pattern and compiles it.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  static Predicate<String> checkPattern(String pattern) {
    String p = pattern == null ? "" : pattern.trim();
    if (p.isEmpty()) {
      throw new IllegalArgumentException("the pattern is empty; write a class or package pattern,"
          + " e.g. com.shop.** or com.shop.model.Product");
    }
    if (p.endsWith("+") || p.indexOf('#') >= 0 || p.indexOf('(') >= 0) {
      throw new IllegalArgumentException("'" + p + "' is not a class pattern; write class names"
          + " only (no '+', '#' or parameters), e.g. com.shop.model.Product or com.shop.**");
    }
    String[] segments = p.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].indexOf('*') >= 0) {
        if (i < 2) {
          String prefix = i == 0 ? "" : "'" + segments[0] + ".'";
          throw new IllegalArgumentException("'" + p + "' would let the codec read back classes"
              + " of " + (i == 0 ? "any package" : "every library under " + prefix)
              + ", deserialization gadgets included; name at least two package levels before a"
              + " wildcard, e.g. " + (i == 0 ? "com.shop.**" : segments[0] + ".shop.**"));
        }
        break;
      }
    }
    try {
      return MethodPattern.typeNamePattern(p);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      // MethodPattern says "type 'x'"; here it is a class pattern
      throw new IllegalArgumentException(message.startsWith("type '")
          ? "pattern" + message.substring(4) : message);
    }
  }

  /** The refusal of {@link #checkPattern}, or null for a valid pattern; for tests and tools. */
  static String checkPatternMessage(String pattern) {
    try {
      checkPattern(pattern);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  @Override
  public String toString() {
    return "serialization{allow: " + allow + "}";
  }
}
