package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ordering rules that keep a tag's shared version from going back to an evicted one. */
class TagVersionTest {
  private static final long TRUST = TimeUnit.MINUTES.toNanos(1);

  @Test
  void aReadOfRedisIsRecordedOnlyIfNoEvictionHappenedSinceItStarted() {
    TagVersion v = new TagVersion("product:1");
    assertEquals(TagVersion.UNKNOWN, v.shared(TRUST));
    long observed = v.local;
    v.learn(observed, 7);
    assertEquals(7, v.shared(TRUST));
    long before = v.local;
    v.bump(); // an eviction arrives while a read (started at 'before') is under way
    v.learn(before, 7);
    assertEquals(TagVersion.UNKNOWN, v.shared(TRUST), "the read's answer predates the eviction");
  }

  @Test
  void aReadRacingThisJvmsOwnEvictionCannotBringBackTheOldVersion() {
    TagVersion v = new TagVersion("catalog");
    v.bump();
    long afterBump = v.local; // the eviction's effect and a concurrent reader both see this
    v.evicted(afterBump, 42); // the new version is in Redis and recorded
    v.learn(afterBump, 41); // the reader's GET went out before the SET: its answer is old
    assertEquals(42, v.shared(TRUST));
  }

  @Test
  void entriesLoadedBeforeAnyEvictionAreStale() {
    TagVersion v = new TagVersion("t");
    TagStamps stamps = new TagStamps(new TagVersion[] {v});
    assertTrue(stamps.current());
    v.bump();
    assertFalse(stamps.current());
  }

  @Test
  void anOlderEvictionFinishingLastDoesNotRecordItsVersion() {
    TagVersion v = new TagVersion("t");
    v.bump();
    long first = v.local;
    v.bump();
    long second = v.local;
    v.evicted(second, 2);
    v.evicted(first, 1);
    assertEquals(2, v.shared(TRUST));
  }

  @Test
  void aKnownVersionIsReadAgainAfterItsTrustPeriod() {
    TagVersion v = new TagVersion("t");
    v.learn(v.local, 5);
    assertEquals(TagVersion.UNKNOWN, v.shared(-1), "too old: Redis may have expired it");
  }
}
