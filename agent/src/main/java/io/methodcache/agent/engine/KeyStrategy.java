package io.methodcache.agent.engine;

import io.methodcache.agent.config.KeyTemplate;
import java.util.List;

/**
 * Builds a site's L1 key from a call's arguments. One cache per cached method, so the method's
 * identity is never part of the key; a single argument is its own key (no wrapper, no array); an
 * arity-specific entry point per call shape avoids an argument array for methods of few arguments.
 */
abstract class KeyStrategy {
  /** The key of every call of a method without arguments. */
  static final Object NO_ARGS = new Object() {
    @Override public String toString() { return "()"; }
  };

  abstract Object of0();

  abstract Object of1(Object a0);

  abstract Object of2(Object a0, Object a1);

  abstract Object of3(Object a0, Object a1, Object a2);

  abstract Object ofN(Object[] args);

  /** Dispatches on the argument count, for callers that hold an array (agent-api invalidate). */
  final Object of(Object[] args) {
    switch (args.length) {
      case 0: return of0();
      case 1: return of1(args[0]);
      case 2: return of2(args[0], args[1]);
      case 3: return of3(args[0], args[1], args[2]);
      default: return ofN(args);
    }
  }

  static KeyStrategy forTemplate(KeyTemplate template) {
    return template == null ? new AllArguments() : new Template(template);
  }

  /** No template: every argument takes part, each normalised ({@link KeyValues}). */
  static final class AllArguments extends KeyStrategy {
    @Override Object of0() { return NO_ARGS; }

    @Override Object of1(Object a0) { return KeyValues.normalize(a0); }

    @Override Object of2(Object a0, Object a1) {
      return new ArgsKey(new Object[] {KeyValues.normalize(a0), KeyValues.normalize(a1)});
    }

    @Override Object of3(Object a0, Object a1, Object a2) {
      return new ArgsKey(new Object[] {
          KeyValues.normalize(a0), KeyValues.normalize(a1), KeyValues.normalize(a2)});
    }

    /** The advice allocates a fresh array per call, so it is normalised in place and kept. */
    @Override Object ofN(Object[] args) {
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
    private final int[] indexes;
    private final String[][] paths;

    Template(KeyTemplate template) {
      List<KeyTemplate.Part> placeholders = template.placeholders();
      indexes = new int[placeholders.size()];
      paths = new String[placeholders.size()][];
      for (int i = 0; i < indexes.length; i++) {
        indexes[i] = placeholders.get(i).argumentIndex();
        paths[i] = placeholders.get(i).path().toArray(new String[0]);
      }
    }

    private Object value(int placeholder, Object argument) {
      Object v = argument;
      for (String property : paths[placeholder]) {
        v = PropertyReader.read(v, property);
      }
      return KeyValues.normalize(v);
    }

    private Object select(Object a0, Object a1, Object a2, Object[] args) {
      if (indexes.length == 1) {
        return value(0, pick(indexes[0], a0, a1, a2, args));
      }
      Object[] values = new Object[indexes.length];
      for (int i = 0; i < indexes.length; i++) {
        values[i] = value(i, pick(indexes[i], a0, a1, a2, args));
      }
      return new ArgsKey(values);
    }

    private static Object pick(int index, Object a0, Object a1, Object a2, Object[] args) {
      if (args != null) {
        return args[index];
      }
      return index == 0 ? a0 : index == 1 ? a1 : a2;
    }

    @Override Object of0() { return NO_ARGS; }
    @Override Object of1(Object a0) { return select(a0, null, null, null); }
    @Override Object of2(Object a0, Object a1) { return select(a0, a1, null, null); }
    @Override Object of3(Object a0, Object a1, Object a2) { return select(a0, a1, a2, null); }
    @Override Object ofN(Object[] args) { return select(null, null, null, args); }
  }
}
