package io.methodcache.agent.metrics;

import static io.methodcache.agent.metrics.Figure.Rules.ALL;
import static io.methodcache.agent.metrics.Figure.Rules.CACHING;
import static io.methodcache.agent.metrics.Figure.Rules.WRITE;
import static io.methodcache.agent.metrics.Figure.Type.COUNTER;
import static io.methodcache.agent.metrics.Figure.Type.GAUGE;

import java.util.List;

/**
 * The catalog of a rule's statistics: the one list the rule MBean, {@code stats}, Micrometer and
 * the Prometheus endpoint all show. A figure added here is exported to Micrometer and Prometheus
 * as it is; {@code FiguresAgreementTest} fails until the rule MBean and
 * {@code MethodCache.stats} show it too, with the same value.
 */
public final class Figures {
  private Figures() {}

  // Micrometer's cache meters (io.micrometer.core.instrument.binder.cache), their descriptions
  // word for word: one HELP line per name when the application's own caches export them too.
  static final Meter GETS = Meter.cache("cache.gets", COUNTER, "The number of times cache lookup"
      + " methods have returned a cached (hit) or uncached (newly loaded or null) value (miss).");
  static final Meter PUTS = Meter.cache("cache.puts", COUNTER,
      "The number of entries added to the cache");
  static final Meter EVICTIONS = Meter.cache("cache.evictions", COUNTER,
      "The number of times the cache was evicted.");
  static final Meter SIZE = Meter.cache("cache.size", GAUGE, "The number of entries in this"
      + " cache. This may be an approximation, depending on the type of cache.");
  static final Meter LOAD = Meter.cache("cache.load", COUNTER, "The number of times cache lookup"
      + " methods have successfully loaded a new value or failed to load a new value, either"
      + " because no value was found or an exception was thrown while loading");

  static final Meter LOAD_TIME = Meter.own("methodcache.load.time", COUNTER, "seconds",
      "Time spent running the method on misses (loads and failed loads)");
  static final Meter LOAD_TIME_P99 = Meter.own("methodcache.load.time.p99", GAUGE, "seconds",
      "Upper bound of the bucket holding the 99th percentile of load times (within 2x)");
  static final Meter STAMPEDE_WAITS = Meter.own("methodcache.stampede.waits", COUNTER, null,
      "Callers that waited for another caller's load of the same key");
  static final Meter STAMPEDE_TIMEOUTS = Meter.own("methodcache.stampede.timeouts", COUNTER,
      null, "Callers that stopped waiting for another caller's load and ran the method");
  static final Meter ERRORS = Meter.own("methodcache.errors", COUNTER, null,
      "Faults inside the agent while serving the rule (the method then ran uncached)");
  static final Meter UNCACHEABLE = Meter.own("methodcache.uncacheable", COUNTER, null,
      "Calls that ran uncached because an argument cannot form a key");
  static final Meter L2_GETS = Meter.own("methodcache.l2.gets", COUNTER, null,
      "Shared-tier (Redis) reads that found a value (hit) or none (miss)");
  static final Meter L2_ERRORS = Meter.own("methodcache.l2.errors", COUNTER, null,
      "Shared-tier reads that failed: an error reply, garbage, a refused class, a wrong type");
  static final Meter L2_UNSIGNED = Meter.own("methodcache.l2.unsigned", COUNTER, null,
      "Shared-tier values refused as not signed with this JVM's key (also in l2 errors)");
  static final Meter L2_TIMEOUTS = Meter.own("methodcache.l2.timeouts", COUNTER, null,
      "Shared-tier reads that timed out");
  static final Meter L2_SKIPPED = Meter.own("methodcache.l2.skipped", COUNTER, null,
      "Shared-tier reads not attempted: not connected yet, or the circuit breaker open");
  static final Meter STALE_FILLS = Meter.own("methodcache.l2.stale.fills.dropped", COUNTER, null,
      "Loads not written to the shared tier: the key was invalidated while they ran");
  static final Meter REFRESHES = Meter.own("methodcache.refreshes", COUNTER, null,
      "Refresh-ahead reloads run in the background: stored (success) or thrown (failure)");
  static final Meter EARLY = Meter.own("methodcache.early.recomputes", COUNTER, null,
      "Hits that chose to recompute before expiry (probabilistic early expiration)");
  static final Meter INVALIDATIONS = Meter.own("methodcache.invalidations", COUNTER, null,
      "Invalidations applied: by key, all, by tag, from write rules or other JVMs");
  static final Meter WRITE_CALLS = Meter.own("methodcache.write.calls", COUNTER, null,
      "Write rules: calls of the method");
  static final Meter WRITE_EVICTIONS = Meter.own("methodcache.write.evictions", COUNTER, null,
      "Write rules: evictions applied (one per target: a key, all of a rule, or a tag)");
  static final Meter WRITE_PUTS = Meter.own("methodcache.write.puts", COUNTER, null,
      "Write rules: values handed to the target rule by put:");

