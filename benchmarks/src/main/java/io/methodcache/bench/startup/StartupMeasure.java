package io.methodcache.bench.startup;

import io.methodcache.bench.run.Jdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * JVM start-to-exit of {@link StartupApp} without and with the agent (rules/startup.yaml, 20
 * rules), on each JDK: runs alternate between the two so drift hits both alike, two warm-up runs
 * each are dropped, and the median of the rest is reported. Also counts the classes each JVM
 * loads (-Xlog:class+load) and keeps whatever the JVM printed on stderr with the agent.
 *
 * <p>System properties: {@code bench.agent}, {@code bench.jdks} (as for the suite),
 * {@code bench.appcp} (the class path holding StartupApp, default benchmarks/target/classes),
 * {@code bench.startupRules} (default benchmarks/rules/startup.yaml), {@code bench.runs}
 * (default 15), {@code bench.out} (default benchmarks/target/bench; writes startup.tsv).
 */
public final class StartupMeasure {
  private static final int WARMUP_RUNS = 2;

  private StartupMeasure() {}

  public static void main(String[] args) throws Exception {
    Path agent = Path.of(required("bench.agent")).toAbsolutePath();
    Path rules = Path.of(System.getProperty("bench.startupRules", "benchmarks/rules/startup.yaml"))
        .toAbsolutePath();
    Path appCp = Path.of(System.getProperty("bench.appcp", "benchmarks/target/classes")).toAbsolutePath();
    int runs = Integer.getInteger("bench.runs", 15);
    Path out = Path.of(System.getProperty("bench.out", "benchmarks/target/bench")).toAbsolutePath();
    Files.createDirectories(out);
    String agentArg = "-javaagent:" + agent + "=" + rules;

    List<String> lines = new ArrayList<>();
    lines.add("# agent-jar-bytes\t" + Files.size(agent));
    lines.add("jdk\tversion\truns\tmedian-without-ms\tmedian-with-ms\tadded-ms\tmin-without-ms\t"
        + "min-with-ms\tclasses-without\tclasses-with\tbodies-without\tbodies-with\tstderr-with");
    boolean ok = true;
    for (Jdk jdk : Jdk.parse(System.getProperty("bench.jdks"))) {
      List<String> plain = command(jdk, appCp, null);
      List<String> withAgent = command(jdk, appCp, agentArg);
      Launch p = null;
      Launch a = null;
      for (int i = 0; i < WARMUP_RUNS; i++) {
        p = Launch.run(plain);
        a = Launch.run(withAgent);
      }
      double[] tp = new double[runs];
      double[] ta = new double[runs];
      for (int i = 0; i < runs; i++) {
        p = Launch.run(plain);
        a = Launch.run(withAgent);
        tp[i] = p.millis;
        ta[i] = a.millis;
      }
      int classesPlain = countClasses(jdk, appCp, null);
      int classesAgent = countClasses(jdk, appCp, agentArg);
      String bodiesPlain = bodies(p.stdout);
      String bodiesAgent = bodies(a.stdout);
      if (!"40".equals(bodiesPlain) || !"20".equals(bodiesAgent)) {
        System.err.println("JDK " + jdk.label() + ": the agent did not cache the 20 services"
            + " (bodies without " + bodiesPlain + ", with " + bodiesAgent + "); stderr: " + a.stderr);
        ok = false;
      }
      double mp = median(tp);
      double ma = median(ta);
      String version = javaVersion(jdk);
      System.out.printf(Locale.ROOT, "JDK %s: without %.0f ms, with agent %.0f ms (+%.0f ms),"
          + " classes %d / %d, stderr with agent: %s%n", jdk.label(), mp, ma, ma - mp,
          classesPlain, classesAgent, a.stderr.isEmpty() ? "(none)" : a.stderr);
      lines.add(String.join("\t", jdk.label(), version, String.valueOf(runs), fmt(mp), fmt(ma),
          fmt(ma - mp), fmt(min(tp)), fmt(min(ta)), String.valueOf(classesPlain),
          String.valueOf(classesAgent), bodiesPlain, bodiesAgent,
          a.stderr.replace("\t", " ").replace("\n", "\\n")));
    }
    Files.write(out.resolve("startup.tsv"), lines, StandardCharsets.UTF_8);
    if (!ok) {
      System.exit(1);
    }
  }

  private static List<String> command(Jdk jdk, Path appCp, String agentArg) {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.java().toString());
    if (agentArg != null) {
      cmd.add(agentArg);
    }
    cmd.addAll(Arrays.asList("-cp", appCp.toString(), StartupApp.class.getName()));
    return cmd;
  }

  private static int countClasses(Jdk jdk, Path appCp, String agentArg) throws Exception {
    Path log = Files.createTempFile("methodcache-classload", ".log");
    try {
      List<String> cmd = command(jdk, appCp, agentArg);
      cmd.add(1, "-Xlog:class+load=info:file=" + log);
      Launch.run(cmd);
      return (int) Files.readAllLines(log).stream().filter(l -> l.contains("source:")).count();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String javaVersion(Jdk jdk) throws Exception {
    Launch l = Launch.run(List.of(jdk.java().toString(), "-version"));
    String first = l.stderr.lines().skip(1).findFirst().orElse(l.stderr);
    return first.trim();
  }

  private static String bodies(String stdout) {
    int i = stdout.indexOf("bodies=");
    if (i < 0) {
      return "?";
    }
    int end = stdout.indexOf(' ', i);
    return stdout.substring(i + "bodies=".length(), end < 0 ? stdout.length() : end).trim();
  }

  private static String required(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalArgumentException("-D" + name + " is required");
    }
    return v;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  /** One JVM run: wall time from start to exit, and what it printed. */
  private static final class Launch {
    final double millis;
    final String stdout;
    final String stderr;

    private Launch(double millis, String stdout, String stderr) {
      this.millis = millis;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    static Launch run(List<String> cmd) throws IOException, InterruptedException {
      Path o = Files.createTempFile("methodcache-startup", ".out");
      Path e = Files.createTempFile("methodcache-startup", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile());
        long t0 = System.nanoTime();
        Process proc = pb.start();
        int status = proc.waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        String err = Files.readString(e).trim();
        if (status != 0) {
          throw new IOException(cmd + " exited with " + status + ": " + err);
        }
        return new Launch(ms, Files.readString(o), err);
      } finally {
        Files.deleteIfExists(o);
        Files.deleteIfExists(e);
      }
    }
  }
}
