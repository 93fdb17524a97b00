package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import io.methodcache.agent.bootstrap.Hit;
import java.lang.ref.WeakReference;
import java.util.Optional;

/**
 * One cached method of a rule: how its arguments form a key, and what its results look like when
 * they come back from the shared tier. Its entries live in the rule's {@link RuleCache}; a method
 * other than the rule's first wraps its keys in a {@link SiteKey} (methods, or one class loaded by
 * two class loaders, must never see each other's values).
 */
public final class Site {
  /** What {@link #fromStored} returns for a value the method could not have returned. */
  static final Object WRONG_TYPE = new Object();

  final int id;
  final RuleRuntime rule;
  final RuleCache cache;
  final String method;
  final int arity;
  final KeyStrategy keys;
  /** No key template: a single argument is its own (normalised) key, without a virtual call. */
  final boolean plainKeys;
  /** A write rule's method: it evicts (or puts) other rules' entries, and caches nothing. */
  final boolean write;
  /** The rule hands each caller its own copy of a cached value ({@link Frozen}). */
  final boolean copyOnRead;
  /** The rule tags its entries: a miss renders the tags from the call's arguments. */
  final boolean tagged;
  /** The rule refreshes ahead of expiry: hits past the refresh point reload in the background. */
  final boolean refreshAhead;
  /**
   * The receiver takes part in the key through {@link #receivers} (neither the template names it
   * nor does the rule say {@code receiver: ignore}); static methods pass a null receiver.
   */
  final boolean receiverKeyed;
  final ReceiverPolicy receivers;
  /** 0 for the rule's first method: its keys go unwrapped. */
  private final int index;
  private final KeyRenderer renderer;
  /** Prefix of this method's shared-tier keys when its rule may cache several methods. */
  private final String l2MethodPrefix;
  private final WeakReference<ClassLoader> loader;
  private final MethodInfo info;
  private final String returnType;
  private volatile Class<?> returnClass;
  private volatile java.lang.reflect.Method reloadMethod;

  Site(int id, RuleRuntime rule, int index, MethodInfo info) {
    this.id = id;
    this.rule = rule;
    this.cache = rule.cache();
    this.index = index;
    this.method = info.description;
    this.arity = info.arity;
    this.keys = KeyStrategy.forTemplate(rule.config().key());
    this.plainKeys = rule.config().key() == null;
    this.receiverKeyed = !rule.config().receiverIgnored()
        && !(rule.config().key() != null && rule.config().key().namesReceiver());
    this.receivers = new ReceiverPolicy(this);
    this.refreshAhead = rule.config().mode() == io.methodcache.agent.config.Mode.REFRESH_AHEAD;
    this.write = rule.config().isWriteRule();
    this.tagged = !write && cache.tagged();
    this.copyOnRead = !write && rule.config().copyOnRead();
    this.renderer = new KeyRenderer(rule.config().key());
    this.l2MethodPrefix = singleMethod(rule.config().method()) ? "" : info.description + ":";
    this.loader = new WeakReference<>(info.loader);
    this.info = info.withoutLoader();
    this.returnType = info.returnType;
  }

  public String method() { return method; }

  int index() { return index; }

  /** What the instrumenter told about this method (its loader held weakly, as here). */
  MethodInfo info() {
    return new MethodInfo(info.description, info.arity, info.returnType, loader.get(),
        info.declaringType, info.methodName, info.parameterTypes);
  }

  /**
   * Whether a rule's pattern names exactly one method (type, name and parameters). Only then can
   * its shared-tier keys leave the method out; otherwise the method is part of every key.
   */
  static boolean singleMethod(io.methodcache.agent.config.MethodPattern p) {
    return p.exactParameterCount() >= 0 && p.exactTypeName() != null
        && p.exactMethodName() != null && !p.subtypes();
  }

  Object own(Object key) {
    return index == 0 ? key : new SiteKey(index, key);
  }

