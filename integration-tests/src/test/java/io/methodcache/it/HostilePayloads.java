package io.methodcache.it;

import io.methodcache.it.L2Support.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * What someone who can write to Redis may leave in a value key, built by the test independently
 * of the agent's code (the envelope per {@link Envelope}, payloads by plain JDK serialization):
 * each a function of the id whose key it replaces.
 */
final class HostilePayloads {
  private static final long TTL = 300_000;

  private HostilePayloads() {}

  /** Random bytes, no envelope at all. */
  static LongFunction<byte[]> garbage() {
    Random random = new Random(42);
    return id -> {
      byte[] b = new byte[64];
      random.nextBytes(b);
      return b;
    };
  }

  /** The honest envelope of {@code value(id)}, cut in half (a torn write, a half-read reply). */
  static LongFunction<byte[]> truncated(LongFunction<Object> value) {
    return id -> {
      byte[] whole = honest(value.apply(id));
      return Arrays.copyOf(whole, whole.length / 2);
    };
  }

  /** A valid envelope whose payload is an Integer, for rules whose methods return String. */
  static LongFunction<byte[]> wrongType() {
    return id -> envelope(0, L2TamperIT.serialize((int) id));
  }

  /** The envelope of a cached null (flag set, no payload), for rules without cache-nulls. */
  static LongFunction<byte[]> nullValue() {
    return id -> envelope(1, new byte[0]);
  }

  /**
   * A valid envelope holding nested {@code HashSet}s {@code depth} levels deep whose members are
   * shared between two branches per level: only JDK classes, a couple of KB, and decoding it
   * hashes about 2^depth sets ({@code HashSet.readObject} rehashes every member).
   */
  static LongFunction<byte[]> setBomb(int depth) {
    byte[] payload = L2TamperIT.serialize(bomb(depth));
    return id -> envelope(0, payload);
  }

  static int bombBytes(int depth) {
    return L2TamperIT.serialize(bomb(depth)).length;
  }

  private static Set<Object> bomb(int depth) {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < depth; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("x" + i); // t1 and t2 differ, so both stay in their parents
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  static byte[] honest(Object value) {
    return envelope(0, L2TamperIT.serialize(value));
  }

  private static byte[] envelope(int flags, byte[] payload) {
    return new Envelope("jdk", flags, System.currentTimeMillis(), TTL, payload).encode();
  }

  static String describe(byte[] sample) {
    return sample.length + " bytes, starting "
        + new String(Arrays.copyOf(sample, Math.min(8, sample.length)), StandardCharsets.ISO_8859_1)
            .replaceAll("[^ -~]", "?");
  }
}
