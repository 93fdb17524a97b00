package io.methodcache.agent.jmx;

import io.methodcache.agent.config.KeyTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a key given as text could be a key of a rule, judged from what its loaded methods'
 * keys are rendered from: a {@code long} argument renders as digits, a {@code boolean} as
 * {@code true}/{@code false}, and so on. Used only to explain an invalidation that matched
 * nothing ({@code abc} for a {@code long} key cannot exist); an argument whose rendering it does
 * not know (a string, an object, a property path) accepts any text, so it never calls a real key
 * impossible.
 */
final class KeyShape {
  private static final String INTEGER = "-?[0-9]+";
  private static final String DECIMAL = "(?:-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?|-?Infinity|NaN)";
  private static final String BOOLEAN = "(?:true|false)";
  /** One character as a key renders it (\ escapes the separators). */
  private static final String CHAR = "(?:\\\\[\\\\,\\[\\]{}=]|[^\\\\,\\[\\]{}=])";
  private static final String NULL = "\\\\0";

  private KeyShape() {}

  /**
   * Null when {@code text} may be a key of one of the methods ({@code Type#name(params)} as the
   * rule's Methods list them) under the template (null: all arguments joined with ','); else
   * what its keys look like, e.g. "findById(long) renders its keys as whole numbers".
   */
  static String impossible(String text, KeyTemplate template, List<String> methods) {
    if (methods.isEmpty()) {
      return null; // nothing loaded here: no shape known
    }
    List<String> shapes = new ArrayList<>();
    for (String method : methods) {
      String body = text.startsWith(method + ":") ? text.substring(method.length() + 1) : text;
      List<String> params = parameters(method);
      if (params == null) {
        return null;
      }
      String regex = regex(template, params);
      if (regex == null || Pattern.matches(regex, body)) {
        return null;
      }
      shapes.add(method.substring(method.lastIndexOf('#') + 1) + " renders its keys as "
          + describe(template, params));
    }
    return String.join("; ", shapes);
  }

  private static List<String> parameters(String method) {
    int open = method.lastIndexOf('(');
    int close = method.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String inside = method.substring(open + 1, close).trim();
    List<String> out = new ArrayList<>();
    if (!inside.isEmpty()) {
      for (String p : inside.split(",")) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static String regex(KeyTemplate template, List<String> params) {
    StringBuilder b = new StringBuilder();
    if (template == null) {
      if (params.isEmpty()) {
        return ""; // the one key of a method without arguments renders as the empty text
      }
      for (int i = 0; i < params.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(forType(params.get(i)));
      }
      return b.toString();
    }
    for (KeyTemplate.Part part : template.parts()) {
      if (part.isLiteral()) {
        b.append(Pattern.quote(part.literal()));
      } else if (!part.path().isEmpty() || part.argumentIndex() < 0
          || part.argumentIndex() >= params.size()) {
        b.append(".*"); // a property, the receiver, or unknown: any text
      } else {
        b.append(forType(params.get(part.argumentIndex())));
      }
    }
    return b.toString();
  }

  private static String forType(String type) {
    switch (type) {
      case "long": case "int": case "short": case "byte":
        return INTEGER;
      case "java.lang.Long": case "java.lang.Integer": case "java.lang.Short":
      case "java.lang.Byte":
        return "(?:" + INTEGER + "|" + NULL + ")";
      case "double": case "float":
        return DECIMAL;
      case "java.lang.Double": case "java.lang.Float":
        return "(?:" + DECIMAL + "|" + NULL + ")";
      case "boolean":
        return BOOLEAN;
      case "java.lang.Boolean":
        return "(?:" + BOOLEAN + "|" + NULL + ")";
      case "char":
        return CHAR;
      case "java.lang.Character":
        return "(?:" + CHAR + "|" + NULL + ")";
      default:
        return ".*";
    }
  }

  private static String describe(KeyTemplate template, List<String> params) {
    if (template == null) {
      if (params.isEmpty()) {
        return "the empty text (it has one key)";
      }
      List<String> examples = new ArrayList<>();
      for (String p : params) {
        examples.add(example(p));
      }
      return "its arguments joined with ',' (" + String.join(", ", params) + "), e.g. "
          + String.join(",", examples);
    }
    StringBuilder e = new StringBuilder();
    for (KeyTemplate.Part part : template.parts()) {
      if (part.isLiteral()) {
        e.append(part.literal());
      } else if (part.path().isEmpty() && part.argumentIndex() >= 0
          && part.argumentIndex() < params.size()) {
        e.append(example(params.get(part.argumentIndex())));
      } else {
        e.append("…");
      }
    }
    return "key \"" + template.text() + "\", e.g. " + e;
  }

  private static String example(String type) {
    switch (type) {
      case "long": case "int": case "short": case "byte": case "java.lang.Long":
      case "java.lang.Integer": case "java.lang.Short": case "java.lang.Byte":
        return "42";
      case "double": case "float": case "java.lang.Double": case "java.lang.Float":
        return "4.2";
      case "boolean": case "java.lang.Boolean":
        return "true";
      case "char": case "java.lang.Character":
        return "x";
      default:
        return "…";
    }
  }
}