  Object lookup(Object key) {
    return cache.lookup(this, own(key), null);
  }

  /** For a rule with tags: a plain L1 hit, or null (then {@link #lookup(Object, Object[])}). */
  Entry hit(Object key) {
    return cache.hit(own(key));
  }

  /** For a rule with tags: a miss renders them from {@code args}. */
  Object lookup(Object key, Object[] args) {
    return cache.lookup(this, own(key), args);
  }

  void invalidate(Object key) {
    cache.invalidate(this, own(key));
  }

  /**
   * What a copy-on-read rule keeps of a result: its frozen form, or {@link #UNCOPYABLE} (reported
   * once) when it cannot be copied — then it is not cached, as sharing it would break the rule.
   */
  Object freeze(Object result) {
    if (result instanceof java.util.concurrent.CompletionStage) {
      reportUncopyable(result, "a future cannot be copied");
      return UNCOPYABLE;
    }
    try {
      return Frozen.of(toStored(result));
    } catch (java.io.IOException | RuntimeException e) {
      reportUncopyable(result, e.toString());
      return UNCOPYABLE;
    }
  }

  static final Object UNCOPYABLE = new Object();

  private void reportUncopyable(Object result, String why) {
    rule.stats().uncacheable.increment();
    Log.warnOnce("copy-on-read|" + rule.name() + "|" + result.getClass().getName(),
        rule.config().position() + ": rule '" + rule.name() + "': copy-on-read needs a result it"
            + " can copy, but " + method + " returned a " + result.getClass().getName() + " ("
            + why + "); such results are not cached. Fix: make it Serializable, or remove"
            + " copy-on-read if callers never change the results");
  }

  /** A hit of a copy-on-read rule as the caller's own copy; null (run the body) if it fails. */
  Object copyOut(Object r) {
    if (!(r instanceof Hit) || !(((Hit) r).value instanceof Frozen)) {
      return r; // a miss, or a waiter's failure to rethrow
    }
    try {
      Object copy = fromStored(((Frozen) ((Hit) r).value).thaw(loader()));
      return copy == WRONG_TYPE ? null : new Hit(copy);
    } catch (java.io.IOException | ClassNotFoundException | RuntimeException e) {
      fault(e);
      return null;
    }
  }

  /**
   * The key as text, the same in every JVM (shared-tier keys and invalidations). A receiver the
   * template does not name is left out: such keys never reach the shared tier, and an
   * invalidation by text reaches them for every receiver.
   */
  String render(Object ownedKey) {
    Object key = ownedKey instanceof SiteKey ? ((SiteKey) ownedKey).key() : ownedKey;
    if (key instanceof ReceiverKey) {
      key = ((ReceiverKey) key).args;
    }
    return l2MethodPrefix + renderer.renderKey(key);
  }

