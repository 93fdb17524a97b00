package io.methodcache.bench.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * Runs every {@link Family} on every JDK (JMH's {@code -jvm} for the forks) and writes, per JDK
 * and family, {@code jdk<label>-<family>.tsv} (rows for {@link Report}, with the load average
 * while they ran) and JMH's own JSON. A run of some families replaces only their files, so the
 * report keeps the figures of the others. A family whose benchmark fails (e.g. an agent row that
 * did not take its hit path) is reported and the run ends with status 1 after the other families.
 *
 * <p>Families that need Redis get one redis-server for the whole run ({@link RedisServer}),
 * flushed before each of them and stopped at the end in every outcome.
 */
public final class Suite {
  private Suite() {}

  public static void main(String[] args) throws IOException {
    Settings s = Settings.fromSystemProperties();
    Files.createDirectories(s.out());
    List<String> failed = new ArrayList<>();
    List<Family> chosen = new ArrayList<>();
    for (Family f : Family.ALL) {
      if (s.runs(f)) {
        chosen.add(f);
      }
    }
    // one id per invocation: the report tells one run of every family from families merged from several
    String runId = java.time.Instant.now().toString();
    RedisServer redis = null;
    try {
      String redisText = null;
      if (chosen.stream().anyMatch(Family::redis)) {
        try {
          redis = RedisServer.start();
          redisText = redis.describe();
          System.out.println("==== " + redisText + " (" + redis.uri() + ")");
          for (Family f : chosen) {
            if (f.redis()) {
              writeRules(s, f, redis.uri());
            }
          }
        } catch (IOException | RuntimeException e) {
          System.err.println("cannot start Redis for the families that need it: " + e);
          for (Family f : List.copyOf(chosen)) {
            if (f.redis()) {
              chosen.remove(f);
              failed.add(f.name() + " (no Redis)");
            }
          }
        }
      }
      for (Jdk jdk : s.jdks()) {
        for (Family family : chosen) {
          if (!run(s, jdk, family, redis, redisText, runId)) {
            failed.add(family.name() + "@" + jdk.label());
          }
        }
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
    if (!failed.isEmpty()) {
      System.err.println("failed: " + failed);
      System.exit(1);
    }
  }

  /** One family on one JDK; false when it failed (its files are then absent). */
  private static boolean run(Settings s, Jdk jdk, Family family, RedisServer redis, String redisText,
      String runId) throws IOException {
    String base = "jdk" + jdk.label() + "-" + family.name();
    Path tsv = s.out().resolve(base + ".tsv");
    Files.deleteIfExists(tsv);
    Files.deleteIfExists(s.out().resolve("jmh-" + base + ".json"));
    // what the family's forks leave for the report (e.g. l2-commands-jdk17.tsv, l2-paired-jdk17.tsv)
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(s.out(),
        family.name() + "-*-jdk" + jdk.label() + ".tsv")) {
      for (Path f : stale) {
        Files.deleteIfExists(f);
      }
    }
    System.out.println("==== JDK " + jdk.label() + ", family " + family.name()
        + (family.withAgent() ? " (agent, rules/" + family.rules() + ")" : " (no agent)")
        + " (load average: " + Machine.loadAverage() + ")");
    String loadBefore = Machine.loadAverage();
    LoadSampler load = LoadSampler.start();
    long started = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try {
      if (family.redis()) {
        redis.flushIfLocal();
      }
      Collection<RunResult> results =
          new Runner(Forks.options(s, jdk, family, redis == null ? null : redis.uri()).build()).run();
      for (RunResult r : results) {
        rows.add(Row.of(family.name(), r));
      }
      ResultFormatFactory.getInstance(ResultFormatType.JSON,
          s.out().resolve("jmh-" + base + ".json").toString()).writeOut(results);
    } catch (RunnerException | IOException e) {
      System.err.println("family " + family.name() + " on JDK " + jdk.label() + " failed: " + e);
      load.stop();
      return false;
    }
    List<String> lines = new ArrayList<>();
    lines.add("# jdk\t" + jdk.label() + "\t" + jdk.home());
    lines.add("# family\t" + family.name());
    lines.add("# run\t" + runId);
    lines.add("# load-before\t" + loadBefore);
    lines.add("# load-after\t" + Machine.loadAverage());
    lines.add("# load-max\t" + load.stop());
    lines.add("# seconds\t" + (System.nanoTime() - started) / 1_000_000_000L);
    lines.add("# iterations\t" + s.warmupIterations() + "x" + s.iterationSeconds() + "s warm-up, "
        + s.iterations() + "x" + s.iterationSeconds() + "s measured, 1 fork");
    if (family.redis() && redisText != null) {
      lines.add("# redis\t" + redisText);
    }
    lines.add(Row.HEADER);
    for (Row r : rows) {
      lines.add(r.tsv());
    }
    Files.write(tsv, lines, StandardCharsets.UTF_8);
    return true;
  }

  /** The family's rules template with the server's address, where {@link Forks} points the agent. */
  private static void writeRules(Settings s, Family f, String uri) throws IOException {
    String template = Files.readString(s.rulesDir().resolve(f.rules()), StandardCharsets.UTF_8);
    if (!template.contains("@REDIS_URI@")) {
      throw new IllegalStateException("rules/" + f.rules() + " has no @REDIS_URI@ to replace");
    }
    Files.writeString(s.out().resolve(f.rules()), template.replace("@REDIS_URI@", uri),
        StandardCharsets.UTF_8);
  }
}
