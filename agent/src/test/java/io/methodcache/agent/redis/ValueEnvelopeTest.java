package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueEnvelopeTest {
  private static final byte[] PAYLOAD = "hello, payload".getBytes(StandardCharsets.UTF_8);

  private static byte[] valid() {
    return ValueEnvelope.of("jdk", 1_700_000_000_000L, 30_000, PAYLOAD).encode();
  }

  @Test
  void roundTripsAValue() {
    ValueEnvelope e = ValueEnvelope.decode(valid());
    assertNotNull(e);
    assertEquals("jdk", e.codecId());
    assertFalse(e.isNull());
    assertEquals(1_700_000_000_000L, e.writtenAtMillis());
    assertEquals(30_000, e.ttlMillis());
    assertArrayEquals(PAYLOAD, e.payload());
    assertFalse(e.isExpired(1_700_000_029_999L));
    assertTrue(e.isExpired(1_700_000_030_000L));
  }

  @Test
  void roundTripsANullAndAnEmptyPayload() {
    ValueEnvelope n = ValueEnvelope.decode(ValueEnvelope.ofNull("json", 5, 0).encode());
    assertNotNull(n);
    assertTrue(n.isNull());
    assertEquals(0, n.payload().length);
    assertFalse(n.isExpired(Long.MAX_VALUE), "ttl 0 = no expiry");
    ValueEnvelope empty = ValueEnvelope.decode(ValueEnvelope.of("x", 0, 0, new byte[0]).encode());
    assertNotNull(empty);
    assertFalse(empty.isNull());
  }

  @Test
  void layoutIsAsDocumented() {
    byte[] b = valid();
    assertEquals('M', b[0]);
    assertEquals('C', b[1]);
    assertEquals(1, b[2]);
    assertEquals(3, b[3]);
    assertEquals("jdk", new String(b, 4, 3, StandardCharsets.US_ASCII));
    assertEquals(2 + 1 + 1 + 3 + 1 + 8 + 8 + 4 + PAYLOAD.length, b.length);
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] b = valid();
    for (int n = 0; n < b.length; n++) {
      assertNull(ValueEnvelope.decode(Arrays.copyOf(b, n)), "truncated to " + n);
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] b = valid();
    assertNull(ValueEnvelope.decode(Arrays.copyOf(b, b.length + 1)));
  }

  @Test
  void otherMagicVersionFlagsAndLengthsAreRefused() {
    assertNull(ValueEnvelope.decode(null));
    assertNull(ValueEnvelope.decode(new byte[0]));
    assertNull(mutate(0, (byte) 'X'), "magic");
    assertNull(mutate(1, (byte) 'X'), "magic");
    assertNull(mutate(2, (byte) 2), "another version");
    assertNull(mutate(3, (byte) 0), "empty codec id");
    assertNull(mutate(3, (byte) 200), "codec id longer than the data");
    assertNull(mutate(4, (byte) ' '), "blank in codec id");
    assertNull(mutate(7, (byte) 2), "unknown flag");
    assertNull(mutate(7, (byte) 1), "null flag with a payload");
    assertNull(mutate(8, (byte) 0x80), "negative written-at");
    assertNull(mutate(16, (byte) 0x80), "negative ttl");
    int lengthAt = 24;
    assertNull(mutate(lengthAt + 3, (byte) (PAYLOAD.length + 1)), "length beyond the data");
    assertNull(mutate(lengthAt + 3, (byte) (PAYLOAD.length - 1)), "length short of the data");
    assertNull(mutate(lengthAt, (byte) 0x80), "negative length");
    // the raw payload of a pre-envelope format (plain Java serialization) is not an envelope
    assertNull(ValueEnvelope.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 1, 'x'}));
  }

  private static ValueEnvelope mutate(int index, byte value) {
    byte[] b = valid();
    b[index] = value;
    return ValueEnvelope.decode(b);
  }

  @Test
  void randomBytesNeverThrow() {
    Random r = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      byte[] b = new byte[r.nextInt(80)];
      r.nextBytes(b);
      if (r.nextBoolean() && b.length > 3) { // get past the magic often enough to fuzz the rest
        b[0] = 'M';
        b[1] = 'C';
        b[2] = 1;
      }
      ValueEnvelope e = ValueEnvelope.decode(b);
      if (e != null) {
        assertArrayEquals(b, e.encode(), "anything accepted is canonical");
      }
    }
  }

  @Test
  void mutatedEnvelopesNeverThrowAndWhatIsAcceptedIsCanonical() {
    Random r = new Random(7);
    byte[] base = valid();
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] b = base.clone();
      int flips = 1 + r.nextInt(3);
      for (int f = 0; f < flips; f++) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(10) == 0) {
        b = Arrays.copyOf(b, r.nextInt(b.length + 5));
      }
      ValueEnvelope e = ValueEnvelope.decode(b);
      if (e != null) {
        accepted++;
        assertArrayEquals(b, e.encode());
      }
    }
    assertTrue(accepted > 0, "payload and time mutations stay well-formed");
  }

  @Test
  void encodingRefusesBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> ValueEnvelope.of("", 0, 0, PAYLOAD));
    assertThrows(IllegalArgumentException.class, () -> ValueEnvelope.of("a b", 0, 0, PAYLOAD));
    assertThrows(IllegalArgumentException.class, () -> ValueEnvelope.of("x".repeat(65), 0, 0, PAYLOAD));
    assertThrows(IllegalArgumentException.class, () -> ValueEnvelope.of("jdk", -1, 0, PAYLOAD));
    assertThrows(IllegalArgumentException.class, () -> ValueEnvelope.of("jdk", 0, -1, PAYLOAD));
  }

  @Test
  void roundTripsTagsAndTheirVersions() {
    byte[] bytes = ValueEnvelope.of("jdk", 1, 2, PAYLOAD)
        .withTags(new String[] {"product:42", "catalog", "größe"}, new long[] {7, 0, -5}).encode();
    ValueEnvelope e = ValueEnvelope.decode(bytes);
    assertNotNull(e);
    assertArrayEquals(new String[] {"product:42", "catalog", "größe"}, e.tags());
    assertArrayEquals(new long[] {7, 0, -5}, e.tagVersions());
    assertArrayEquals(PAYLOAD, e.payload());
    assertEquals(0, ValueEnvelope.decode(valid()).tags().length, "untagged");
    for (int n = 0; n < bytes.length; n++) {
      assertNull(ValueEnvelope.decode(Arrays.copyOf(bytes, n)), "truncated to " + n);
    }
    assertNull(ValueEnvelope.decode(Arrays.copyOf(bytes, bytes.length + 1)), "trailing bytes");
  }

  @Test
  void mutatedTaggedEnvelopesNeverThrowAndWhatIsAcceptedIsCanonical() {
    Random r = new Random(11);
    byte[] base = ValueEnvelope.ofNull("jdk", 3, 4)
        .withTags(new String[] {"a", "tag:1"}, new long[] {1, 2}).encode();
    for (int i = 0; i < 100_000; i++) {
      byte[] b = base.clone();
      b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      ValueEnvelope e = ValueEnvelope.decode(b);
      if (e != null) {
        assertArrayEquals(b, e.encode());
      }
    }
  }

  @Test
  void tagsAreBounded() {
    ValueEnvelope e = ValueEnvelope.of("jdk", 0, 0, PAYLOAD);
    assertThrows(IllegalArgumentException.class, () -> e.withTags(new String[0], new long[0]));
    assertThrows(IllegalArgumentException.class, () -> e.withTags(new String[] {""}, new long[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> e.withTags(new String[] {"x".repeat(1025)}, new long[] {1}));
    assertThrows(IllegalArgumentException.class, () -> e.withTags(new String[] {"a"}, new long[2]));
  }
}
