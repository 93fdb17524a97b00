package io.methodcache.agent.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The bytes stored in Redis for one cached value, so that a reader can tell what it is looking at
 * before handing anything to a codec:
 *
 * <pre>
 *   magic        2 bytes  'M' 'C'
 *   version      1 byte   1
 *   codec id     1 byte length (1..64) + that many ASCII bytes (printable, no blank)
 *   flags        1 byte   bit 0 = the cached value is null; other bits must be 0
 *   written-at   8 bytes  epoch millis, >= 0
 *   ttl          8 bytes  millis, >= 0 (0 = none)
 *   payload      4 bytes length + that many bytes (length 0 when the null flag is set)
 * </pre>
 *
 * Big-endian. Anything else — garbage, truncation, another magic or version, unknown flags,
 * lengths that do not add up, trailing bytes — decodes to null: a miss, never an exception.
 */
public final class ValueEnvelope {
  static final byte MAGIC_0 = 'M';
  static final byte MAGIC_1 = 'C';
  public static final int VERSION = 1;
  static final int FLAG_NULL = 1;
  static final int MAX_CODEC_ID = 64;
  /** Fixed part: magic, version, codec length, flags, written-at, ttl, payload length. */
  private static final int FIXED = 2 + 1 + 1 + 1 + 8 + 8 + 4;

  private final String codecId;
  private final boolean nullValue;
  private final long writtenAtMillis;
  private final long ttlMillis;
  private final byte[] payload;

  private ValueEnvelope(String codecId, boolean nullValue, long writtenAtMillis, long ttlMillis,
      byte[] payload) {
    this.codecId = codecId;
    this.nullValue = nullValue;
    this.writtenAtMillis = writtenAtMillis;
    this.ttlMillis = ttlMillis;
    this.payload = payload;
  }

  /** A non-null value's envelope; the payload array is kept, not copied. */
  public static ValueEnvelope of(String codecId, long writtenAtMillis, long ttlMillis, byte[] payload) {
    checkCodecId(codecId);
    checkTimes(writtenAtMillis, ttlMillis);
    return new ValueEnvelope(codecId, false, writtenAtMillis, ttlMillis,
        Objects.requireNonNull(payload, "payload"));
  }

  /** The envelope of a cached null (the method returned null): no payload. */
  public static ValueEnvelope ofNull(String codecId, long writtenAtMillis, long ttlMillis) {
    checkCodecId(codecId);
    checkTimes(writtenAtMillis, ttlMillis);
    return new ValueEnvelope(codecId, true, writtenAtMillis, ttlMillis, new byte[0]);
  }

  public String codecId() { return codecId; }
  public boolean isNull() { return nullValue; }
  public long writtenAtMillis() { return writtenAtMillis; }
  public long ttlMillis() { return ttlMillis; }
  /** The codec's bytes (empty for a null value); not copied. */
  public byte[] payload() { return payload; }

  /** True when written-at + ttl is in the past (ttl 0 = never). */
  public boolean isExpired(long nowMillis) {
    return ttlMillis > 0 && nowMillis - writtenAtMillis >= ttlMillis;
  }

  public byte[] encode() {
    byte[] id = codecId.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(FIXED + id.length + payload.length);
    b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION);
    b.put((byte) id.length).put(id);
    b.put((byte) (nullValue ? FLAG_NULL : 0));
    b.putLong(writtenAtMillis).putLong(ttlMillis);
    b.putInt(payload.length).put(payload);
    return b.array();
  }

  /** The envelope in these bytes, or null when they are not exactly a well-formed one. */
  public static ValueEnvelope decode(byte[] bytes) {
    try {
      return decodeOrNull(bytes);
    } catch (RuntimeException e) {
      return null; // belt and braces: every check below should already have caught it
    }
  }

  private static ValueEnvelope decodeOrNull(byte[] bytes) {
    if (bytes == null || bytes.length < FIXED + 1) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != MAGIC_0 || b.get() != MAGIC_1 || b.get() != VERSION) {
      return null;
    }
    int idLength = b.get() & 0xFF;
    if (idLength < 1 || idLength > MAX_CODEC_ID || b.remaining() < idLength + (FIXED - 4)) {
      return null;
    }
    byte[] id = new byte[idLength];
    b.get(id);
    for (byte c : id) {
      if (c <= ' ' || c >= 127) {
        return null;
      }
    }
    int flags = b.get() & 0xFF;
    if ((flags & ~FLAG_NULL) != 0) {
      return null;
    }
    long writtenAt = b.getLong();
    long ttl = b.getLong();
    int length = b.getInt();
    if (writtenAt < 0 || ttl < 0 || length < 0 || length != b.remaining()) {
      return null; // also rejects truncation and trailing bytes
    }
    boolean isNull = (flags & FLAG_NULL) != 0;
    if (isNull && length != 0) {
      return null;
    }
    byte[] payload = new byte[length];
    b.get(payload);
    return new ValueEnvelope(new String(id, StandardCharsets.US_ASCII), isNull, writtenAt, ttl, payload);
  }

  private static void checkCodecId(String id) {
    Objects.requireNonNull(id, "codecId");
    if (id.isEmpty() || id.length() > MAX_CODEC_ID
        || id.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException("codec id must be 1.." + MAX_CODEC_ID
          + " printable ASCII characters: " + id);
    }
  }

  private static void checkTimes(long writtenAt, long ttl) {
    if (writtenAt < 0 || ttl < 0) {
      throw new IllegalArgumentException("written-at and ttl must be >= 0");
    }
  }

  @Override
  public String toString() {
    return "ValueEnvelope{codec=" + codecId + (nullValue ? ", null" : ", " + payload.length + " bytes")
        + ", writtenAt=" + writtenAtMillis + ", ttl=" + ttlMillis + "}";
  }
}
