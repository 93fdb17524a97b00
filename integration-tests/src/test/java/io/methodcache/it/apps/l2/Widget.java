package io.methodcache.it.apps.l2;

/** A result that cannot go to L2 (not Serializable): its rule becomes L1-only with one warning. */
public final class Widget {
  private final long id;

  public Widget(long id) {
    this.id = id;
  }

  @Override
  public String toString() {
    return "Widget#" + id;
  }
}
