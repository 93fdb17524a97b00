package io.methodcache.bench;

/**
 * Pre-built call arguments, so no row measures building a key. Each key exists twice: the
 * {@code stored} instance fills the caches in set-up, and an equal but distinct {@code probe}
 * instance (hash already computed, as a string a request parsed once would have) is what the
 * measured calls pass. A hit therefore compares characters, as it would in an application.
 */
public abstract class KeySet {
  public String[] stored;
  public String[] probe;
  /** Ids past the Long cache (-128..127), so boxing one allocates, as a database id would. */
  public long[] ids;
  /** Small ints (a page number, a flag): boxing them hits the Integer cache. */
  public int[] small;
  /** A second string argument for the six-argument method. */
  public String[] region;
  public int size;

  protected void build(int n) {
    size = n;
    stored = new String[n];
    probe = new String[n];
    ids = new long[n];
    small = new int[n];
    region = new String[n];
    for (int i = 0; i < n; i++) {
      stored[i] = "user:" + (100_000 + i);
      probe[i] = new String(stored[i].toCharArray());
      probe[i].hashCode();
      ids[i] = 1_000_000L + 7919L * i;
      small[i] = i % 100;
      region[i] = "eu-" + (i % 7);
    }
  }
}
