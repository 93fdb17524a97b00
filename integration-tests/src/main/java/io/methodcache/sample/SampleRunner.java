package io.methodcache.sample;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link CatalogApp} twice in fresh JVMs, without and with the agent, and prints the two results
 * side by side.
 *
 * <pre>
 * java -cp integration-tests/target/classes:integration-tests/target/app-libs/* io.methodcache.sample.SampleRunner \
 *      --agent agent/target/methodcache-agent.jar --rules config-samples/quickstart.yaml [--calls 4000] [--threads 4]
 * </pre>
 */
public final class SampleRunner {
  public static void main(String[] args) throws Exception {
    String agent = arg(args, "--agent", "agent/target/methodcache-agent.jar");
    String rules = arg(args, "--rules", "config-samples/quickstart.yaml");
    String calls = arg(args, "--calls", "4000");
    String threads = arg(args, "--threads", "4");
    File agentJar = new File(agent).getAbsoluteFile();
    File rulesFile = new File(rules).getAbsoluteFile();
    if (!agentJar.isFile()) {
      fail("no agent jar at " + agentJar + " - build it first: mvn -B -DskipTests install");
    }
    if (!rulesFile.isFile()) {
      fail("no rules file at " + rulesFile);
    }

    Map<String, String> without = run(null, calls, threads);
    Map<String, String> with = run("-javaagent:" + agentJar + "=" + rulesFile, calls, threads);

    System.out.printf(Locale.ROOT, "%nmethodcache sample: catalog on H2 + a 3 ms remote price call, %s calls on %s threads%n",
        calls, threads);
    System.out.printf(Locale.ROOT, "rules: %s%n%n", rules);
    row("", "without agent", "with agent");
    row("calls", without, with, "calls");
    row("origin calls", without, with, "origin");
    row("  db queries", without, with, "db");
    row("  price quotes", without, with, "quotes");
    row("hit ratio", percent(without), percent(with));
    row("latency p50", CatalogApp.millis(num(without, "p50us")), CatalogApp.millis(num(with, "p50us")));
    row("latency p99", CatalogApp.millis(num(without, "p99us")), CatalogApp.millis(num(with, "p99us")));
    row("wall time", without.get("wallms") + " ms", with.get("wallms") + " ms");
    row("same results", "", without.get("checksum").equals(with.get("checksum")) ? "yes" : "NO");
  }

  private static Map<String, String> run(String javaagent, String calls, String threads) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx128m");
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CatalogApp.class.getName());
    command.add("--calls");
    command.add(calls);
    command.add("--threads");
    command.add(threads);
    command.add("--machine");
    // the agent reports any problem with the rules file on stderr: let the user see it
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, String> result = new HashMap<>();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          String pair = line.substring("RESULT ".length());
          int eq = pair.indexOf('=');
          result.put(pair.substring(0, eq), pair.substring(eq + 1));
        } else {
          System.out.println(line);
        }
      }
    }
    int status = process.waitFor();
    if (status != 0 || !result.containsKey("calls")) {
      fail("the catalog run " + (javaagent == null ? "without" : "with") + " the agent failed (exit " + status + ")");
    }
    return result;
  }

  private static void row(String label, Map<String, String> without, Map<String, String> with, String key) {
    row(label, without.get(key), with.get(key));
  }

  private static void row(String label, String left, String right) {
    System.out.printf(Locale.ROOT, "  %-14s %16s %16s%n", label, left, right);
  }

  private static String percent(Map<String, String> r) {
    double ratio = CatalogApp.hitRatio(Long.parseLong(r.get("lookups")), Long.parseLong(r.get("origin")));
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static double num(Map<String, String> r, String key) {
    return Double.parseDouble(r.get(key));
  }

  private static String arg(String[] args, String name, String dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) return args[i + 1];
    }
    return dflt;
  }

  private static void fail(String message) {
    System.err.println("sample: " + message);
    System.exit(1);
  }
}
