package io.methodcache.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes results.md from what {@link Suite} and the start-up measurement left in the output
 * folder: the machine, one table per kind of row with every JDK side by side, the targets of the
 * issue as ratios measured in the same run, and the start-up figures.
 *
 * <p>System properties: {@code bench.out} (default benchmarks/target/bench) and
 * {@code bench.results} (default benchmarks/results.md).
 */
public final class Report {
  /** Labels of the known rows, in table order; rows not listed here follow them, unlabelled. */
  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    label("l1/BaselineBench.direct", "direct call of the method, uncached (what a hit saves)");
    label("l1/BaselineBench.caffeineFloor",
        "hand-written cache-aside, Caffeine `getIfPresent`, `maximumSize`, no expiry (**the floor**)");
    label("l1/BaselineBench.caffeineExpireAfterWrite",
        "the same + `expireAfterWrite` (default ticker): what users write");
    label("l1/BaselineBench.caffeineLoading", "Caffeine `LoadingCache.get`");
    label("l1/BaselineBench.compositeKey",
        "naive generic method cache: key = method id + `Object[]` args, built per call");
    label("l1/BaselineBench.caffeineFloorLong", "the floor with a `long` id (boxed key)");
    label("l1/SpringBench.springDefaultKey", "Spring `@Cacheable`, default key, CaffeineCacheManager");
    label("l1/SpringBench.springSpelKey", "Spring `@Cacheable(key = \"#key\")` (SpEL key)");
    label("l1/SpringBench.springSync", "Spring `@Cacheable(sync = true)`");
    label("l1/AgentBench.oneArg", "**agent L1 hit**: 1 `String` argument, object result");
    label("l1/AgentBench.refreshAheadHit", "agent L1 hit as `oneArg`, rule in `mode: refresh-ahead`"
        + " (TTL 1h, `refresh-at: 80%`): no refresh due");
    label("l1/AgentBench.oneLong", "agent L1 hit: 1 `long` argument");
    label("l1/AgentBench.intResult", "agent L1 hit: `int` result");
    label("l1/AgentBench.threeArgs", "agent L1 hit: 3 arguments (`String, int, long`)");
    label("l1/AgentBench.sixArgs", "agent L1 hit: 6 arguments (argument array)");
    label("l1/MissBench.directMiss", "miss rows: the body alone (65,536 keys)");
    label("l1/MissBench.caffeineMiss", "hand-written cache-aside, every call a miss (16 entries)");
    label("l1/MissBench.agentMiss", "agent, every call a miss (`stampede: local`)");
    label("l1/MissBench.agentMissNoStampede", "agent, every call a miss (`stampede: none`)");
    label("l1/CacheConfigBench.variableExpiry", "diagnostic: hand-written cache-aside with the agent's"
        + " L1 configuration (per-entry `expireAfter`, coarse ticker, single-thread executor)");
    label("l1/CacheConfigBench.fixedExpiryCoarseTicker", "diagnostic: `expireAfterWrite` + coarse ticker,"
        + " per-entry (jittered) deadline checked by hand on a hit");
    label("l1/CacheConfigBench.floorWithCounter", "diagnostic: the floor + a `LongAdder` hit counter");
    label("control/BaselineBench.direct", "direct call, fork **without** the agent (control)");
    label("control/BaselineBench.caffeineFloor", "the floor, fork **without** the agent (control)");
    label("l1/ConcurrencyBench.caffeineFloor", "hand-written floor, 2 threads");
    label("l1/ConcurrencyBench.agentOneArg", "agent L1 hit, 1 `String` argument, 2 threads");
    label("l2/L2Bench.agentL2Hit", "**agent L2 hit**, L1 off (`tiers: [l2]`): key rendered, one"
        + " `GET`, envelope + allow-listed JDK codec");
    label("l2/L2Bench.rawGetDecode", "raw Lettuce `GET` (sync) of the same bytes + envelope read by"
        + " hand + `ObjectInputStream` (**the L2 baseline**)");
    label("l2/L2Bench.paired", "diagnostic: one agent L2 hit + one raw `GET` + decode, alternating"
        + " in one fork (ns per pair; the split is in the targets)");
  }

  private static void label(String id, String text) {
    LABELS.put(id, text);
  }

  private Report() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(System.getProperty("bench.out", "benchmarks/target/bench"));
    Path md = Path.of(System.getProperty("bench.results", "benchmarks/results.md"));
    Map<String, Run> runs = new TreeMap<>((a, b) -> Integer.compare(num(a), num(b)));
    List<Path> tsvs = new ArrayList<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().matches("jdk.+\\.tsv")) {
          tsvs.add(f);
        }
      }
    }
    tsvs.sort(null);
    for (Path f : tsvs) {
      Part part = Part.read(f);
      runs.computeIfAbsent(part.label, Run::new).add(part);
    }
    for (Run r : runs.values()) {
      r.extras.putAll(readExtras(out, r.label));
    }
    Path startup = out.resolve("startup.tsv");
    List<String> startupLines = Files.exists(startup) ? Files.readAllLines(startup) : List.of();
    Files.writeString(md, render(new ArrayList<>(runs.values()), startupLines), StandardCharsets.UTF_8);
    System.out.println("wrote " + md.toAbsolutePath());
  }

  /** What forks left besides JMH's results (l2-commands-jdk17.tsv, …): "name\tvalue\t…" pairs. */
  private static Map<String, String> readExtras(Path out, String label) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String name : new String[] {"l2-commands", "l2-paired"}) {
      Path file = out.resolve(name + "-jdk" + label + ".tsv");
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          String[] f = line.split("\t");
          for (int i = 0; i + 1 < f.length; i += 2) {
            m.put(name + "." + f[i], f[i + 1]);
          }
        }
      }
    }
    return m;
  }

  private static int num(String label) {
    try {
      return Integer.parseInt(label.replaceAll("[^0-9]", ""));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  static String render(List<Run> runs, List<String> startup) {
    StringBuilder b = new StringBuilder();
    b.append("# methodcache benchmark results\n\n");
    b.append("Written by `benchmarks/run.sh` on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
    Set<String> invocations = new LinkedHashSet<>();
    for (Run r : runs) {
      for (Part p : r.parts) {
        // files without a run id: the older one-file-per-JDK format (one run wrote all of them)
        invocations.add(p.meta.getOrDefault("run", p.single ? "file " + p.written : "one file per JDK"));
      }
    }
    if (invocations.size() > 1) {
      b.append(" from runs of that script for separate families (`BENCH_FAMILIES`), merged from"
          + " `benchmarks/target/bench`: each family's rows of a JDK were measured back to back,"
          + " every target is a ratio of rows of one family in the same JDK's run, and the lines"
          + " below give each family's date and load.\n\n");
    } else {
      b.append(". Every figure below comes from one run of that script: all rows of a JDK were"
          + " measured back to back, the targets are ratios within the same JDK's run.\n\n");
    }
    b.append("## Machine\n\n");
    b.append("- CPU: ").append(Machine.cpuModel()).append(", ").append(Machine.cores())
        .append(" cores (as the JVM sees them), ").append(Machine.memory()).append(" memory, ")
        .append(Machine.os()).append('\n');
    String iterations = runs.isEmpty() ? "?" : runs.get(0).parts.get(0).meta.getOrDefault("iterations", "?");
    for (Run r : runs) {
      b.append("- JDK ").append(r.label).append(": ").append(r.jvm());
      for (Part p : r.parts) {
        b.append(r.parts.size() > 1 ? "; family " + String.join(" + ", p.families) + " (" + p.written
            + "): load average" : "; load average")
            .append(" (1/5/15 min) before ").append(p.meta.getOrDefault("load-before", "?"))
            .append(", after ").append(p.meta.getOrDefault("load-after", "?"))
            .append(", during: ").append(p.meta.getOrDefault("load-max", "?")).append("; ")
            .append(p.meta.getOrDefault("seconds", "?")).append(" s");
        if (!iterations.equals(p.meta.getOrDefault("iterations", iterations))) {
          b.append("; ").append(p.meta.get("iterations"));
        }
      }
      b.append('\n');
    }
    if (!runs.isEmpty()) {
      b.append("- JMH 1.37, ").append(iterations)
          .append(" per row; ± is JMH's 99.9% confidence half-width; B/op is `-prof gc`'s"
              + " `gc.alloc.rate.norm`; heap fixed at 1 GiB (G1)\n");
    }
    b.append("- Family `l1`: every fork runs with the agent attached (`-javaagent:…methodcache-agent.jar"
        + "=benchmarks/rules/l1.yaml`), baselines included: its rules name only"
        + " `io.methodcache.bench.Target`, so the baselines run untouched under the same JVM"
        + " conditions (the agent's clock and maintenance threads, its class-file transformer)."
        + " Family `control` repeats two baselines in forks without the agent.\n");
    b.append("- Keys: pre-built; caches filled in set-up with one instance of each key, calls made"
        + " with an equal but distinct instance (hash cached), so a hit compares characters."
        + " Single-threaded rows cycle over 1,024 keys. Every agent row checks the rule's JMX"
        + " hit/miss counts at the end and fails if it did not take the path it claims.\n");
    String redis = runs.stream().flatMap(r -> r.parts.stream())
        .map(p -> p.meta.get("redis")).filter(x -> x != null).findFirst().orElse(null);
    if (redis != null) {
      b.append("- Family `l2` (shared tier): ").append(redis).append(", started by the harness for"
          + " the run and flushed before the family; `benchmarks/rules/l2.yaml`, one rule with"
          + " `tiers: [l2]` (L1 off, so every call is a Redis round trip), `timeout: 50ms`; the"
          + " result is a 4-field `Serializable` (`Item`), stored by the agent in set-up. Both forks"
          + " have the agent attached; the baseline reads the agent's own keys and bytes through its"
          + " own Lettuce connection (sync API, client resources as the agent's), key pre-built. The"
          + " agent row counts the server's commands (`INFO commandstats`) over 2,000 hits and fails"
          + " unless each is exactly one `GET`. The two rows run in separate forks one after the"
          + " other, so load from other work can move their ratio by more than 10%; the `paired`"
          + " row calls both paths alternately in one fork and times each call (wall clock, and the"
          + " calling thread's CPU time: the work on the caller's thread, without waiting or"
          + " preemption), which cancels that.\n");
    }
    b.append('\n');

    targets(b, runs, startup);
    table(b, runs, false);
    table(b, runs, true);
    missOverhead(b, runs);
    startup(b, startup);
    return b.toString();
  }

  // ---- targets ----

  private static void targets(StringBuilder b, List<Run> runs, List<String> startup) {
    b.append("## Targets (issue 3)\n\n| target | bar |");
    for (Run r : runs) {
      b.append(" JDK ").append(r.label).append(" |");
    }
    b.append("\n|---|---|");
    for (int i = 0; i < runs.size(); i++) {
      b.append("---|");
    }
    b.append('\n');
    ratioRow(b, runs, "agent 1-arg hit / floor (ns/op)", "≤ 2", 2.0, true,
        r -> r.get("l1", "AgentBench.oneArg", null), r -> r.get("l1", "BaselineBench.caffeineFloor", null), false);
    ratioRow(b, runs, "agent 1-arg hit / composite-key baseline (ns/op)", "≤ 1", 1.0, true,
        r -> r.get("l1", "AgentBench.oneArg", null), r -> r.get("l1", "BaselineBench.compositeKey", null), false);
    // no bar: the expectation is the cost of a plain hit (ratio ≈ 1), and the two rows' forks
    // differ by more than their ± (benchmarks/README.md), so this is read over runs, not judged
    ratioRow(b, runs, "refresh-ahead hit, no refresh due / agent 1-arg hit (ns/op)", "≈ 1 (expected, no bar)",
        0, true, r -> r.get("l1", "AgentBench.refreshAheadHit", null), r -> r.get("l1", "AgentBench.oneArg", null), false);
    ratioRow(b, runs, "refresh-ahead hit, no refresh due / floor (ns/op)", "—", 0, true,
        r -> r.get("l1", "AgentBench.refreshAheadHit", null), r -> r.get("l1", "BaselineBench.caffeineFloor", null), false);
    ratioRow(b, runs, "Spring `@Cacheable` default key / agent 1-arg hit (ns/op)", "≥ 20", 20.0, false,
        r -> r.get("l1", "SpringBench.springDefaultKey", null), r -> r.get("l1", "AgentBench.oneArg", null), false);
    ratioRow(b, runs, "for scale: Spring default key / floor (ns/op)", "—", 0, false,
        r -> r.get("l1", "SpringBench.springDefaultKey", null), r -> r.get("l1", "BaselineBench.caffeineFloor", null), false);
    ratioRow(b, runs, "2 threads, hot key: agent / floor (ops/s)", "≥ 0.5", 0.5, false,
        r -> r.get("l1", "ConcurrencyBench.agentOneArg", "1"), r -> r.get("l1", "ConcurrencyBench.caffeineFloor", "1"), true);
    ratioRow(b, runs, "2 threads, 10,000 keys: agent / floor (ops/s)", "≥ 0.5", 0.5, false,
        r -> r.get("l1", "ConcurrencyBench.agentOneArg", "10000"), r -> r.get("l1", "ConcurrencyBench.caffeineFloor", "10000"), true);
    ratioRow(b, runs, "agent L2 hit (L1 off) / raw Lettuce `GET` + decode of the same bytes (ns/op)",
        "≤ 1.1", 1.1, true,
        r -> r.get("l2", "L2Bench.agentL2Hit", null), r -> r.get("l2", "L2Bench.rawGetDecode", null), false);
    if (runs.stream().anyMatch(r -> r.extras.containsKey("l2-paired.meanRatio"))) {
      b.append("| the same, paired (one fork, the two calls alternating, each timed): wall time,"
          + " mean (median) | ≤ 1.1 |");
      for (Run r : runs) {
        Map<String, String> x = r.extras;
        if (!x.containsKey("l2-paired.meanRatio")) {
          b.append(" n/a |");
          continue;
        }
        double ratio = dbl(x, "l2-paired.meanRatio");
        double diff = dbl(x, "l2-paired.diffMean");
        double diffErr = dbl(x, "l2-paired.diffErr");
        double bar = 0.1 * dbl(x, "l2-paired.rawMean");
        b.append(String.format(Locale.ROOT, " %.2f (%.2f) %s%s: %.1f vs %.1f µs; agent − raw %+.1f ± %.1f µs"
                + " (median %+.1f), %,d pairs |", ratio, dbl(x, "l2-paired.medianRatio"),
            ratio <= 1.1 ? "met" : "**missed**", Math.abs(diff - bar) < diffErr ? " (bar within error)" : "",
            dbl(x, "l2-paired.agentMean") / 1e3, dbl(x, "l2-paired.rawMean") / 1e3, diff / 1e3,
            diffErr / 1e3, dbl(x, "l2-paired.diffMedian") / 1e3, (long) dbl(x, "l2-paired.pairs")));
      }
      b.append('\n');
      b.append("| paired: the calling thread's CPU time per call, agent / raw, mean (median) | — |");
      for (Run r : runs) {
        Map<String, String> x = r.extras;
        if (!x.containsKey("l2-paired.cpuRatio")) {
          b.append(" n/a |");
          continue;
        }
        b.append(String.format(Locale.ROOT, " %.2f (%.2f): %.1f vs %.1f µs (median %.1f vs %.1f) |",
            dbl(x, "l2-paired.cpuRatio"),
            dbl(x, "l2-paired.agentCpuMedian") / dbl(x, "l2-paired.rawCpuMedian"),
            dbl(x, "l2-paired.agentCpuMean") / 1e3, dbl(x, "l2-paired.rawCpuMean") / 1e3,
            dbl(x, "l2-paired.agentCpuMedian") / 1e3, dbl(x, "l2-paired.rawCpuMedian") / 1e3));
      }
      b.append('\n');
    }
    if (runs.stream().anyMatch(r -> r.extras.containsKey("l2-commands.get"))) {
      b.append("| Redis commands per agent L2 hit (`INFO commandstats`) | 1 `GET`, nothing else |");
      for (Run r : runs) {
        String get = r.extras.get("l2-commands.getPerCall");
        String others = r.extras.getOrDefault("l2-commands.others", "?");
        if (get == null) {
          b.append(" n/a |");
        } else {
          boolean met = r.extras.get("l2-commands.get").equals(r.extras.get("l2-commands.calls"))
              && (others.equals("none") || others.matches("xread=\\d+"));
          b.append(' ').append(get).append(" `GET` in ").append(r.extras.get("l2-commands.calls"))
              .append(" hits, others: ").append(others.equals("none") ? "none"
                  : others + " (the invalidation log's `XREAD BLOCK`, its own connection)")
              .append(met ? " met" : " **missed**").append(" |");
        }
      }
      b.append('\n');
    }
    b.append("| agent 1-arg hit allocation (B/op) | 0 |");
    for (Run r : runs) {
      Row a = r.get("l1", "AgentBench.oneArg", null);
      if (a == null) {
        b.append(" n/a |");
      } else {
        b.append(' ').append(fmt(a.bytesPerOp())).append(a.bytesPerOp() < 0.5 ? " met" : " **missed**").append(" |");
      }
    }
    b.append('\n');
    List<String[]> st = startupRows(startup);
    if (!st.isEmpty()) {
      b.append("| start-up added by the agent, 20 rules (ms, median) | ≤ 200 |");
      for (Run r : runs) {
        String[] s = st.stream().filter(x -> x[0].equals(r.label)).findFirst().orElse(null);
        if (s == null) {
          b.append(" n/a |");
        } else {
          double added = Double.parseDouble(s[5]);
          b.append(' ').append(s[5]).append(added <= 200 ? " met" : " **missed**").append(" |");
        }
      }
      b.append('\n');
      b.append("| JVM output on stderr with `-javaagent` | none |");
      for (Run r : runs) {
        String[] s = st.stream().filter(x -> x[0].equals(r.label)).findFirst().orElse(null);
        b.append(s == null ? " n/a |" : s.length < 13 || s[12].isEmpty() ? " none, met |" : " **printed** |");
      }
      b.append('\n');
    }
    b.append("\nRatios carry the sum of both rows' relative 99.9% errors.\n\n");
  }

  private static double dbl(Map<String, String> m, String key) {
    String v = m.get(key);
    return v == null ? Double.NaN : Double.parseDouble(v);
  }

  private interface Pick {
    Row of(Run r);
  }

  private static void ratioRow(StringBuilder b, List<Run> runs, String what, String bar, double limit,
      boolean atMost, Pick num, Pick den, boolean throughput) {
    b.append("| ").append(what).append(" | ").append(bar).append(" |");
    for (Run r : runs) {
      Row n = num.of(r);
      Row d = den.of(r);
      if (n == null || d == null) {
        b.append(" n/a |");
        continue;
      }
      double ratio = n.score() / d.score();
      double err = ratio * (n.relativeError() + d.relativeError());
      boolean met = atMost ? ratio <= limit : ratio >= limit;
      b.append(' ').append(String.format(Locale.ROOT, "%.2f ± %.2f", ratio, err))
          .append(limit == 0 ? "" : met ? " met" : " **missed**")
          .append(limit != 0 && Math.abs(ratio - limit) < err ? " (bar within error)" : "").append(" |");
    }
    b.append('\n');
  }

  // ---- tables ----

  private static void table(StringBuilder b, List<Run> runs, boolean threaded) {
    List<String> ids = rowIds(runs, threaded);
    if (ids.isEmpty()) {
      return;
    }
    if (threaded) {
      b.append("## Two threads (throughput, both threads together)\n\n| row | what | keys |");
      for (Run r : runs) {
        b.append(" JDK ").append(r.label).append(" ops/s | ns/op per thread | B/op |");
      }
    } else {
      b.append("## Single-threaded (average time)\n\n| row | what |");
      for (Run r : runs) {
        b.append(" JDK ").append(r.label).append(" ns/op | ops/s | B/op |");
      }
    }
    b.append("\n|---|---|").append(threaded ? "---|" : "");
    for (int i = 0; i < runs.size(); i++) {
      b.append("---:|---:|---:|");
    }
    b.append('\n');
    for (String id : ids) {
      String[] fbk = id.split("/", 3);
      String family = fbk[0];
      String bench = fbk[1];
      String keys = fbk.length > 2 ? fbk[2] : "";
      b.append("| `").append(bench).append('`').append("control".equals(family) ? " (no agent)" : "")
          .append(" | ").append(LABELS.getOrDefault(family + "/" + bench, "")).append(" |");
      if (threaded) {
        b.append(' ').append(keys).append(" |");
      }
      for (Run r : runs) {
        Row row = r.get(family, bench, keys);
        if (row == null) {
          b.append(" n/a | | |");
        } else if (threaded) {
          b.append(' ').append(sci(row.opsPerSecond())).append(" ± ").append(sci(row.error()))
              .append(" | ").append(fmt(row.nanosPerOp())).append(" | ").append(fmt(row.bytesPerOp()))
              .append(" |");
        } else {
          b.append(' ').append(fmt(row.score())).append(" ± ").append(fmt(row.error()))
              .append(" | ").append(sci(row.opsPerSecond())).append(" | ")
              .append(fmt(row.bytesPerOp())).append(" |");
        }
      }
      b.append('\n');
    }
    b.append(threaded
        ? "\nns/op per thread = threads × 10⁹ / ops/s (derived).\n\n"
        : "\nops/s = 10⁹ / ns/op (derived, one thread).\n\n");
  }

  /** Known rows in label order, then any others, for the single- or multi-threaded table. */
  private static List<String> rowIds(List<Run> runs, boolean threaded) {
    Set<String> seen = new LinkedHashSet<>();
    for (Run r : runs) {
      for (Row row : r.rows) {
        if ((row.threads() > 1) == threaded) {
          seen.add(row.family() + "/" + row.benchmark() + "/" + row.keys());
        }
      }
    }
    List<String> ordered = new ArrayList<>();
    for (String known : LABELS.keySet()) {
      for (String id : seen) {
        if (id.startsWith(known + "/") && !ordered.contains(id)) {
          ordered.add(id);
        }
      }
    }
    for (String id : seen) {
      if (!ordered.contains(id)) {
        ordered.add(id);
      }
    }
    return ordered;
  }

  private static void missOverhead(StringBuilder b, List<Run> runs) {
    b.append("## Miss path\n\nOverhead of a miss over the body alone (same keys), ns/op:\n\n"
        + "| | ");
    for (Run r : runs) {
      b.append(" JDK ").append(r.label).append(" |");
    }
    b.append("\n|---|");
    for (int i = 0; i < runs.size(); i++) {
      b.append("---:|");
    }
    b.append('\n');
    for (String[] m : new String[][] {
        {"MissBench.caffeineMiss", "hand-written cache-aside"},
        {"MissBench.agentMiss", "agent, `stampede: local`"},
        {"MissBench.agentMissNoStampede", "agent, `stampede: none`"}}) {
      b.append("| ").append(m[1]).append(" |");
      for (Run r : runs) {
        Row x = r.get("l1", m[0], null);
        Row d = r.get("l1", "MissBench.directMiss", null);
        b.append(x == null || d == null ? " n/a |"
            : " +" + fmt(x.score() - d.score()) + " (" + fmt(x.bytesPerOp() - d.bytesPerOp()) + " B/op) |");
      }
      b.append('\n');
    }
    b.append('\n');
  }

  // ---- start-up ----

  private static List<String[]> startupRows(List<String> lines) {
    List<String[]> out = new ArrayList<>();
    for (String l : lines) {
      if (!l.startsWith("#") && !l.startsWith("jdk\t") && !l.isBlank()) {
        out.add(l.split("\t", -1));
      }
    }
    return out;
  }

  private static void startup(StringBuilder b, List<String> lines) {
    List<String[]> rows = startupRows(lines);
    if (rows.isEmpty()) {
      return;
    }
    b.append("## Start-up\n\n`StartupApp` loads 20 service classes and calls each twice;"
        + " `rules/startup.yaml` has one rule per service (20 rules). Wall time from process"
        + " start to exit, median of the runs (with and without alternating, 2 warm-up runs"
        + " each dropped).\n\n");
    b.append("| JDK | runs | without agent (ms) | with agent (ms) | added (ms) | classes loaded"
        + " without / with | bodies run without / with | stderr with the agent |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (String[] s : rows) {
      String err = s.length > 12 ? s[12] : "";
      b.append("| ").append(s[0]).append(" (").append(s[1]).append(") | ").append(s[2])
          .append(" | ").append(s[3]).append(" | ").append(s[4]).append(" | ").append(s[5])
          .append(" | ").append(s[8]).append(" / ").append(s[9]).append(" | ").append(s[10])
          .append(" / ").append(s[11]).append(" | ")
          .append(err.isEmpty() ? "(nothing)" : "`" + err.replace("|", "\\|") + "`").append(" |\n");
    }
    for (String l : lines) {
      if (l.startsWith("# agent-jar-bytes\t")) {
        long bytes = Long.parseLong(l.split("\t")[1]);
        b.append(String.format(Locale.ROOT, "\nAgent jar: `agent/target/methodcache-agent.jar`,"
            + " %,d bytes (%.1f MiB).%n", bytes, bytes / 1024.0 / 1024.0));
      }
    }
    b.append('\n');
  }

  // ---- formatting ----

  private static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    if (Math.abs(d) < 0.05) {
      return "0";
    }
    return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : "%.1f", d);
  }

  private static String sci(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    if (d >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", d / 1e6);
    }
    if (d >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", d / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f", d);
  }

  /** One TSV: the rows of one or more families on one JDK (older runs wrote one file per JDK). */
  static final class Part {
    final String label;
    final Map<String, String> meta = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final Set<String> families = new LinkedHashSet<>();
    /** True for a file of one family (jdk17-l2.tsv): its rows replace that family's in older files. */
    boolean single;
    String written;

    private Part(String label) {
      this.label = label;
    }

    static Part read(Path f) throws IOException {
      Map<String, String> meta = new LinkedHashMap<>();
      List<Row> rows = new ArrayList<>();
      for (String l : Files.readAllLines(f)) {
        if (l.startsWith("# ")) {
          String[] kv = l.substring(2).split("\t", 2);
          meta.put(kv[0], kv.length > 1 ? kv[1] : "");
        } else if (!l.startsWith("family\t") && !l.isBlank()) {
          rows.add(Row.parse(l));
        }
      }
      String jdk = meta.getOrDefault("jdk", f.getFileName().toString().replaceAll("\\D", ""));
      Part p = new Part(jdk.split("\t")[0]);
      p.meta.putAll(meta);
      p.rows.addAll(rows);
      p.single = meta.containsKey("family");
      if (p.single) {
        p.families.add(meta.get("family"));
      }
      for (Row r : rows) {
        p.families.add(r.family());
      }
      p.written = ZonedDateTime.ofInstant(Files.getLastModifiedTime(f).toInstant(),
          java.time.ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
      return p;
    }
  }

  /** One JDK: its parts merged; a family's own file wins over an older file holding that family. */
  static final class Run {
    final String label;
    final List<Part> parts = new ArrayList<>();
    final List<Row> rows = new ArrayList<>();
    /** Figures forks left besides JMH's (e.g. "l2-commands.getPerCall"). */
    final Map<String, String> extras = new LinkedHashMap<>();

    Run(String label) {
      this.label = label;
    }

    void add(Part p) {
      if (p.single) {
        for (Part old : new ArrayList<>(parts)) {
          if (!old.single && old.families.removeAll(p.families)) {
            old.rows.removeIf(r -> p.families.contains(r.family()));
            if (old.families.isEmpty()) {
              parts.remove(old);
            }
          }
        }
      } else {
        for (Part newer : parts) {
          if (newer.single) {
            p.families.removeAll(newer.families);
            p.rows.removeIf(r -> newer.families.contains(r.family()));
          }
        }
        if (p.families.isEmpty()) {
          return;
        }
      }
      parts.add(p);
      // legacy (multi-family) files first, then the families in the order of Family.ALL
      parts.sort((a, b) -> Integer.compare(order(a), order(b)));
      rows.clear();
      for (Part x : parts) {
        rows.addAll(x.rows);
      }
    }

    private static int order(Part p) {
      if (!p.single) {
        return -1;
      }
      String f = p.families.iterator().next();
      for (int i = 0; i < Family.ALL.size(); i++) {
        if (Family.ALL.get(i).name().equals(f)) {
          return i;
        }
      }
      return Family.ALL.size();
    }

    Row get(String family, String benchmark, String keys) {
      for (Row r : rows) {
        if (r.family().equals(family) && r.benchmark().equals(benchmark)
            && (keys == null || keys.isEmpty() && r.threads() == 1 || r.keys().equals(keys))) {
          return r;
        }
      }
      return null;
    }

    String jvm() {
      return rows.isEmpty() ? "?" : rows.get(0).jvm();
    }
  }
}
