package io.methodcache.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code key:} value of a rule, e.g. {@code "{0}"}, {@code "{1.customer.id}/{0}"}: literal text
 * and placeholders {@code {N}} or {@code {N.prop.prop}} (N a 0-based argument index), or
 * {@code {this}} / {@code {this.prop}} for the object the method is called on (a caching rule's
 * {@code key:} only). {@code {{} and {@code }}} are literal braces. Only the structure lives here;
 * the engine evaluates it.
 *
 * <p>Tags ({@code tags:}, {@code evict: {tag: …}}) use the same syntax through {@link #parseTag},
 * which also accepts a constant without placeholders ({@code catalog}).
 */
public final class KeyTemplate {
  /** The JVM allows at most 255 parameter slots, so a larger index can never name an argument. */
  private static final int MAX_INDEX = 254;
  private static final String EXAMPLE = "e.g. \"{0}\" or \"{1.customer.id}/{0}\"";
  private static final String TAG_EXAMPLE = "e.g. \"product:{0}\" or \"catalog\"";

  private final String text;
  private final List<Part> parts;
  private final List<Part> placeholders;
  private final int maxArgumentIndex;
  private final boolean namesReceiver;

  private KeyTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = Collections.unmodifiableList(parts);
    List<Part> ph = new ArrayList<>();
    int max = -1;
    boolean receiver = false;
    for (Part p : parts) {
      if (!p.isLiteral()) {
        ph.add(p);
        max = Math.max(max, p.argumentIndex());
        receiver |= p.isReceiver();
      }
    }
    this.placeholders = Collections.unmodifiableList(ph);
    this.maxArgumentIndex = max;
    this.namesReceiver = receiver;
  }

  /**
   * The same template, refused when it names {@code {this}}: a tag or a write rule's key is
   * rendered from the arguments, where {@code this} would be another object than the cached one.
   *
   * @throws IllegalArgumentException saying how to write it instead
   */
  public KeyTemplate withoutReceiver(String what) {
    if (namesReceiver) {
      throw new IllegalArgumentException("'" + text + "' names {this}, which only a caching"
          + " rule's own key may use: " + what + " is rendered from the write method's or the"
          + " call's arguments; name the value through an argument instead, e.g. {0.region}");
    }
    return this;
  }

  /**
   * A key template: at least one placeholder.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static KeyTemplate parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException(
          "the key template is empty; a key template must name at least one argument, " + EXAMPLE);
    }
    return parse(text, EXAMPLE, true);
  }

  /**
   * A tag template: like a key template, but a tag may be a constant without placeholders
   * ({@code catalog}); {@code product:{0.id}} renders one tag per argument value.
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  public static KeyTemplate parseTag(String text) {
    if (text == null || text.trim().isEmpty()) {
      throw new IllegalArgumentException("the tag is empty; write a constant or a template over"
          + " the arguments, " + TAG_EXAMPLE);
    }
    return parse(text, TAG_EXAMPLE, false);
  }

  private static KeyTemplate parse(String text, String example, boolean needsPlaceholder) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '}') {
        throw new IllegalArgumentException("unmatched '}' at position " + (i + 1) + " of '" + text
            + "'; write '}}' for a literal brace or open a placeholder with '{', " + example);
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int reopen = text.indexOf('{', i + 1);
        if (close < 0 || (reopen >= 0 && reopen < close)) {
          throw new IllegalArgumentException("unclosed '{' at position " + (i + 1) + " of '" + text
              + "'; close the placeholder with '}' or write '{{' for a literal brace, " + example);
        }
        if (literal.length() > 0) {
          parts.add(Part.literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(placeholder(text.substring(i + 1, close), i + 1, text));
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(Part.literal(literal.toString()));
    }
    if (needsPlaceholder && parts.stream().allMatch(Part::isLiteral)) {
      throw new IllegalArgumentException("'" + text + "' has no placeholder; a key template must"
          + " name at least one argument, e.g. \"{0}\"");
    }
    return new KeyTemplate(text, parts);
  }

  private static Part placeholder(String body, int position, String text) {
    String where = " at position " + position + " of '" + text + "'";
    if (body.trim().isEmpty()) {
      throw new IllegalArgumentException("empty placeholder '{" + body + "}'" + where
          + "; write the 0-based argument index inside, e.g. {0} for the first argument");
    }
    String[] segments = body.split("\\.", -1);
    String index = segments[0];
    boolean receiver = index.equals("this");
    if (!receiver && (index.isEmpty() || !index.chars().allMatch(ch -> ch >= '0' && ch <= '9'))) {
      throw new IllegalArgumentException("placeholder '{" + body + "}'" + where + " must start"
          + " with an argument index (0 is the first argument) or 'this', e.g. {0} or {0."
          + firstWord(body) + "}");
    }
    if (!receiver && (index.length() > 3 || Integer.parseInt(index) > MAX_INDEX)) {
      throw new IllegalArgumentException("argument index " + index + where + " is too large; a"
          + " method has at most 255 parameters, and {0} is the first");
    }
    List<String> path = new ArrayList<>();
    for (int s = 1; s < segments.length; s++) {
      String prop = segments[s];
      if (!isIdentifier(prop)) {
        throw new IllegalArgumentException("property '" + prop + "' in placeholder '{" + body
            + "}'" + where + " is not a Java name; write getter, record component or field names"
            + " separated by '.', e.g. {" + index + ".customer.id}");
      }
      path.add(prop);
    }
    return receiver ? Part.receiver(path) : Part.placeholder(Integer.parseInt(index), path);
  }

  private static String firstWord(String body) {
    String word = body.replaceAll("[^A-Za-z0-9_$.]", "").replaceAll("^[0-9.]+", "");
    return word.isEmpty() ? "name" : word;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c)) {
        return false;
      }
    }
    return true;
  }

  /** The template as written. */
  public String text() { return text; }

  /** Literal runs and placeholders in order; adjacent literal text is one part. */
  public List<Part> parts() { return parts; }

  /** Only the placeholders, in order. */
  public List<Part> placeholders() { return placeholders; }

  /** True when a placeholder names the receiver ({@code {this}} or {@code {this.prop}}). */
  public boolean namesReceiver() { return namesReceiver; }

  /** The largest argument index used; -1 when no placeholder names an argument. */
  public int maxArgumentIndex() { return maxArgumentIndex; }

  /** True for a constant tag: no placeholder, the same text for every call. */
  public boolean isConstant() { return placeholders.isEmpty(); }

  /**
   * The literal text with each placeholder as {@code {}}: two templates of one shape render equal
   * text for equal selected values ({@code product:{0}} and {@code product:{1.id}} both give
   * {@code product:{}}). Literal braces stay doubled, so shapes never collide by accident.
   */
  public String shape() {
    StringBuilder s = new StringBuilder();
    for (Part p : parts) {
      s.append(p.isLiteral() ? p.toString() : "{}");
    }
    return s.toString();
  }

  /** Exactly {@code {N}}: the argument itself is the key, so no string needs to be built. */
  public boolean isSingleArgument() {
    return parts.size() == 1 && !parts.get(0).isLiteral() && !parts.get(0).isReceiver()
        && parts.get(0).path().isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyTemplate && ((KeyTemplate) o).text.equals(text);
  }

  @Override
  public int hashCode() { return text.hashCode(); }

  @Override
  public String toString() { return text; }

  /** Literal text, or a placeholder: an argument index and a property path (maybe empty). */
  public static final class Part {
    private final String literal;
    private final int argumentIndex;
    private final List<String> path;
    private final boolean receiver;

    private Part(String literal, int argumentIndex, List<String> path, boolean receiver) {
      this.literal = literal;
      this.argumentIndex = argumentIndex;
      this.path = path;
      this.receiver = receiver;
    }

    static Part literal(String text) { return new Part(text, -1, List.of(), false); }

    static Part placeholder(int index, List<String> path) {
      return new Part(null, index, List.copyOf(path), false);
    }

    static Part receiver(List<String> path) {
      return new Part(null, -1, List.copyOf(path), true);
    }

    public boolean isLiteral() { return literal != null; }

    /** A placeholder naming the object the method is called on ({@code {this…}}). */
    public boolean isReceiver() { return receiver; }

    /** The text of a literal part (braces unescaped), or null for a placeholder. */
    public String literal() { return literal; }

    /** The 0-based argument index of a placeholder, or -1 for a literal or the receiver. */
    public int argumentIndex() { return argumentIndex; }

    /** Property names after the index ({@code {1.customer.id}}: customer, id); empty if none. */
    public List<String> path() { return path; }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Part)) {
        return false;
      }
      Part p = (Part) o;
      return argumentIndex == p.argumentIndex && receiver == p.receiver && path.equals(p.path)
          && (literal == null ? p.literal == null : literal.equals(p.literal));
    }

    @Override
    public int hashCode() {
      return 31 * (31 * argumentIndex + path.hashCode()) + (literal == null ? 0 : literal.hashCode());
    }

    @Override
    public String toString() {
      if (literal != null) {
        return literal.replace("{", "{{").replace("}", "}}");
      }
      String root = receiver ? "this" : String.valueOf(argumentIndex);
      return "{" + root + (path.isEmpty() ? "" : "." + String.join(".", path)) + "}";
    }
  }
}