  /**
   * In the order {@code stats} shows its columns: the write rules' figures come just before
   * {@code errors}, the one column both tables have (their last and their ninth).
   */
  public static final List<Figure> ALL_FIGURES = List.of(
      Figure.exported("hits", CACHING, "Calls answered from the cache", GETS, "result", "hit",
          r -> r.stats().hits()).inTable("HITS"),
      Figure.exported("misses", CACHING, "Calls that ran the method (or waited for its load)",
          GETS, "result", "miss", r -> r.stats().misses()).inTable("MISSES"),
      Figure.derived("hitRatio", CACHING, "hits / (hits + misses); 0 before any call",
          r -> r.stats().hitRatio()).inTable("HIT-RATIO"),
      Figure.exported("loads", CACHING, "Loads that returned a value", LOAD, "result", "success",
          r -> r.stats().loads()).inTable("LOADS"),
      Figure.exported("loadFailures", CACHING, "Loads whose method threw", LOAD, "result",
          "failure", r -> r.stats().loadFailures()),
      Figure.derived("loadTimeMeanMillis", CACHING, "Mean time of a load, failed ones included",
          r -> r.stats().loadTimeMeanMillis()).inTable("LOAD-MS-MEAN"),
      Figure.scaled("loadTimeTotalMillis", CACHING, "Time spent in loads, failed ones included",
          LOAD_TIME, 1000, r -> r.stats().loadNanos() / 1e6, r -> r.stats().loadNanos() / 1e9),
      Figure.scaled("loadTimeP99Millis", CACHING, LOAD_TIME_P99.help(), LOAD_TIME_P99, 1000,
          r -> r.stats().loadTimeP99Millis(), r -> r.stats().loadTimeP99Millis() / 1000),
      Figure.exported("size", CACHING, "Entries cached in this JVM", SIZE, null, null,
          r -> r.size()).inTable("SIZE"),
      Figure.exported("evictions", CACHING, "Entries dropped because the cache was full or their"
          + " TTL ran out", EVICTIONS, null, null, r -> r.stats().evictions()).inTable("EVICTIONS"),
      Figure.exported("invalidations", CACHING, INVALIDATIONS.help(), INVALIDATIONS, null, null,
          r -> r.stats().invalidations()).inTable("INVALIDATIONS"),
      Figure.exported("puts", CACHING, "Values cached by write rules' put: (write-through)", PUTS,
          null, null, r -> r.stats().puts()),
      Figure.exported("calls", WRITE, WRITE_CALLS.help(), WRITE_CALLS, null, null,
          r -> r.stats().writeCalls()).inTable("CALLS"),
      Figure.exported("evictionsFired", WRITE, WRITE_EVICTIONS.help(), WRITE_EVICTIONS, null,
          null, r -> r.stats().evictionsFired()).inTable("EVICTIONS-FIRED"),
      Figure.exported("putsFired", WRITE, WRITE_PUTS.help(), WRITE_PUTS, null, null,
          r -> r.stats().putsFired()).inTable("PUTS-FIRED"),
      Figure.exported("errors", ALL, ERRORS.help(), ERRORS, null, null,
          r -> r.stats().errors()).inTable("ERRORS"),
      Figure.exported("uncacheable", CACHING, UNCACHEABLE.help(), UNCACHEABLE, null, null,
          r -> r.stats().uncacheable()),
      Figure.exported("stampedeWaits", CACHING, STAMPEDE_WAITS.help(), STAMPEDE_WAITS, null,
          null, r -> r.stats().stampedeWaits()),
      Figure.exported("stampedeTimeouts", CACHING, STAMPEDE_TIMEOUTS.help(), STAMPEDE_TIMEOUTS,
          null, null, r -> r.stats().stampedeTimeouts()),
      Figure.exported("l2Hits", CACHING, "Shared-tier reads that found a value", L2_GETS,
          "result", "hit", r -> r.stats().l2Hits()).inTable("L2-HITS"),
      Figure.exported("l2Misses", CACHING, "Shared-tier reads that found none", L2_GETS,
          "result", "miss", r -> r.stats().l2Misses()).inTable("L2-MISSES"),
      Figure.exported("l2Errors", CACHING, L2_ERRORS.help(), L2_ERRORS, null, null,
          r -> r.stats().l2Errors()).inTable("L2-ERRORS"),
      Figure.exported("l2Unsigned", CACHING, L2_UNSIGNED.help(), L2_UNSIGNED, null, null,
          r -> r.stats().l2Unsigned()),
      Figure.exported("l2Timeouts", CACHING, L2_TIMEOUTS.help(), L2_TIMEOUTS, null, null,
          r -> r.stats().l2Timeouts()),
      Figure.exported("l2Skipped", CACHING, L2_SKIPPED.help(), L2_SKIPPED, null, null,
          r -> r.stats().l2Skipped()),
      Figure.exported("staleFillsDropped", CACHING, STALE_FILLS.help(), STALE_FILLS, null, null,
          r -> r.stats().staleFillsDropped()),
      Figure.exported("refreshes", CACHING, "Refresh-ahead reloads completed and stored",
          REFRESHES, "result", "success", r -> r.stats().refreshes()),
      Figure.exported("refreshFailures", CACHING, "Refresh-ahead reloads whose method threw (the"
          + " old value stays until its TTL)", REFRESHES, "result", "failure",
          r -> r.stats().refreshFailures()),
      Figure.exported("earlyRecomputes", CACHING, EARLY.help(), EARLY, null, null,
          r -> r.stats().earlyRecomputes()));

  /** The figures with a column in {@code stats}' table for caching (or write) rules, in order. */
  public static List<Figure> columns(boolean writeRules) {
    List<Figure> out = new java.util.ArrayList<>();
    for (Figure f : ALL_FIGURES) {
      if (f.column() != null && (writeRules ? f.forWriteRules() : f.forCachingRules())) {
        out.add(f);
      }
    }
    return out;
  }
}
