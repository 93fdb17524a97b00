package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the module's build output, the agent jar and the test's work files are. */
public final class ItEnv {
  private ItEnv() {}

  public static Path basedir() {
    String dir = System.getProperty("methodcache.it.basedir");
    return Path.of(dir != null ? dir : System.getProperty("user.dir")).toAbsolutePath().normalize();
  }

  /** The shaded agent jar; fails the test (not skips) when it has not been built. */
  public static Path agentJar() {
    String jar = System.getProperty("methodcache.agent.jar");
    Path path = jar != null ? Path.of(jar) : basedir().resolve("../agent/target/methodcache-agent.jar");
    path = path.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      fail("agent jar not found at " + path + "; build it with: mvn -B -DskipTests install -pl agent-api,agent");
    }
    return path;
  }

  public static Path classes() { return basedir().resolve("target/classes"); }
  public static Path testClasses() { return basedir().resolve("target/test-classes"); }
  public static List<Path> appLibs() { return jarsIn(basedir().resolve("target/app-libs")); }
  public static List<Path> conflictLibs() { return jarsIn(basedir().resolve("target/conflict-libs")); }

  public static Path configSamples() {
    String dir = System.getProperty("methodcache.config.samples");
    return (dir != null ? Path.of(dir) : basedir().resolve("../config-samples")).toAbsolutePath().normalize();
  }

  /** A fresh directory under target/it-work, kept after the run for post-mortems. */
  public static Path workDir(String... names) {
    Path dir = basedir().resolve("target/it-work");
    for (String name : names) dir = dir.resolve(name);
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
            Files.delete(p);
          }
        }
      }
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code lines} joined by '\n' (and a final newline) to {@code dir/name}. */
  public static Path writeFile(Path dir, String name, String... lines) {
    return writeBytes(dir, name, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  public static Path writeBytes(Path dir, String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> jarsIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      fail("missing " + dir + " (made by maven-dependency-plugin during the build of integration-tests)");
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
