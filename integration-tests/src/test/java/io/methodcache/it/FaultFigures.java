package io.methodcache.it;

import io.methodcache.it.apps.l2.FaultLoad.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one phase in one JVM, parsed from the app's {@code fault stats} answer, and their
 * sums across JVMs and phases: calls, failed calls, call-time histograms (added bucket by bucket,
 * so a p99 over all JVMs is exact to the bucket), stale reads, and the JVM's own stalls.
 */
final class FaultFigures {
  /** One method's calls. */
  static final class Calls {
    long calls;
    long failed;
    long stale;
    long maxUs;
    final long[] hist = new long[Histogram.BUCKETS];
    final List<String> failures = new ArrayList<>();

    void add(Calls o) {
      calls += o.calls;
      failed += o.failed;
      stale += o.stale;
      maxUs = Math.max(maxUs, o.maxUs);
      for (int i = 0; i < hist.length; i++) {
        hist[i] += o.hist[i];
      }
      failures.addAll(o.failures);
    }

    /** The upper bound of the bucket holding the p-th percentile call, in µs. */
    long percentileUs(double p) {
      long rank = (long) Math.ceil(calls * p);
      long seen = 0;
      for (int i = 0; i < hist.length; i++) {
        seen += hist[i];
        if (seen >= rank && seen > 0) {
          return Math.min(Histogram.upperMicros(i), maxUs);
        }
      }
      return maxUs;
    }
  }

  final String jvm;
  final String phase;
  long stale;
  long staleMaxAgeUs;
  long jitterUs;
  final Map<String, Calls> methods = new TreeMap<>();

  FaultFigures(String jvm, String phase) {
    this.jvm = jvm;
    this.phase = phase;
  }

  /** Parses {@code stale=N staleMaxAgeUs=N jitterUs=N M.calls=N M.failed=N M.maxUs=N M.hist=… M.firstFailure=…}. */
  static FaultFigures parse(String jvm, String phase, String answer) {
    FaultFigures f = new FaultFigures(jvm, phase);
    for (String token : answer.trim().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq < 0) {
        throw new AssertionError(jvm + " fault stats " + phase + ": " + answer);
      }
      String key = token.substring(0, eq);
      String value = token.substring(eq + 1);
      switch (key) {
        case "stale": f.stale = Long.parseLong(value); continue;
        case "staleMaxAgeUs": f.staleMaxAgeUs = Long.parseLong(value); continue;
        case "jitterUs": f.jitterUs = Long.parseLong(value); continue;
        default: break;
      }
      int dot = key.indexOf('.');
      Calls c = f.methods.computeIfAbsent(key.substring(0, dot), m -> new Calls());
      switch (key.substring(dot + 1)) {
        case "calls": c.calls = Long.parseLong(value); break;
        case "failed": c.failed = Long.parseLong(value); break;
        case "stale": c.stale = Long.parseLong(value); break;
        case "maxUs": c.maxUs = Long.parseLong(value); break;
        case "hist":
          if (!value.equals("-")) {
            for (String bc : value.split(",")) {
              int colon = bc.indexOf(':');
              c.hist[Integer.parseInt(bc.substring(0, colon))] = Long.parseLong(bc.substring(colon + 1));
            }
          }
          break;
        case "firstFailure":
          if (!value.equals("null")) {
            c.failures.add(jvm + "/" + phase + ": " + value);
          }
          break;
        default:
          throw new AssertionError("unknown figure " + key + " in " + answer);
      }
    }
    return f;
  }

  /** Every method of every figure added up. */
  static Calls total(List<FaultFigures> figures) {
    Calls t = new Calls();
    for (FaultFigures f : figures) {
      for (Calls c : f.methods.values()) {
        t.add(c);
      }
    }
    return t;
  }

  static long stale(List<FaultFigures> figures) {
    long s = 0;
    for (FaultFigures f : figures) {
      s += f.stale;
    }
    return s;
  }

  static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }
}
