package io.methodcache.agent.engine;

import io.methodcache.agent.config.KeyTemplate;
import java.util.List;

/**
 * Builds a site's L1 key from a call's arguments (and, for a template naming {@code {this}}, its
 * receiver). One cache per rule, in which only the rule's first method's keys go unwrapped
 * ({@link SiteKey}); a single argument is its own key (no wrapper, no array); an arity-specific
 * entry point per call shape avoids an argument array for methods of few arguments. How a
 * receiver the template does not name takes part is {@link ReceiverPolicy}'s concern.
 */
abstract class KeyStrategy {
  /** The key of every call of a method without arguments. */
  static final Object NO_ARGS = new Object() {
    @Override public String toString() { return "()"; }
  };

  abstract Object of0(Object self);

  abstract Object of1(Object self, Object a0);

  abstract Object of2(Object self, Object a0, Object a1);

  abstract Object of3(Object self, Object a0, Object a1, Object a2);

  abstract Object ofN(Object self, Object[] args);

  /**
   * Dispatches on the argument count, for callers that hold an array and no receiver
   * (agent-api invalidate); never for a template that names {@code {this}}.
   */
  final Object of(Object[] args) {
    switch (args.length) {
      case 0: return of0(null);
      case 1: return of1(null, args[0]);
      case 2: return of2(null, args[0], args[1]);
      case 3: return of3(null, args[0], args[1], args[2]);
      default: return ofN(null, args);
    }
  }

  /** True when the key cannot be built from the arguments alone (a template naming this). */
  boolean needsReceiver() {
    return false;
  }

  static KeyStrategy forTemplate(KeyTemplate template) {
    return template == null ? new AllArguments() : new Template(template);
  }

  /** No template: every argument takes part, each normalised ({@link KeyValues}). */
  static final class AllArguments extends KeyStrategy {
    @Override Object of0(Object self) { return NO_ARGS; }

    @Override Object of1(Object self, Object a0) { return KeyValues.normalize(a0); }

    @Override Object of2(Object self, Object a0, Object a1) {
      return new ArgsKey(new Object[] {KeyValues.normalize(a0), KeyValues.normalize(a1)});
    }

    @Override Object of3(Object self, Object a0, Object a1, Object a2) {
      return new ArgsKey(new Object[] {
          KeyValues.normalize(a0), KeyValues.normalize(a1), KeyValues.normalize(a2)});
    }

    /** The advice allocates a fresh array per call, so it is normalised in place and kept. */
    @Override Object ofN(Object self, Object[] args) {
      for (int i = 0; i < args.length; i++) {
        args[i] = KeyValues.normalize(args[i]);
      }
      return new ArgsKey(args);
    }
  }

  /**
   * A key template: the values its placeholders select form the key. The literal text between
   * them is the same for every call of the method, so it plays no part in L1 equality.
   */
  static final class Template extends KeyStrategy {
    /** Argument index per placeholder; {@link #RECEIVER} for {@code {this…}}. */
    private final int[] indexes;
    private final String[][] paths;
    private final boolean namesReceiver;
    private static final int RECEIVER = -1;

    Template(KeyTemplate template) {
      List<KeyTemplate.Part> placeholders = template.placeholders();
      indexes = new int[placeholders.size()];
      paths = new String[placeholders.size()][];
      for (int i = 0; i < indexes.length; i++) {
        KeyTemplate.Part p = placeholders.get(i);
        indexes[i] = p.isReceiver() ? RECEIVER : p.argumentIndex();
        paths[i] = p.path().toArray(new String[0]);
      }
      namesReceiver = template.namesReceiver();
    }

    @Override
    boolean needsReceiver() {
      return namesReceiver;
    }

    private Object value(int placeholder, Object argument) {
      Object v = argument;
      for (String property : paths[placeholder]) {
        v = PropertyReader.read(v, property);
      }
      return KeyValues.normalize(v);
    }

    private Object select(Object self, Object a0, Object a1, Object a2, Object[] args) {
      if (indexes.length == 1) {
        return value(0, pick(indexes[0], self, a0, a1, a2, args));
      }
      Object[] values = new Object[indexes.length];
      for (int i = 0; i < indexes.length; i++) {
        values[i] = value(i, pick(indexes[i], self, a0, a1, a2, args));
      }
      return new ArgsKey(values);
    }

    private static Object pick(int index, Object self, Object a0, Object a1, Object a2,
        Object[] args) {
      if (index == RECEIVER) {
        if (self == null) {
          throw new KeyException("the key names {this}, but the method is static (or the"
              + " arguments were given without the object, e.g. agent-api invalidate); fix: name"
              + " arguments only", true, null);
        }
        return self;
      }
      if (args != null) {
        return args[index];
      }
      return index == 0 ? a0 : index == 1 ? a1 : a2;
    }

    @Override Object of0(Object self) {
      return namesReceiver ? select(self, null, null, null, null) : NO_ARGS;
    }

    @Override Object of1(Object self, Object a0) { return select(self, a0, null, null, null); }

    @Override Object of2(Object self, Object a0, Object a1) {
      return select(self, a0, a1, null, null);
    }

    @Override Object of3(Object self, Object a0, Object a1, Object a2) {
      return select(self, a0, a1, a2, null);
    }

    @Override Object ofN(Object self, Object[] args) {
      return select(self, null, null, null, args);
    }
  }
}
