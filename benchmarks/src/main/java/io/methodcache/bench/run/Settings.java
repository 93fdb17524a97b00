package io.methodcache.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a suite run uses, from system properties (run.sh sets them):
 * <ul>
 *   <li>{@code bench.agent}: the agent jar (required)</li>
 *   <li>{@code bench.rules}: the rules folder (default benchmarks/rules)</li>
 *   <li>{@code bench.jdks}: {@code 17=/path/to/jdk17,25=/path/to/jdk25} (default: this JVM)</li>
 *   <li>{@code bench.out}: where the raw results go (default benchmarks/target/bench)</li>
 *   <li>{@code bench.quick=true} (or 1): 2 warm-up and 3 measured iterations instead of 3 and 5</li>
 *   <li>{@code bench.include}: a regex every benchmark run must also match</li>
 *   <li>{@code bench.families}: names of the families to run (default all)</li>
 *   <li>{@code bench.prof}: extra JMH profilers, comma-separated (e.g. {@code stack})</li>
 * </ul>
 */
public record Settings(Path agentJar, Path rulesDir, List<Jdk> jdks, Path out, boolean quick,
    String include, List<String> families, List<String> profilers) {

  public static Settings fromSystemProperties() {
    String agent = System.getProperty("bench.agent");
    if (agent == null || !Files.isRegularFile(Path.of(agent))) {
      throw new IllegalArgumentException("-Dbench.agent=<path to methodcache-agent.jar> is required"
          + " (got " + agent + "); build it with: mvn -B -q -DskipTests install");
    }
    return new Settings(
        Path.of(agent).toAbsolutePath(),
        Path.of(System.getProperty("bench.rules", "benchmarks/rules")).toAbsolutePath(),
        Jdk.parse(System.getProperty("bench.jdks")),
        Path.of(System.getProperty("bench.out", "benchmarks/target/bench")).toAbsolutePath(),
        isTrue(System.getProperty("bench.quick")),
        System.getProperty("bench.include", ""),
        list(System.getProperty("bench.families")),
        list(System.getProperty("bench.prof")));
  }

  private static boolean isTrue(String v) {
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"));
  }

  private static List<String> list(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  public int warmupIterations() { return quick ? 2 : 3; }
  public int iterations() { return quick ? 3 : 5; }
  public int iterationSeconds() { return 1; }

  public boolean runs(Family f) {
    return families.isEmpty() || families.contains(f.name());
  }

  /** The family's include, narrowed to benchmarks that also match {@code bench.include}. */
  public String filtered(String familyInclude) {
    return include.isBlank() ? familyInclude : "(?=.*(?:" + include + "))" + familyInclude;
  }
}
