package io.methodcache.it.target;

/** Arguments that make the agent's own work fail: a throwing getter, hashCode and equals. */
public class Faulty {
  /** Its {@code getExplode()} throws when {@code explode} is set; the rule's key is "{0.explode}". */
  public static final class Exploding {
    private final int id;
    private final boolean explode;

    public Exploding(int id, boolean explode) {
      this.id = id;
      this.explode = explode;
    }

    public int getId() { return id; }

    public String getExplode() {
      if (explode) throw new IllegalStateException("getter exploded");
      return "calm-" + id;
    }
  }

  /** hashCode throws: the default key (argument values) cannot be hashed. */
  public static final class BadHash {
    final int id;

    public BadHash(int id) { this.id = id; }

    @Override
    public int hashCode() { throw new UnsupportedOperationException("no hash for you"); }

    @Override
    public boolean equals(Object o) { return o instanceof BadHash && ((BadHash) o).id == id; }

    @Override
    public String toString() { return "BadHash(" + id + ")"; }
  }

  /** Same hash for all, equals throws: the second lookup compares keys and fails. */
  public static final class BadEquals {
    final int id;

    public BadEquals(int id) { this.id = id; }

    @Override
    public int hashCode() { return 1; }

    @Override
    public boolean equals(Object o) {
      if (o == this) return true;
      throw new UnsupportedOperationException("no equals for you");
    }

    @Override
    public String toString() { return "BadEquals(" + id + ")"; }
  }

  public String describe(Exploding e) {
    Bodies.ran("fault-getter");
    return "described-" + e.getId();
  }

  public String hashed(BadHash h) {
    Bodies.ran("fault-hash");
    return "hashed-" + h.id;
  }

  public String compared(BadEquals b) {
    Bodies.ran("fault-equals");
    return "compared-" + b.id;
  }
}
