package io.methodcache.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Builds the JMH options of one family on one JDK: the same iterations, heap and profilers for
 * every family, and the agent attached to the fork or not.
 */
public final class Forks {
  /** Fixed heap, so allocating rows (direct, composite key, Spring) do not resize it mid-run. */
  static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g");

  private Forks() {}

  /**
   * @param redisUri the Redis of a family that needs one ({@link Family#redis()}), else null;
   *                 its rules file is then the one {@link Suite} wrote to the output folder
   */
  public static ChainedOptionsBuilder options(Settings s, Jdk jdk, Family family, String redisUri) {
    List<String> jvm = new ArrayList<>(HEAP);
    if (family.withAgent()) {
      jvm.addAll(agentAttached(s.agentJar(),
          (family.redis() ? s.out() : s.rulesDir()).resolve(family.rules())));
    }
    // where a fork may leave figures for the report (e.g. Redis commands per L2 hit)
    jvm.add("-Dbench.out=" + s.out());
    jvm.add("-Dbench.jdk=" + jdk.label());
    if (family.redis()) {
      jvm.add("-Dbench.redis=" + redisUri);
    }
    jvm.addAll(family.jvmArgs());
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include(s.filtered(family.include()))
        .forks(1)
        .jvm(jdk.java().toString())
        .jvmArgs(jvm.toArray(new String[0]))
        .warmupIterations(s.warmupIterations())
        .warmupTime(TimeValue.seconds(s.iterationSeconds()))
        .measurementIterations(s.iterations())
        .measurementTime(TimeValue.seconds(s.iterationSeconds()))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.NORMAL);
    for (String p : s.profilers()) {
      b = b.addProfiler(p);
    }
    return b;
  }

  /** The fork's arguments that attach the real agent jar with a rules file. */
  public static List<String> agentAttached(Path agentJar, Path rules) {
    return List.of("-javaagent:" + agentJar.toAbsolutePath() + "=" + rules.toAbsolutePath());
  }
}
