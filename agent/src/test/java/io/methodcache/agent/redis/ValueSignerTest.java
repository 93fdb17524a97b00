package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueSignerTest {
  private static final byte[] KEY = "a-signing-key-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OLD = "the-previous-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ENVELOPE = {'M', 'C', 1, 3, 'j', 'd', 'k', 0, 9, 9};

  @Test
  void aValueSignedForItsKeyVerifies() {
    ValueSigner s = new ValueSigner(KEY, null);
    assertArrayEquals(ENVELOPE, s.verify("ns:v1:r:g1:42", s.sign("ns:v1:r:g1:42", ENVELOPE)));
  }

  @Test
  void forgedMovedTamperedOrUnsignedValuesAreRefused() {
    ValueSigner s = new ValueSigner(KEY, null);
    byte[] signed = s.sign("ns:v1:r:g1:42", ENVELOPE);
    assertNull(s.verify("ns:v1:r:g1:43", signed), "moved to another id");
    assertNull(s.verify("ns:v1:r:g2:42", signed), "moved to another generation");
    assertNull(s.verify("ns:v1:r:g1:42", ENVELOPE), "unsigned");
    byte[] tampered = signed.clone();
    tampered[tampered.length - 1] ^= 1;
    assertNull(s.verify("ns:v1:r:g1:42", tampered), "payload changed");
    assertNull(s.verify("ns:v1:r:g1:42", new ValueSigner(OLD, null).sign("ns:v1:r:g1:42",
        ENVELOPE)), "another key");
    assertNull(s.verify("ns:v1:r:g1:42", new byte[] {'M', 'S'}), "truncated");
  }

  @Test
  void duringARotationThePreviousKeyIsAcceptedForReads() {
    byte[] byOld = new ValueSigner(OLD, null).sign("k", ENVELOPE);
    ValueSigner rotating = new ValueSigner(KEY, OLD);
    assertArrayEquals(ENVELOPE, rotating.verify("k", byOld));
    assertArrayEquals(ENVELOPE, new ValueSigner(KEY, null).verify("k", rotating.sign("k",
        ENVELOPE)), "new values are signed with the new key");
  }
}
