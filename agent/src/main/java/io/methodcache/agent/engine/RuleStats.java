package io.methodcache.agent.engine;

import java.util.concurrent.atomic.LongAdder;

/** A rule's counters: striped, so threads counting hits at once do not contend. */
public final class RuleStats {
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder loads = new LongAdder();
  final LongAdder loadFailures = new LongAdder();
  /** Loads whose value was not written to L2: the key was invalidated while they ran (leases). */
  final LongAdder staleFillsDropped = new LongAdder();
  /** L2 values refused because they were not signed with this JVM's key (also in l2Errors). */
  final LongAdder l2Unsigned = new LongAdder();
  final LongAdder loadNanos = new LongAdder();
  final LongAdder stampedeWaits = new LongAdder();
  final LongAdder stampedeTimeouts = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder uncacheable = new LongAdder();
  final LongAdder l2Hits = new LongAdder();
  final LongAdder l2Misses = new LongAdder();
  final LongAdder l2Errors = new LongAdder();
  final LongAdder l2Timeouts = new LongAdder();
  final LongAdder l2Skipped = new LongAdder();
  final LongAdder evictions = new LongAdder();
  final LongAdder refreshes = new LongAdder();
  final LongAdder earlyRecomputes = new LongAdder();
  final LongAdder refreshFailures = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  /** Values a write rule's {@code put:} cached (write-through). */
  final LongAdder puts = new LongAdder();
  /** A write rule's own figures: calls of its method, eviction targets applied, puts made. */
  final LongAdder writeCalls = new LongAdder();
  final LongAdder evictionsFired = new LongAdder();
  final LongAdder putsFired = new LongAdder();
  final LoadTimes loadTimes = new LoadTimes();

  public long hits() { return hits.sum(); }
  public long misses() { return misses.sum(); }
  public long loads() { return loads.sum(); }
  public long loadFailures() { return loadFailures.sum(); }
  public long staleFillsDropped() { return staleFillsDropped.sum(); }
  public long l2Unsigned() { return l2Unsigned.sum(); }
  public long loadNanos() { return loadNanos.sum(); }
  public long stampedeWaits() { return stampedeWaits.sum(); }
  public long stampedeTimeouts() { return stampedeTimeouts.sum(); }
  /** Faults inside the agent while serving this rule (the body then ran uncached). */
  public long errors() { return errors.sum(); }
  /** Calls that ran uncached because an argument cannot form a key (no value equality). */
  public long uncacheable() { return uncacheable.sum(); }

  public long l2Hits() { return l2Hits.sum(); }
  public long l2Misses() { return l2Misses.sum(); }
  /** Shared-tier reads that failed: an error reply, garbage, a refused class, a wrong type. */
  public long l2Errors() { return l2Errors.sum(); }
  public long l2Timeouts() { return l2Timeouts.sum(); }
  /** Shared-tier reads not attempted: not connected yet, or the circuit breaker open. */
  public long l2Skipped() { return l2Skipped.sum(); }

  /** XFetch: hits that chose to recompute before expiry (the caller ran the body). */
  public long earlyRecomputes() { return earlyRecomputes.sum(); }

  /** Background reloads of refresh-ahead entries that completed (and were stored). */
  public long refreshes() { return refreshes.sum(); }
  /** Background reloads whose method threw: the old value stays until its TTL. */
  public long refreshFailures() { return refreshFailures.sum(); }

  /** Entries removed because the rule's cache was full or their TTL ran out. */
  public long evictions() { return evictions.sum(); }
  /** Invalidations applied here: by key, all, from other JVMs, or after a gap in the log. */
  public long invalidations() { return invalidations.sum(); }
  public long puts() { return puts.sum(); }
  /** Write rules: calls of the method (whether or not it returned normally). */
  public long writeCalls() { return writeCalls.sum(); }
  /** Write rules: evictions applied (one per target: a key, all of a rule, or a tag). */
  public long evictionsFired() { return evictionsFired.sum(); }
  /** Write rules: values handed to the target rule by {@code put:}. */
  public long putsFired() { return putsFired.sum(); }
  public double loadTimeP99Millis() { return loadTimes.percentileMillis(99); }

  public double hitRatio() {
    long h = hits(), m = misses();
    return h + m == 0 ? 0.0 : (double) h / (h + m);
  }

  public double loadTimeMeanMillis() {
    long n = loads() + loadFailures();
    return n == 0 ? 0.0 : loadNanos() / 1e6 / n;
  }
}
