package io.methodcache.agent.engine;

/**
 * The tags of one entry and the local versions they had when its load started. Immutable; shared
 * by the entry and the load that produced it.
 */
final class TagStamps {
  final TagVersion[] tags;
  private final long[] locals;
  /**
   * The tags' versions in Redis when the load started (rules with the shared tier; set once by
   * {@link L2Binding#learnShared} before the stamps are shared), {@link TagVersion#UNKNOWN}
   * where Redis could not tell; null until then.
   */
  long[] shared;

  TagStamps(TagVersion[] tags) {
    this.tags = tags;
    this.locals = new long[tags.length];
    for (int i = 0; i < tags.length; i++) {
      locals[i] = tags[i].local;
    }
  }

  /** No tag was evicted (in this JVM's view) since the load started. */
  boolean current() {
    for (int i = 0; i < tags.length; i++) {
      if (tags[i].local != locals[i]) {
        return false;
      }
    }
    return true;
  }

  long localAtLoad(int i) {
    return locals[i];
  }

  /** Every shared version is known: a value loaded under these stamps may be written to L2. */
  boolean sharedKnown() {
    if (shared == null) {
      return false;
    }
    for (long v : shared) {
      if (v == TagVersion.UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  String[] names() {
    String[] n = new String[tags.length];
    for (int i = 0; i < n.length; i++) {
      n[i] = tags[i].name;
    }
    return n;
  }
}
