package io.methodcache.agent.instrument;

import java.nio.charset.StandardCharsets;

/**
 * Reads a class file's super class and interfaces from its constant pool, without Byte Buddy:
 * enough to decide whether a class can match a {@code Type+} rule while classes load, at a few
 * microseconds a class.
 */
final class ClassHeader {
  private ClassHeader() {}

  /** Dotted names of the direct supertypes (super class first), or an empty array if unreadable. */
  static String[] supertypes(byte[] b) {
    try {
      int count = u2(b, 8);
      int[] offsets = new int[count];
      int p = 10;
      for (int i = 1; i < count; i++) {
        offsets[i] = p;
        int tag = b[p] & 0xff;
        switch (tag) {
          case 1: p += 3 + u2(b, p + 1); break;            // Utf8
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
            p += 5; break;
          case 5: case 6: p += 9; i++; break;              // Long, Double take two slots
          case 7: case 8: case 16: case 19: case 20: p += 3; break;
          case 15: p += 4; break;                          // MethodHandle
          default: return new String[0];
        }
      }
      p += 2; // access flags
      p += 2; // this_class
      int superIndex = u2(b, p);
      p += 2;
      int interfaces = u2(b, p);
      p += 2;
      String[] out = new String[(superIndex == 0 ? 0 : 1) + interfaces];
      int n = 0;
      if (superIndex != 0) {
        out[n++] = className(b, offsets, superIndex);
      }
      for (int i = 0; i < interfaces; i++) {
        out[n++] = className(b, offsets, u2(b, p + 2 * i));
      }
      return out;
    } catch (RuntimeException malformed) {
      return new String[0];
    }
  }

  private static String className(byte[] b, int[] offsets, int classIndex) {
    int nameIndex = u2(b, offsets[classIndex] + 1);
    int at = offsets[nameIndex];
    int length = u2(b, at + 1);
    // Class names are ASCII in practice; modified UTF-8 equals UTF-8 for them.
    return new String(b, at + 3, length, StandardCharsets.UTF_8).replace('/', '.');
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
