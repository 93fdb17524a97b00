package io.methodcache.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code method:} value of a rule, {@code Type#method(params)}, parsed once and matched against
 * every class the JVM loads — so matching allocates nothing and never uses regular expressions.
 *
 * <ul>
 *   <li>Type: a binary name ({@code com.shop.ProductRepository}, nested {@code Outer$Inner}).
 *       {@code *} inside a segment matches any characters except {@code .}; a whole segment
 *       {@code **} matches any number of package segments, zero included ({@code com.**.Dao}); as the
 *       last segment it matches any type below that package ({@code com.shop.**}). A trailing
 *       {@code +} means the type and its subtypes; the caller checks the hierarchy.
 *   <li>Method: a Java identifier, {@code *} matches any characters ({@code find*}).
 *   <li>Parameters: optional. Absent: every overload. {@code ()} none; otherwise comma-separated
 *       type names as {@link Class#getTypeName()} prints them ({@code long}, {@code byte[]},
 *       {@code com.a.Outer$Inner}); {@code String}, {@code Long}… mean {@code java.lang.*};
 *       {@code ..} matches zero or more parameters at any position.
 * </ul>
 */
public final class MethodPattern {
  private static final String EXAMPLE = "com.shop.ProductRepository#findById(long)";
  private static final String SHAPE = "expected Type#method(params), e.g. " + EXAMPLE;

  /** Marker in {@link #parameters} for {@code ..}; compared by identity. */
  private static final String ANY_PARAMETERS = new String("..");

  private static final Set<String> PRIMITIVES =
      Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

  /**
   * The java.lang types a parameter may name without their package. A fixed list rather than "any
   * capitalised word": an unqualified {@code ProductId} would silently never match, so it is an error.
   */
  private static final Set<String> JAVA_LANG = Set.of(
      "Object", "String", "CharSequence", "Boolean", "Byte", "Character", "Short", "Integer", "Long",
      "Float", "Double", "Number", "Void", "Class", "Enum", "Record", "Iterable", "Comparable",
      "Runnable", "Thread", "ThreadLocal", "StringBuilder", "StringBuffer", "Throwable", "Exception",
      "RuntimeException", "Error", "ClassLoader", "Module", "Process", "ProcessBuilder",
      "StackTraceElement", "AutoCloseable", "Appendable", "Readable", "Cloneable");

  private final String text;
  private final boolean subtypes;
  private final String exactTypeName;
  private final Glob typeGlob;
  private final String exactMethodName;
  private final Glob methodGlob;
  /** Null: any overload. Elements are type names or {@link #ANY_PARAMETERS}. */
  private final String[] parameters;
  private final boolean hasAnyParameters;

  private MethodPattern(String text, boolean subtypes, String exactTypeName, Glob typeGlob,
      String exactMethodName, Glob methodGlob, String[] parameters) {
    this.text = text;
    this.subtypes = subtypes;
    this.exactTypeName = exactTypeName;
    this.typeGlob = typeGlob;
    this.exactMethodName = exactMethodName;
    this.methodGlob = methodGlob;
    this.parameters = parameters;
    boolean any = false;
    if (parameters != null) {
      for (String p : parameters) {
        any |= p == ANY_PARAMETERS;
      }
    }
    this.hasAnyParameters = any;
  }

  /**
   * Parses {@code Type#method(params)}.
   *
   * @throws IllegalArgumentException saying what is wrong and showing a corrected example
   */
  public static MethodPattern parse(String text) {
    if (text == null || text.trim().isEmpty()) {
      throw new IllegalArgumentException("the method pattern is empty; " + SHAPE);
    }
    String trimmed = text.trim();
    int hash = trimmed.indexOf('#');
    if (hash < 0) {
      String hint = trimmed.indexOf('(') > 0 && trimmed.lastIndexOf('.', trimmed.indexOf('(')) > 0
          ? " (write '#' between the type and the method, e.g. "
              + replaceLastDotBefore(trimmed, trimmed.indexOf('(')) + ")"
          : "";
      throw new IllegalArgumentException(SHAPE + "; '#' is missing in '" + trimmed + "'" + hint);
    }
    if (trimmed.indexOf('#', hash + 1) >= 0) {
      throw new IllegalArgumentException(
          SHAPE + "; '" + trimmed + "' has more than one '#' — write exactly one, between type and method");
    }
    String typePart = trimmed.substring(0, hash).trim();
    String methodPart = trimmed.substring(hash + 1).trim();

    boolean subtypes = false;
    if (typePart.endsWith("+")) {
      subtypes = true;
      typePart = typePart.substring(0, typePart.length() - 1).trim();
    }
    if (typePart.isEmpty()) {
      throw new IllegalArgumentException(SHAPE + "; the type before '#' is missing");
    }
    Glob typeGlob = compileType(typePart);

    String namePart = methodPart;
    String[] parameters = null;
    int open = methodPart.indexOf('(');
    int close = methodPart.indexOf(')');
    if (open < 0 && close >= 0) {
      throw new IllegalArgumentException(
          "'(' is missing before ')' in '" + trimmed + "'; " + SHAPE);
    }
    if (open >= 0) {
      if (close < 0) {
        throw new IllegalArgumentException(
            "')' is missing in '" + trimmed + "'; close the parameter list, e.g. " + EXAMPLE);
      }
      if (close < open) {
        throw new IllegalArgumentException(
            "unbalanced parentheses in '" + trimmed + "'; " + SHAPE);
      }
      int nested = methodPart.indexOf('(', open + 1);
      if (nested >= 0 && nested < close) {
        throw new IllegalArgumentException("nested '(' in '" + trimmed
            + "'; parameters are plain type names, e.g. " + EXAMPLE);
      }
      String after = methodPart.substring(close + 1).trim();
      if (!after.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + after + "' after ')' in '" + trimmed
            + "'; the pattern ends with the parameter list, e.g. " + EXAMPLE);
      }
      namePart = methodPart.substring(0, open).trim();
      parameters = parseParameters(methodPart.substring(open + 1, close), trimmed);
    }
    if (namePart.isEmpty()) {
      throw new IllegalArgumentException("the method name after '#' is missing in '" + trimmed
          + "'; write a name or a wildcard, e.g. " + typePart + "#findById or " + typePart + "#find*");
    }
    Glob methodGlob = compileMethod(namePart, trimmed);
    return new MethodPattern(trimmed, subtypes, typeGlob.isLiteral() ? typeGlob.literal() : null,
        typeGlob.isLiteral() ? null : typeGlob,
        methodGlob.isLiteral() ? methodGlob.literal() : null,
        methodGlob.isLiteral() ? null : methodGlob, parameters);
  }

  /** The pattern as written (trimmed). */
  public String text() { return text; }

  /** True for {@code Type+}: the type and every subtype; the caller walks the hierarchy. */
  public boolean subtypes() { return subtypes; }

  /**
   * The binary type name when the type part has no wildcard (also with {@code +}: then it names the
   * supertype), for a hash look-up; else null.
   */
  public String exactTypeName() { return exactTypeName; }

  /** The method name when it has no wildcard, else null. */
  public String exactMethodName() { return exactMethodName; }

  /** True when no parameter list was written: every overload matches. */
  public boolean anyOverload() { return parameters == null; }

  /**
   * The number of parameters every matching method has, or -1 when it varies (no parameter list,
   * or a {@code ..} in it). Lets a key template's argument indexes be checked at parse time.
   */
  public int exactParameterCount() {
    return parameters == null || hasAnyParameters ? -1 : parameters.length;
  }

  /** @param binaryName dotted, nested types with {@code $}: {@code com.shop.Repo$Cache} */
  public boolean matchesTypeName(String binaryName) {
    if (binaryName == null) {
      return false;
    }
    return exactTypeName != null ? exactTypeName.equals(binaryName) : typeGlob.matches(binaryName);
  }

  public boolean matchesMethodName(String name) {
    if (name == null) {
      return false;
    }
    return exactMethodName != null ? exactMethodName.equals(name) : methodGlob.matches(name);
  }

  /** @param parameterTypeNames as {@link Class#getTypeName()} prints them */
  public boolean matchesParameters(List<String> parameterTypeNames) {
    if (parameters == null) {
      return true;
    }
    if (parameterTypeNames == null) {
      return false;
    }
    if (!hasAnyParameters) {
      if (parameterTypeNames.size() != parameters.length) {
        return false;
      }
      for (int i = 0; i < parameters.length; i++) {
        if (!parameters[i].equals(parameterTypeNames.get(i))) {
          return false;
        }
      }
      return true;
    }
    return matchParameters(0, parameterTypeNames, 0);
  }

  public boolean matches(String methodName, List<String> parameterTypeNames) {
    return matchesMethodName(methodName) && matchesParameters(parameterTypeNames);
  }

  private boolean matchParameters(int p, List<String> actual, int a) {
    if (p == parameters.length) {
      return a == actual.size();
    }
    if (parameters[p] == ANY_PARAMETERS) {
      // '..' is never followed by another '..' (rejected by parse), so this is linear per '..'.
      for (int k = a; k <= actual.size(); k++) {
        if (matchParameters(p + 1, actual, k)) {
          return true;
        }
      }
      return false;
    }
    return a < actual.size() && parameters[p].equals(actual.get(a))
        && matchParameters(p + 1, actual, a + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MethodPattern && ((MethodPattern) o).text.equals(text);
  }

  @Override
  public int hashCode() { return text.hashCode(); }

  @Override
  public String toString() { return text; }

  // ---------------------------------------------------------------------------------- parsing

  /**
   * Compiles a type pattern written like the part before {@code #} (without {@code +}), for other
   * settings that name classes, e.g. {@code serialization.allow}. Matching allocates nothing.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  static Predicate<String> typeNamePattern(String type) {
    Glob glob = compileType(type);
    if (glob.isLiteral()) {
      String literal = glob.literal();
      return literal::equals;
    }
    return glob::matches;
  }

  private static String replaceLastDotBefore(String s, int end) {
    int dot = s.lastIndexOf('.', end);
    return s.substring(0, dot) + "#" + s.substring(dot + 1);
  }

  private static Glob compileType(String type) {
    if (type.indexOf('/') >= 0) {
      throw new IllegalArgumentException("type '" + type + "' uses '/'; write a binary name with"
          + " dots, e.g. " + type.replace('/', '.'));
    }
    if (type.indexOf('<') >= 0 || type.indexOf('>') >= 0) {
      throw new IllegalArgumentException("type '" + type + "' has type arguments; generics are"
          + " erased at run time — write the raw type, e.g. com.shop.ProductRepository");
    }
    String[] segments = type.split("\\.", -1);
    Glob.Builder glob = new Glob.Builder();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("type '" + type + "' has an empty name segment"
            + " (a leading, trailing or doubled '.'); write e.g. com.shop.ProductRepository");
      }
      if (segment.equals("**")) {
        if (i > 0 && segments[i - 1].equals("**")) {
          throw new IllegalArgumentException("type '" + type + "' repeats '**'; one '**' already"
              + " matches any number of packages, e.g. com.**.ProductRepository");
        }
        if (segments.length == 1) {
          glob.anyNonEmpty();
        } else if (last) {
          glob.dropTrailingDot();
          glob.subpackageTail();
        } else {
          glob.packages();
        }
        continue;
      }
      if (segment.contains("**")) {
        throw new IllegalArgumentException("type '" + type + "' has '**' inside the segment '"
            + segment + "'; '**' must be a whole segment (com.**.Dao), '*' matches within one"
            + " (com.shop.*Repository)");
      }
      checkName(segment, "type '" + type + "'", "com.shop.ProductRepository", true);
      glob.wildcardText(segment);
      if (!last) {
        glob.literal(".");
      }
    }
    return glob.build();
  }

  private static Glob compileMethod(String name, String whole) {
    if (name.indexOf('<') >= 0 || name.indexOf('>') >= 0) {
      throw new IllegalArgumentException("'" + name + "' in '" + whole + "' is a constructor or"
          + " initialiser; only methods can be cached — name a method, e.g. " + EXAMPLE);
    }
    if (name.indexOf('.') >= 0) {
      throw new IllegalArgumentException("method name '" + name + "' contains '.'; the type goes"
          + " before '#' and the method name after it, e.g. " + EXAMPLE);
    }
    checkName(name, "method name '" + name + "'", "findById or find*", true);
    Glob.Builder glob = new Glob.Builder();
    glob.wildcardText(name);
    return glob.build();
  }

  /** Checks one identifier (optionally with '*' wildcards) and names the first bad character. */
  private static void checkName(String name, String what, String example, boolean wildcards) {
    boolean start = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '*' && wildcards) {
        start = false;
        continue;
      }
      boolean ok = !Character.isIdentifierIgnorable(c)
          && (start ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c));
      if (!ok) {
        String shown = Character.isWhitespace(c) ? "a space" : Character.isISOControl(c)
            ? String.format("U+%04X", (int) c) : "'" + c + "'";
        String why = start && Character.isDigit(c) ? " (a name cannot start with a digit)" : "";
        throw new IllegalArgumentException(what + " has " + shown + " at position " + (i + 1)
            + why + "; use Java names, e.g. " + example);
      }
      start = false;
    }
  }

  private static String[] parseParameters(String list, String whole) {
    if (list.trim().isEmpty()) {
      return new String[0];
    }
    String[] raw = list.split(",", -1);
    List<String> result = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      String p = raw[i].trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("parameter " + (i + 1) + " of '" + whole + "' is empty;"
            + " remove the extra ',' or write a type, e.g. (long, java.lang.String)");
      }
      if (p.equals("..")) {
        if (!result.isEmpty() && result.get(result.size() - 1) == ANY_PARAMETERS) {
          throw new IllegalArgumentException("'..' twice in a row in '" + whole + "'; one '..'"
              + " already matches any number of parameters, e.g. (long, ..)");
        }
        result.add(ANY_PARAMETERS);
      } else {
        result.add(parameterType(p, whole));
      }
    }
    return result.toArray(new String[0]);
  }

  /** Normalises one parameter to {@link Class#getTypeName()} form. */
  private static String parameterType(String p, String whole) {
    String in = "parameter '" + p + "' of '" + whole + "'";
    if (p.endsWith("...")) {
      throw new IllegalArgumentException(in + " is varargs; write it as an array, e.g. "
          + p.substring(0, p.length() - 3).trim() + "[]");
    }
    if (p.indexOf('<') >= 0 || p.indexOf('>') >= 0) {
      throw new IllegalArgumentException(in + " has type arguments; generics are erased at run"
          + " time — write the raw type, e.g. java.util.List");
    }
    if (p.indexOf('*') >= 0) {
      throw new IllegalArgumentException(in + " has a '*'; parameter types cannot have wildcards"
          + " — use '..' for any parameters, e.g. (long, ..)");
    }
    if (p.contains("..")) {
      throw new IllegalArgumentException(in + " mixes '..' with a type; separate them with ',',"
          + " e.g. (long, ..)");
    }
    String base = p;
    int dimensions = 0;
    while (base.endsWith("]")) {
      String inner = base.substring(0, base.length() - 1).trim();
      if (!inner.endsWith("[")) {
        throw new IllegalArgumentException(in + " has unbalanced brackets; write arrays as"
            + " byte[] or java.lang.String[][]");
      }
      base = inner.substring(0, inner.length() - 1).trim();
      dimensions++;
    }
    if (base.indexOf('[') >= 0 || base.indexOf(']') >= 0) {
      throw new IllegalArgumentException(in + " has unbalanced brackets; write arrays as byte[]"
          + " or java.lang.String[][]");
    }
    String[] segments = base.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException(in + " has an empty name segment (a leading, trailing"
            + " or doubled '.'); write e.g. java.lang.String");
      }
      checkName(segment, in, "java.lang.String or com.shop.Order$Line", false);
    }
    String name = base;
    if (segments.length == 1) {
      if (base.equals("void")) {
        throw new IllegalArgumentException(in + " is void, which is not a parameter type; write"
            + " () for a method without parameters");
      }
      if (JAVA_LANG.contains(base)) {
        name = "java.lang." + base;
      } else if (!PRIMITIVES.contains(base)) {
        throw new IllegalArgumentException(in + " is not a primitive and not fully qualified;"
            + " write its package too, e.g. com.shop." + base + " (only java.lang types such as"
            + " String or Long may omit it)");
      }
    }
    StringBuilder out = new StringBuilder(name);
    for (int d = 0; d < dimensions; d++) {
      out.append("[]");
    }
    return out.toString();
  }

  // ---------------------------------------------------------------------------------- matching

  /**
   * A compiled wildcard pattern: literal runs and wildcard tokens, matched by backtracking over
   * the input without allocating. Patterns are short, so backtracking stays cheap.
   */
  private static final class Glob {
    static final byte LITERAL = 0;
    /** {@code *}: any characters except '.'. */
    static final byte STAR = 1;
    /** A whole {@code **} segment followed by more: zero or more {@code segment.} prefixes. */
    static final byte PACKAGES = 2;
    /** A trailing {@code .**}: a '.' and at least one more character. */
    static final byte SUBPACKAGE_TAIL = 3;
    /** The whole type is {@code **}: anything non-empty. */
    static final byte ANY_NON_EMPTY = 4;

    private final byte[] kinds;
    private final String[] literals;

    private Glob(byte[] kinds, String[] literals) {
      this.kinds = kinds;
      this.literals = literals;
    }

    boolean isLiteral() { return kinds.length == 1 && kinds[0] == LITERAL; }

    String literal() { return literals[0]; }

    boolean matches(String s) { return match(0, s, 0); }

    private boolean match(int t, String s, int i) {
      if (t == kinds.length) {
        return i == s.length();
      }
      switch (kinds[t]) {
        case LITERAL: {
          String lit = literals[t];
          return s.startsWith(lit, i) && match(t + 1, s, i + lit.length());
        }
        case STAR: {
          int end = s.indexOf('.', i);
          if (end < 0) {
            end = s.length();
          }
          if (t + 1 == kinds.length) {
            return end == s.length();
          }
          for (int k = i; k <= end; k++) {
            if (match(t + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case PACKAGES: {
          int k = i;
          while (true) {
            if (match(t + 1, s, k)) {
              return true;
            }
            int dot = s.indexOf('.', k);
            if (dot <= k) {
              return false; // no more segments, or an empty one
            }
            k = dot + 1;
          }
        }
        case SUBPACKAGE_TAIL:
          return i + 1 < s.length() && s.charAt(i) == '.';
        case ANY_NON_EMPTY:
          return i < s.length();
        default:
          return false;
      }
    }

    static final class Builder {
      private final List<Byte> kinds = new ArrayList<>();
      private final List<String> literals = new ArrayList<>();
      private final StringBuilder pending = new StringBuilder();

      void literal(String s) { pending.append(s); }

      /** Text where each '*' is a {@link #STAR}; consecutive stars collapse into one. */
      void wildcardText(String s) {
        for (int i = 0; i < s.length(); i++) {
          char c = s.charAt(i);
          if (c == '*') {
            if (pending.length() > 0 || kinds.isEmpty() || kinds.get(kinds.size() - 1) != STAR) {
              token(STAR);
            }
          } else {
            pending.append(c);
          }
        }
      }

      void dropTrailingDot() {
        if (pending.length() > 0 && pending.charAt(pending.length() - 1) == '.') {
          pending.setLength(pending.length() - 1);
        }
      }

      void packages() { token(PACKAGES); }

      void subpackageTail() { token(SUBPACKAGE_TAIL); }

      void anyNonEmpty() { token(ANY_NON_EMPTY); }

      private void token(byte kind) {
        flush();
        kinds.add(kind);
        literals.add(null);
      }

      private void flush() {
        if (pending.length() > 0) {
          kinds.add(LITERAL);
          literals.add(pending.toString());
          pending.setLength(0);
        }
      }

      Glob build() {
        flush();
        byte[] k = new byte[kinds.size()];
        for (int i = 0; i < k.length; i++) {
          k[i] = kinds.get(i);
        }
        return new Glob(k, literals.toArray(new String[0]));
      }
    }
  }
}
