package io.methodcache.bench;

/** {@link Target}'s uncached twin: the same bodies, named by no rule. */
public class Twin {
  public String lookup(String key) {
    return Work.describe(key);
  }

  public String byId(long id) {
    return Work.describe(id);
  }

  public int score(String key) {
    return Work.score(key);
  }

  public String three(String a, int b, long c) {
    return Work.describe(a, b, c);
  }

  public String six(String a, int b, long c, String d, int e, long f) {
    return Work.describe(a, b, c, d, e, f);
  }
}
