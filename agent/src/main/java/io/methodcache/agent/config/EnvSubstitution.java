package io.methodcache.agent.config;

import java.util.function.Function;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar with values from the
 * environment before the scalar is interpreted; {@code $${} is a literal {@code ${}. Not
 * recursive: a substituted value is never scanned again, so a variable cannot inject another.
 */
final class EnvSubstitution {
  private EnvSubstitution() {}

  /**
   * @param example a plausible value of the setting, used in the message's fix
   * @throws IllegalArgumentException for an unset variable without default or a malformed reference
   */
  static String apply(String text, Function<String, String> env, String example) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("'${' at position " + (i + 1) + " is not closed; write"
              + " ${NAME} or ${NAME:-default} (or $${ for a literal ${)");
        }
        String body = text.substring(i + 2, close);
        int dash = body.indexOf(":-");
        String name = dash < 0 ? body : body.substring(0, dash);
        String fallback = dash < 0 ? null : body.substring(dash + 2);
        if (!isName(name)) {
          throw new IllegalArgumentException("'${" + body + "}' is not a valid environment variable"
              + " reference; names use letters, digits and '_', e.g. ${SHOP_TTL:-" + example
              + "} (or write $${ for a literal ${)");
        }
        String value = lookUp(env, name);
        if (value == null || (value.isEmpty() && fallback != null)) {
          if (fallback == null) {
            throw new IllegalArgumentException("environment variable " + name + " is not set and"
                + " has no default; write ${" + name + ":-" + example + "} or set it");
          }
          value = fallback;
        }
        out.append(value);
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  /** A failing look-up (a security manager, a broken function) counts as "not set". */
  private static String lookUp(Function<String, String> env, String name) {
    if (env == null) {
      return null;
    }
    try {
      return env.apply(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean isName(String s) {
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
