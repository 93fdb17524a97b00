package io.methodcache.agent.redis;

/**
 * Outcome of one L2 read: the caller only needs "value or not", statistics need to know why not.
 * HIT and MISS mean Redis answered; ERROR, TIMEOUT and SKIPPED mean L2 was not usable for this
 * call (the caller goes on to the method body either way).
 */
public final class L2Result {
  public enum Outcome { HIT, MISS, ERROR, TIMEOUT, SKIPPED }

  static final L2Result MISS = new L2Result(Outcome.MISS, null);
  static final L2Result ERROR = new L2Result(Outcome.ERROR, null);
  static final L2Result TIMEOUT = new L2Result(Outcome.TIMEOUT, null);
  static final L2Result SKIPPED = new L2Result(Outcome.SKIPPED, null);

  private final Outcome outcome;
  private final byte[] value;
  /** For {@link L2Client#getWithMarker}: the marker ("" when none), read with the value. */
  private final String marker;

  private L2Result(Outcome outcome, byte[] value) {
    this(outcome, value, null);
  }

  private L2Result(Outcome outcome, byte[] value, String marker) {
    this.outcome = outcome;
    this.value = value;
    this.marker = marker;
  }

  static L2Result hit(byte[] value) {
    return new L2Result(Outcome.HIT, value);
  }

  static L2Result withMarker(byte[] value, String marker) {
    return new L2Result(value == null ? Outcome.MISS : Outcome.HIT, value, marker);
  }

  /** The key's invalidation marker read in the same command, when Redis answered; else null. */
  public String marker() { return marker; }

  static L2Result failed(Outcome outcome) {
    switch (outcome) {
      case TIMEOUT: return TIMEOUT;
      case SKIPPED: return SKIPPED;
      case MISS: return MISS;
      default: return ERROR;
    }
  }

  public Outcome outcome() { return outcome; }

  public boolean isHit() { return outcome == Outcome.HIT; }

  /** Redis answered, and had nothing (for a lock: another holder has it). */
  public boolean isMiss() { return outcome == Outcome.MISS; }

  /** True when Redis answered (HIT or MISS), false when L2 could not be used. */
  public boolean answered() { return outcome == Outcome.HIT || outcome == Outcome.MISS; }

  /** The bytes of a HIT (not copied: the array is the caller's), null otherwise. */
  public byte[] value() { return value; }

  @Override
  public String toString() {
    return outcome == Outcome.HIT ? "HIT(" + value.length + " bytes)" : outcome.name();
  }
}
