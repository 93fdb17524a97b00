package io.methodcache.agent.engine;

import io.methodcache.agent.config.KeyTemplate;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a call's key as text, the same in every JVM: the shared tier's keys, and the form in
 * which invalidations travel between JVMs and between rules. Only the miss path renders; a hit
 * never does.
 *
 * <p>Without a template the arguments are joined with {@code ,}; with one, its literal text is
 * kept and each placeholder replaced. Strings are written as they are, with {@code \} escaping
 * {@code \ , [ ] { } =} so that different argument lists never render alike; sets and maps are
 * sorted by their rendered elements (their iteration order differs between JVMs). A value whose
 * class has no {@code toString} of its own renders as its identity, which differs between JVMs:
 * it is refused.
 */
final class KeyRenderer {
  private static final ClassValue<Boolean> OWN_TO_STRING = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        Method m = type.getMethod("toString");
        return m.getDeclaringClass() != Object.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  };

  private final KeyTemplate template;

  KeyRenderer(KeyTemplate template) {
    this.template = template;
  }

  String render(Object[] args) {
    StringBuilder out = new StringBuilder(32);
    if (template == null) {
      for (int i = 0; i < args.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        value(out, args[i]);
      }
      return out.toString();
    }
    for (KeyTemplate.Part part : template.parts()) {
      if (part.isLiteral()) {
        out.append(part.literal());
      } else if (part.isReceiver()) {
        throw new KeyException("the key names {this}, which arguments alone cannot render", true,
            null);
      } else {
        Object v = args[part.argumentIndex()];
        for (String property : part.path()) {
          v = PropertyReader.read(v, property);
        }
        value(out, v);
      }
    }
    return out.toString();
  }

  /**
   * Renders an L1 key (the normalised values {@link KeyStrategy} built) — the same text as
   * {@link #render} gives for the call's arguments, without needing them again.
   */
  String renderKey(Object key) {
    if (key == KeyStrategy.NO_ARGS) {
      return template == null ? "" : template.text();
    }
    Object[] values = key instanceof ArgsKey ? ((ArgsKey) key).values() : new Object[] {key};
    StringBuilder out = new StringBuilder(32);
    if (template == null) {
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        keyValue(out, values[i]);
      }
      return out.toString();
    }
    int next = 0;
    for (KeyTemplate.Part part : template.parts()) {
      if (part.isLiteral()) {
        out.append(part.literal());
      } else {
        keyValue(out, values[next++]);
      }
    }
    return out.toString();
  }

  private static void keyValue(StringBuilder out, Object v) {
    if (v == KeyValues.NULL) {
      value(out, null);
    } else if (v instanceof ArrayKey) {
      value(out, ((ArrayKey) v).array());
    } else {
      value(out, v);
    }
  }

  private static String renderKeyValue(Object v) {
    StringBuilder out = new StringBuilder();
    keyValue(out, v);
    return out.toString();
  }

  static String renderValue(Object v) {
    StringBuilder out = new StringBuilder();
    value(out, v);
    return out.toString();
  }

  private static void value(StringBuilder out, Object v) {
    if (v == null) {
      out.append("\\0");
    } else if (v instanceof CharSequence) {
      escape(out, v.toString());
    } else if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
      escape(out, v.toString());
    } else if (v instanceof Enum) {
      escape(out, ((Enum<?>) v).name());
    } else if (v.getClass().isArray()) {
      out.append('[');
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        if (i > 0) {
          out.append(',');
        }
        keyValue(out, Array.get(v, i));
      }
      out.append(']');
    } else if (v instanceof OrderedKey) {
      OrderedKey k = (OrderedKey) v;
      List<String> items = new ArrayList<>();
      for (int i = 0; i < k.items.size(); i += k.map ? 2 : 1) {
        items.add(renderKeyValue(k.items.get(i))
            + (k.map ? "=" + renderKeyValue(k.items.get(i + 1)) : ""));
      }
      out.append('{').append(String.join(",", items)).append('}');
    } else if (v instanceof Set) {
      // in iteration order when the set defines one (as its key in L1 does), else sorted: the
      // iteration order of a HashSet differs between JVMs
      List<String> items = new ArrayList<>();
      for (Object o : (Set<?>) v) {
        items.add(renderValue(o));
      }
      if (OrderedKey.unordered(v)) {
        Collections.sort(items);
      }
      out.append('{').append(String.join(",", items)).append('}');
    } else if (v instanceof Map) {
      List<String> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        entries.add(renderValue(e.getKey()) + "=" + renderValue(e.getValue()));
      }
      if (OrderedKey.unordered(v)) {
        Collections.sort(entries);
      }
      out.append('{').append(String.join(",", entries)).append('}');
    } else if (v instanceof Collection) {
      out.append('[');
      boolean first = true;
      for (Object o : (Collection<?>) v) {
        if (!first) {
          out.append(',');
        }
        first = false;
        keyValue(out, o);
      }
      out.append(']');
    } else if (OWN_TO_STRING.get(v.getClass())) {
      escape(out, v.toString());
    } else {
      throw new KeyException("an argument of type " + v.getClass().getName()
          + " has no toString() of its own, so its key would differ in every JVM; fix: give"
          + " the rule a key naming value properties (e.g. key: \"{0.id}\")", true, null);
    }
  }

  private static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '=') {
        out.append('\\');
      }
      out.append(c);
    }
  }
}