  /** The class that declares the cached method; null when it cannot be resolved here. */
  Class<?> declaringClass() {
    if (info.declaringType == null) {
      return null;
    }
    try {
      return Class.forName(info.declaringType, false, loader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** The cached method itself, for refresh-ahead reloads; null when it cannot be resolved. */
  java.lang.reflect.Method reloadMethod() {
    java.lang.reflect.Method m = reloadMethod;
    if (m == null && info.declaringType != null) {
      try {
        ClassLoader l = loader();
        Class<?> type = Class.forName(info.declaringType, false, l);
        Class<?>[] params = new Class<?>[info.parameterTypes.size()];
        for (int i = 0; i < params.length; i++) {
          String p = info.parameterTypes.get(i);
          Class<?> prim = primitive(p);
          params[i] = prim != null ? prim : Class.forName(p, false, l);
        }
        m = type.getDeclaredMethod(info.methodName, params);
        m.setAccessible(true);
        reloadMethod = m;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Log.warnOnce("reload-method|" + method, "rule '" + rule.name() + "': " + method
            + " cannot be called for refresh-ahead (" + e + "); its entries expire instead");
        return null;
      }
    }
    return m;
  }

  ClassLoader loader() {
    ClassLoader l = loader.get();
    return l != null ? l : ClassLoader.getSystemClassLoader();
  }

  boolean optionalResult() {
    return "java.util.Optional".equals(returnType);
  }

  /** The form a result is stored in outside the heap: an Optional by its content. */
  Object toStored(Object result) {
    return result instanceof Optional ? ((Optional<?>) result).orElse(null) : result;
  }

  /**
   * A value read back from the shared tier as this method's result, or {@link #WRONG_TYPE}: a
   * value of another type (tampered, or written by another version of the application) would
   * make the advice's cast fail in the caller.
   */
  Object fromStored(Object value) {
    if (optionalResult()) {
      return Optional.ofNullable(value);
    }
    Class<?> type = returnClass();
    if (value == null) {
      return type != null && type.isPrimitive() ? WRONG_TYPE : null;
    }
    return type != null && box(type).isInstance(value) ? value : WRONG_TYPE;
  }

  private Class<?> returnClass() {
    Class<?> c = returnClass;
    if (c == null) {
      try {
        c = primitive(returnType);
        if (c == null) {
          c = Class.forName(returnType, false, loader());
        }
        returnClass = c;
      } catch (ClassNotFoundException | LinkageError e) {
        return null;
      }
    }
    return c;
  }

  private static Class<?> primitive(String name) {
    switch (name) {
      case "int": return int.class;
      case "long": return long.class;
      case "double": return double.class;
      case "float": return float.class;
      case "boolean": return boolean.class;
      case "byte": return byte.class;
      case "short": return short.class;
      case "char": return char.class;
      default: return null;
    }
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) return type;
    if (type == int.class) return Integer.class;
    if (type == long.class) return Long.class;
    if (type == double.class) return Double.class;
    if (type == float.class) return Float.class;
    if (type == boolean.class) return Boolean.class;
    if (type == byte.class) return Byte.class;
    if (type == short.class) return Short.class;
    return Character.class;
  }

  /** A fault in the agent's own code: counted, reported once per rule and cause. */
  void fault(Throwable t) {
    RuleStats stats = rule.stats();
    if (t instanceof KeyException && ((KeyException) t).configuration) {
      stats.uncacheable.increment();
      Log.warnOnce(rule.name() + "|" + method + "|" + t.getMessage(), rule.config().keyPosition()
          + ": rule '" + rule.name() + "': " + method + ": " + t.getMessage()
          + " (calls run uncached)");
      return;
    }
    stats.errors.increment();
    Faults.record();
    Log.warnOnce(rule.name() + "|" + t.getClass().getName(), "rule '" + rule.name() + "': "
        + method + ": internal error, the call ran uncached: " + t);
  }

  /** What the instrumenter knows of a cached method. */
  public static final class MethodInfo {
    final String description;
    final int arity;
    final String returnType;
    final ClassLoader loader;
    /** For refresh-ahead reloads: where the method is declared, its name, its parameter types. */
    final String declaringType;
    final String methodName;
    final java.util.List<String> parameterTypes;

    public MethodInfo(String description, int arity, String returnType, ClassLoader loader) {
      this(description, arity, returnType, loader, null, null, java.util.List.of());
    }

    public MethodInfo(String description, int arity, String returnType, ClassLoader loader,
        String declaringType, String methodName, java.util.List<String> parameterTypes) {
      this.description = description;
      this.arity = arity;
      this.returnType = returnType;
      this.loader = loader;
      this.declaringType = declaringType;
      this.methodName = methodName;
      this.parameterTypes = parameterTypes;
    }

    public String description() {
      return description;
    }

    MethodInfo withoutLoader() {
      return new MethodInfo(description, arity, returnType, null, declaringType, methodName,
          parameterTypes);
    }
  }
}
