package io.methodcache.agent.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated values ({@code redis.signing-key}): an HMAC-SHA256 over the Redis key and the
 * envelope, so that whoever can write to Redis but does not hold the key cannot make a JVM accept
 * a value — neither a forged one nor a genuine one moved to another key (another id, another
 * generation). Stored form: {@code 'M' 'S'}, the 32-byte MAC, then the envelope.
 *
 * <p>What it does not protect: values a key-holder wrote (replayed under the same key before it
 * expired or was invalidated), and confidentiality (values are readable in Redis). Reads accept
 * the previous key too, so keys rotate without a cold cache: deploy with the new key and the old
 * as {@code signing-key-previous}, then drop the old one after the longest TTL.
 */
public final class ValueSigner {
  private static final byte MAGIC_0 = 'M';
  private static final byte MAGIC_1 = 'S';
  private static final int MAC_BYTES = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec current;
  private final SecretKeySpec previous;

  /** @param previous null when no rotation is under way */
  public ValueSigner(byte[] current, byte[] previous) {
    this.current = new SecretKeySpec(current.clone(), ALGORITHM);
    this.previous = previous == null ? null : new SecretKeySpec(previous.clone(), ALGORITHM);
  }

  /** The stored form of {@code envelope} under {@code key}. */
  public byte[] sign(String key, byte[] envelope) {
    byte[] mac = mac(current, key, envelope);
    byte[] out = new byte[2 + MAC_BYTES + envelope.length];
    out[0] = MAGIC_0;
    out[1] = MAGIC_1;
    System.arraycopy(mac, 0, out, 2, MAC_BYTES);
    System.arraycopy(envelope, 0, out, 2 + MAC_BYTES, envelope.length);
    return out;
  }

  /** The envelope inside {@code stored} if it was signed for {@code key} with a key we hold, else null. */
  public byte[] verify(String key, byte[] stored) {
    if (stored == null || stored.length < 2 + MAC_BYTES || stored[0] != MAGIC_0
        || stored[1] != MAGIC_1) {
      return null;
    }
    byte[] envelope = Arrays.copyOfRange(stored, 2 + MAC_BYTES, stored.length);
    byte[] given = Arrays.copyOfRange(stored, 2, 2 + MAC_BYTES);
    if (MessageDigest.isEqual(given, mac(current, key, envelope))
        || (previous != null && MessageDigest.isEqual(given, mac(previous, key, envelope)))) {
      return envelope;
    }
    return null;
  }

  private static byte[] mac(SecretKeySpec secret, String key, byte[] envelope) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      // the key's length first: no (key, envelope) pair can be re-split into another
      mac.update(new byte[] {(byte) (k.length >>> 24), (byte) (k.length >>> 16),
          (byte) (k.length >>> 8), (byte) k.length});
      mac.update(k);
      return mac.doFinal(envelope);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
