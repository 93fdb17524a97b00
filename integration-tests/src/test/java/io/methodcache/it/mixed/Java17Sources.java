package io.methodcache.it.mixed;

import io.methodcache.it.ItEnv;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;

/**
 * Compiles one package of {@code src/test/java17} (records, sealed types: the module itself
 * compiles for Java 11) with {@code --release 17}, once per test JVM, against the test classes
 * (Report, Bodies) and the agent-api jar, into {@code target/it-work/java17/<package>}.
 */
public final class Java17Sources {
  private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();

  private Java17Sources() {}

  /** The class directory of {@code pkg}'s sources, compiled on first use. */
  public static Path classes(String pkg) {
    return COMPILED.computeIfAbsent(pkg, p -> compile(p, List.of()));
  }

  /** As {@link #classes(String)}, compiled against {@code libraries} as well (Spring Boot's). */
  public static Path classes(String pkg, List<Path> libraries) {
    return COMPILED.computeIfAbsent(pkg, p -> compile(p, libraries));
  }

  /**
   * The agent-api jar (or class directory) on the test's class path, for the apps that print the
   * agent's stats. Not {@code MethodCache.class}'s code source: the shaded agent jar carries a copy
   * of the facade and comes first on this class path, and an agent jar on the app's class path
   * would load the agent's classes from there (with {@code -pl integration-tests} alone, from
   * whatever build was last installed into the local repository).
   */
  static Path agentApi() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      if (name.startsWith("methodcache-agent-api") || p.endsWith(Path.of("agent-api", "target", "classes"))) {
        return p;
      }
    }
    throw new AssertionError("no agent-api on the test class path: "
        + System.getProperty("java.class.path"));
  }

  private static Path compile(String pkg, List<Path> libraries) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Assumptions.assumeTrue(javac != null && Runtime.version().feature() >= 17,
        "compiling records and sealed types needs a JDK 17+ running the tests");
    Path src = ItEnv.basedir().resolve("src/test/java17").resolve(pkg.replace('.', '/'));
    Path out = ItEnv.workDir("java17", pkg);
    List<String> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + src, e);
    }
    if (files.isEmpty()) {
      throw new AssertionError("no sources under " + src);
    }
    List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:none", "-d", out.toString(),
        "-cp", ItEnv.testClasses() + File.pathSeparator + agentApi()
            + libraries.stream().map(l -> File.pathSeparator + l).collect(Collectors.joining())));
    args.addAll(files);
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(messages, true, StandardCharsets.UTF_8);
    int status = javac.run(null, err, err, args.toArray(new String[0]));
    if (status != 0) {
      throw new AssertionError("javac failed for " + src + ":\n"
          + messages.toString(StandardCharsets.UTF_8));
    }
    return out;
  }
}
