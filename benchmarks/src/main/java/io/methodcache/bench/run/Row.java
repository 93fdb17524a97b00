package io.methodcache.bench.run;

import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One measured row, as written to (and read back from) the per-JDK TSV: the benchmark, its
 * mode and threads, the {@code keys} parameter, JMH's score and 99.9% error, and -prof gc's
 * normalised allocation (B/op).
 */
public record Row(String family, String benchmark, String mode, int threads, String keys,
    double score, double error, String unit, double bytesPerOp, String jvm) {

  static final String HEADER =
      "family\tbenchmark\tmode\tthreads\tkeys\tscore\terror\tunit\tB/op\tjvm";

  static Row of(String family, RunResult r) {
    BenchmarkParams p = r.getParams();
    String full = p.getBenchmark();
    String[] parts = full.split("\\.");
    String shortName = parts[parts.length - 2] + "." + parts[parts.length - 1];
    Result<?> primary = r.getPrimaryResult();
    Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
    String keys = p.getParamsKeys().contains("keys") ? p.getParam("keys") : "";
    return new Row(family, shortName, p.getMode().shortLabel(), p.getThreads(), keys,
        primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
        alloc == null ? Double.NaN : alloc.getScore(),
        p.getVmName() + " " + p.getVmVersion() + " (" + p.getJdkVersion() + ")");
  }

  String tsv() {
    return String.join("\t", family, benchmark, mode, String.valueOf(threads), keys,
        num(score), num(error), unit, num(bytesPerOp), jvm);
  }

  static Row parse(String line) {
    String[] f = line.split("\t", -1);
    return new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], Double.parseDouble(f[5]),
        Double.parseDouble(f[6]), f[7], Double.parseDouble(f[8]), f[9]);
  }

  private static String num(double d) {
    return String.format(Locale.ROOT, "%.6g", d);
  }

  /** ns per operation of one thread, whatever the mode. */
  double nanosPerOp() {
    return "avgt".equals(mode) ? score : threads * 1e9 / score;
  }

  /** Operations per second of all threads, whatever the mode. */
  double opsPerSecond() {
    return "avgt".equals(mode) ? threads * 1e9 / score : score;
  }

  /** Relative 99.9% error of the score. */
  double relativeError() {
    return score == 0 || Double.isNaN(error) ? 0 : Math.abs(error / score);
  }
}
