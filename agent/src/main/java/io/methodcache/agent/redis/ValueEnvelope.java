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
 *   tags         only with flag bit 1: 2 bytes count (1..255), then per tag 2 bytes length
 *                (1..1024) + that many UTF-8 bytes + 8 bytes version
 * </pre>
 *
 * The tags are the entry's tags with the versions they had in Redis when its load started: a
 * reader that finds another version current treats the value as evicted by tag.
 *
 * Big-endian. Anything else — garbage, truncation, another magic or version, unknown flags,
 * lengths that do not add up, trailing bytes — decodes to null: a miss, never an exception.
 */
public final class ValueEnvelope {
  static final byte MAGIC_0 = 'M';
  static final byte MAGIC_1 = 'C';
  public static final int VERSION = 1;
  static final int FLAG_NULL = 1;
  static final int FLAG_TAGS = 2;
  static final int MAX_TAGS = 255;
  static final int MAX_TAG_BYTES = 1024;
  static final int MAX_CODEC_ID = 64;
  /** Fixed part: magic, version, codec length, flags, written-at, ttl, payload length. */
  private static final int FIXED = 2 + 1 + 1 + 1 + 8 + 8 + 4;

  private final String codecId;
  private final boolean nullValue;
  private final long writtenAtMillis;
  private final long ttlMillis;
  private final byte[] payload;
  private final String[] tags;
  private final long[] tagVersions;

  private ValueEnvelope(String codecId, boolean nullValue, long writtenAtMillis, long ttlMillis,
      byte[] payload, String[] tags, long[] tagVersions) {
    this.codecId = codecId;
    this.nullValue = nullValue;
    this.writtenAtMillis = writtenAtMillis;
    this.ttlMillis = ttlMillis;
    this.payload = payload;
    this.tags = tags;
    this.tagVersions = tagVersions;
  }

  /** This envelope carrying the entry's tags and their versions (same order, 1..255 of them). */
  public ValueEnvelope withTags(String[] names, long[] versions) {
    if (names.length != versions.length || names.length < 1 || names.length > MAX_TAGS) {
      throw new IllegalArgumentException("1.." + MAX_TAGS + " tags, one version each");
    }
    for (String n : names) {
      int bytes = n.getBytes(StandardCharsets.UTF_8).length;
      if (bytes < 1 || bytes > MAX_TAG_BYTES) {
        throw new IllegalArgumentException("a tag is 1.." + MAX_TAG_BYTES + " UTF-8 bytes: " + n);
      }
    }
    return new ValueEnvelope(codecId, nullValue, writtenAtMillis, ttlMillis, payload,
        names.clone(), versions.clone());
  }

  /** A non-null value's envelope; the payload array is kept, not copied. */
  public static ValueEnvelope of(String codecId, long writtenAtMillis, long ttlMillis, byte[] payload) {
    checkCodecId(codecId);
    checkTimes(writtenAtMillis, ttlMillis);
    return new ValueEnvelope(codecId, false, writtenAtMillis, ttlMillis,
        Objects.requireNonNull(payload, "payload"), NO_TAGS, NO_VERSIONS);
  }

  /** The envelope of a cached null (the method returned null): no payload. */
  public static ValueEnvelope ofNull(String codecId, long writtenAtMillis, long ttlMillis) {
    checkCodecId(codecId);
    checkTimes(writtenAtMillis, ttlMillis);
    return new ValueEnvelope(codecId, true, writtenAtMillis, ttlMillis, new byte[0], NO_TAGS,
        NO_VERSIONS);
  }

  public String codecId() { return codecId; }
  public boolean isNull() { return nullValue; }
  public long writtenAtMillis() { return writtenAtMillis; }
  public long ttlMillis() { return ttlMillis; }
  /** The codec's bytes (empty for a null value); not copied. */
  public byte[] payload() { return payload; }
  /** The entry's tags (empty when it has none); not copied. */
  public String[] tags() { return tags; }
  /** The version of each of {@link #tags()} when the value's load started; not copied. */
  public long[] tagVersions() { return tagVersions; }

  private static final String[] NO_TAGS = new String[0];
  private static final long[] NO_VERSIONS = new long[0];

  /** True when written-at + ttl is in the past (ttl 0 = never). */
  public boolean isExpired(long nowMillis) {
    return ttlMillis > 0 && nowMillis - writtenAtMillis >= ttlMillis;
  }

  public byte[] encode() {
    byte[] id = codecId.getBytes(StandardCharsets.US_ASCII);
    byte[][] tagBytes = new byte[tags.length][];
    int tagsLength = tags.length == 0 ? 0 : 2;
    for (int i = 0; i < tags.length; i++) {
      tagBytes[i] = tags[i].getBytes(StandardCharsets.UTF_8);
      tagsLength += 2 + tagBytes[i].length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(FIXED + id.length + payload.length + tagsLength);
    b.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION);
    b.put((byte) id.length).put(id);
    b.put((byte) ((nullValue ? FLAG_NULL : 0) | (tags.length > 0 ? FLAG_TAGS : 0)));
    b.putLong(writtenAtMillis).putLong(ttlMillis);
    b.putInt(payload.length).put(payload);
    if (tags.length > 0) {
      b.putShort((short) tags.length);
      for (int i = 0; i < tags.length; i++) {
        b.putShort((short) tagBytes[i].length).put(tagBytes[i]).putLong(tagVersions[i]);
      }
    }
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
    if ((flags & ~(FLAG_NULL | FLAG_TAGS)) != 0) {
      return null;
    }
    boolean tagged = (flags & FLAG_TAGS) != 0;
    long writtenAt = b.getLong();
    long ttl = b.getLong();
    int length = b.getInt();
    if (writtenAt < 0 || ttl < 0 || length < 0
        || (tagged ? length > b.remaining() : length != b.remaining())) {
      return null; // also rejects truncation and trailing bytes
    }
    boolean isNull = (flags & FLAG_NULL) != 0;
    if (isNull && length != 0) {
      return null;
    }
    byte[] payload = new byte[length];
    b.get(payload);
    String[] tags = NO_TAGS;
    long[] versions = NO_VERSIONS;
    if (tagged) {
      if (b.remaining() < 2) {
        return null;
      }
      int count = b.getShort() & 0xFFFF;
      if (count < 1 || count > MAX_TAGS) {
        return null;
      }
      tags = new String[count];
      versions = new long[count];
      for (int i = 0; i < count; i++) {
        if (b.remaining() < 2) {
          return null;
        }
        int n = b.getShort() & 0xFFFF;
        if (n < 1 || n > MAX_TAG_BYTES || b.remaining() < n + 8) {
          return null;
        }
        byte[] name = new byte[n];
        b.get(name);
        tags[i] = strictUtf8(name);
        if (tags[i] == null) {
          return null;
        }
        versions[i] = b.getLong();
      }
      if (b.hasRemaining()) {
        return null;
      }
    }
    return new ValueEnvelope(new String(id, StandardCharsets.US_ASCII), isNull, writtenAt, ttl,
        payload, tags, versions);
  }

  /** Null for malformed UTF-8 (so that what is accepted re-encodes to the same bytes). */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
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
        + ", writtenAt=" + writtenAtMillis + ", ttl=" + ttlMillis
        + (tags.length == 0 ? "" : ", tags=" + java.util.Arrays.toString(tags)) + "}";
  }
}
