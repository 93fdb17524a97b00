package io.methodcache.agent.engine;

import java.lang.ref.WeakReference;

/**
 * A key qualified by the object the method was called on, for the calls whose receiver takes
 * part in the key without the rule's template naming it ({@link ReceiverPolicy}). Such entries
 * stay in this JVM's L1: their text form (the arguments only) cannot tell receivers apart, so
 * they are never written to, read from or indexed for the shared tier, and an invalidation by
 * text drops the key for every receiver.
 */
abstract class ReceiverKey {
  /** The key the arguments form, as {@link KeyStrategy} built it. */
  final Object args;

  ReceiverKey(Object args) {
    this.args = args;
  }

  /** The key without its receiver (keeping a {@link SiteKey} wrapper), or null if it has none. */
  static Object argumentsOf(Object key) {
    if (key instanceof SiteKey) {
      SiteKey sk = (SiteKey) key;
      return sk.key() instanceof ReceiverKey
          ? new SiteKey(sk.site(), ((ReceiverKey) sk.key()).args) : null;
    }
    return key instanceof ReceiverKey ? ((ReceiverKey) key).args : null;
  }

  /** True for a key qualified by its receiver (possibly inside a {@link SiteKey}). */
  static boolean qualified(Object key) {
    return key instanceof ReceiverKey
        || (key instanceof SiteKey && ((SiteKey) key).key() instanceof ReceiverKey);
  }

  /** A receiver with value equality (a record, an enum constant, a class overriding equals). */
  static final class ByValue extends ReceiverKey {
    private final Object receiver;
    private final int hash;

    ByValue(Object receiver, Object args) {
      super(args);
      this.receiver = receiver;
      this.hash = 31 * receiver.hashCode() + args.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ByValue)) {
        return false;
      }
      ByValue k = (ByValue) o;
      return hash == k.hash && receiver.equals(k.receiver) && args.equals(k.args);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return receiver + "#" + args;
    }
  }

  /**
   * An instance of a class that compares by identity, other than the first one seen. Held weakly:
   * an entry must not keep an application object alive; once it is collected the key equals no
   * other, and the entry simply ages out.
   */
  static final class ByIdentity extends ReceiverKey {
    private final WeakReference<Object> receiver;
    private final int hash;

    ByIdentity(Object receiver, Object args) {
      super(args);
      this.receiver = new WeakReference<>(receiver);
      this.hash = 31 * System.identityHashCode(receiver) + args.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof ByIdentity)) {
        return false;
      }
      ByIdentity k = (ByIdentity) o;
      Object mine = receiver.get();
      return hash == k.hash && mine != null && mine == k.receiver.get() && args.equals(k.args);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return "instance@" + Integer.toHexString(hash) + "#" + args;
    }
  }
}
