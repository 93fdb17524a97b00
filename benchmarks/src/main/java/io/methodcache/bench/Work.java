package io.methodcache.bench;

/**
 * The body every cached method (and its uncached twin) runs: real but small work, about 50-100 ns
 * and one result object, so a call that really skipped the body shows in ns/op and in B/op.
 * Every row (agent, Caffeine, Spring, direct) runs exactly this code on a miss.
 */
public final class Work {
  private static final int ROUNDS = 4;

  private Work() {}

  /** FNV-1a over the characters, a few rounds: a stand-in for parsing or mapping a row. */
  public static int mix(String s) {
    int h = 0x811c9dc5;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < s.length(); i++) {
        h = (h ^ s.charAt(i)) * 0x01000193;
      }
    }
    return h;
  }

  public static int mix(long v) {
    int h = 0x811c9dc5;
    for (int r = 0; r < ROUNDS; r++) {
      for (int i = 0; i < 64; i += 8) {
        h = (h ^ (int) ((v >>> i) & 0xff)) * 0x01000193;
      }
    }
    return h;
  }

  public static String describe(String key) {
    return key + '#' + Integer.toHexString(mix(key));
  }

  public static String describe(long id) {
    return "id" + id + '#' + Integer.toHexString(mix(id));
  }

  public static int score(String key) {
    return mix(key) & 0x7fff_ffff;
  }

  /** The L2 rows' result: a small serializable object built from the key. */
  public static Item item(String key) {
    return new Item(key, describe(key), score(key), mix(key) & 0xffff_ffffL);
  }

  public static String describe(String a, int b, long c) {
    return a + '#' + Integer.toHexString(mix(a) ^ b ^ mix(c));
  }

  public static String describe(String a, int b, long c, String d, int e, long f) {
    return a + '#' + d + '#' + Integer.toHexString(mix(a) ^ b ^ mix(c) ^ mix(d) ^ e ^ mix(f));
  }
}
