package io.methodcache.bench;

/**
 * The class the agent rewrites: every method here is named by a rule in {@code rules/l1.yaml}
 * (family l1) or {@code rules/l2.yaml} (family l2).
 * {@link Twin} has the same methods, never instrumented: the direct-call rows and the loaders of
 * every hand-written baseline call it, so all rows run the same body on a miss.
 */
public class Target {
  /** Rule {@code one-arg}: one reference argument, object result (the headline row). */
  public String lookup(String key) {
    return Work.describe(key);
  }

  /**
   * Rule {@code refresh-ahead}: {@link #lookup}'s shape under {@code mode: refresh-ahead}, whose
   * hits also check the entry's refresh point; with a 1h TTL no refresh is ever due in a row.
   */
  public String rate(String key) {
    return Work.describe(key);
  }

  /** Rule {@code one-long}: one primitive {@code long} argument (boxed by the advice). */
  public String byId(long id) {
    return Work.describe(id);
  }

  /** Rule {@code int-result}: primitive result (boxed in the cache, unboxed on a hit). */
  public int score(String key) {
    return Work.score(key);
  }

  /** Rule {@code three-args}: the widest call shape without an argument array. */
  public String three(String a, int b, long c) {
    return Work.describe(a, b, c);
  }

  /** Rule {@code six-args}: past three arguments the advice passes an array. */
  public String six(String a, int b, long c, String d, int e, long f) {
    return Work.describe(a, b, c, d, e, f);
  }

  /** Rule {@code miss}: max-entries 16 over a large key set, so every call misses (stampede: local). */
  public String miss(String key) {
    return Work.describe(key);
  }

  /** Rule {@code miss-no-stampede}: as {@link #miss} with {@code stampede: none}. */
  public String missNoStampede(String key) {
    return Work.describe(key);
  }

  /** Rule {@code l2-hit} (rules/l2.yaml, {@code tiers: [l2]}): every call a Redis GET + decode. */
  public Item l2Lookup(String key) {
    return Work.item(key);
  }
}
