package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * How the object an instance method is called on takes part in its key, when the rule neither
 * names it in its template ({@code {this…}}) nor says {@code receiver: ignore}. An instance
 * method's result may depend on its object, so two objects must never share an entry silently:
 *
 * <ul>
 *   <li>The declaring class compares by value (a record, an enum, a class overriding
 *       {@code equals}): the receiver is part of the key ({@link ReceiverKey.ByValue}), and the
 *       entries stay in this JVM (name the receiver in {@code key:} to share them through Redis).
 *   <li>It compares by identity (the common singleton service): the first instance seen keys by
 *       its arguments alone, which costs the hit one reference comparison; any other instance gets
 *       entries of its own in this JVM ({@link ReceiverKey.ByIdentity}), said once with the fix.
 * </ul>
 *
 * Decided on the method's first call from its declaring class; for an interface or abstract
 * class (a default or inherited method, whose implementations may differ) each receiver's own
 * class decides, by a {@link ClassValue} look-up per call.
 */
final class ReceiverPolicy {
  private static final int UNDECIDED = 0;
  private static final int BY_VALUE = 1;
  private static final int BY_IDENTITY = 2;
  /** An interface or abstract class: each receiver's own class decides, per call. */
  private static final int BY_RECEIVER_CLASS = 3;

  private static final ClassValue<Boolean> VALUE_CLASSES = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      return comparesByValue(type);
    }
  };

  private final Site site;
  /*
   * Plain fields, read on every call: both are written under this object's lock, and a reader
   * that sees a stale value (UNDECIDED, null, or a reference not yet showing its referent) takes
   * the locked path, which looks again.
   */
  private int kind = UNDECIDED;
  /** The first instance seen (by identity); its calls key by their arguments alone. */
  private WeakReference<Object> first;

  ReceiverPolicy(Site site) {
    this.site = site;
  }

  /** The call's key qualified by {@code self} as the policy says ({@code self} null: static). */
  Object qualify(Object self, Object key) {
    if (self == null) {
      return key;
    }
    int k = kind;
    if (k == BY_IDENTITY) {
      WeakReference<Object> f = first;
      if (f != null && f.get() == self) {
        return key;
      }
      return otherInstance(self, key);
    }
    if (k == BY_VALUE) {
      return new ReceiverKey.ByValue(self, key);
    }
    if (k == BY_RECEIVER_CLASS) {
      if (VALUE_CLASSES.get(self.getClass())) {
        return new ReceiverKey.ByValue(self, key);
      }
      WeakReference<Object> f = first;
      return f != null && f.get() == self ? key : otherInstance(self, key);
    }
    decide(self);
    return qualify(self, key);
  }

  private synchronized void decide(Object self) {
    if (kind != UNDECIDED) {
      return;
    }
    Class<?> declaring = site.declaringClass();
    if (declaring == null) {
      declaring = self.getClass();
    }
    if (!declaring.isEnum() && (declaring.isInterface()
        || Modifier.isAbstract(declaring.getModifiers()))) {
      kind = BY_RECEIVER_CLASS; // a default or inherited method: implementations may differ
    } else if (comparesByValue(declaring)) {
      kind = BY_VALUE;
      String fix = site.rule.config().uses(io.methodcache.agent.config.Tier.L2)
          ? " its entries stay in this JVM; to share them through Redis, name the object in"
              + " the key, e.g. key: \"{this},{0}\"" : "";
      Log.infoOnce("receiver|" + site.method, "rule '" + site.rule.name() + "': " + site.method
          + " depends on the " + declaring.getSimpleName() + " it is called on (it compares by"
          + " value): that object is part of the key;" + fix);
    } else {
      kind = BY_IDENTITY;
    }
  }

  private Object otherInstance(Object self, Object key) {
    synchronized (this) {
      if (first == null) {
        first = new WeakReference<>(self);
        return key;
      }
      if (first.get() == self) {
        return key; // another thread made it the first a moment ago
      }
    }
    Load running = Load.RUNNING.get();
    if (running != null && running.site.cache == site.cache) {
      // an override's call to its cached super method (runs uncached inside the outer load):
      // not a sign of several instances
      return new ReceiverKey.ByIdentity(self, key);
    }
    Log.warnOnce("receivers|" + site.method, site.rule.config().position() + ": rule '"
        + site.rule.name() + "': " + site.method + " is called on several instances of "
        + self.getClass().getName() + ", which compares by identity; each instance gets"
        + " entries of its own in this JVM (only the first instance's are shared through Redis)."
        + " Fix: name what tells the instances apart in the key (e.g. key: \"{this.region},{0}\"),"
        + " or set receiver: ignore if every instance answers alike");
    return new ReceiverKey.ByIdentity(self, key);
  }

  /**
   * A record, an enum (or one of its constants' bodies), or a concrete class whose
   * {@code equals} is not {@link Object}'s.
   */
  static boolean comparesByValue(Class<?> type) {
    if (type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum())) {
      return true;
    }
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return false;
    }
    try {
      Method equals = type.getMethod("equals", Object.class);
      return equals.getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }
}
