package io.methodcache.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JDKs forked tests run on. By default: the running {@code java.home}, {@code $JAVA_HOME}, and
 * every directory under {@code /usr/lib/jvm} with a {@code bin/java}, deduplicated by real path,
 * feature version 11 or later. An explicit comma-separated list in the system property
 * {@code methodcache.test.jdks} or the environment variable {@code METHODCACHE_TEST_JDKS} replaces
 * that; each entry is a JDK home or a feature version ({@code 25}) looked up among the discovered
 * ones. An entry that is not on the machine becomes a test skipped with a message.
 */
public final class Jdks {
  static final int MIN_FEATURE = 11;
  private static volatile List<Jdk> all;

  private Jdks() {}

  /** For {@code @MethodSource("io.methodcache.it.Jdks#jdks")}. */
  public static Stream<Jdk> jdks() {
    return all().stream();
  }

  public static List<Jdk> all() {
    List<Jdk> result = all;
    if (result == null) {
      synchronized (Jdks.class) {
        if (all == null) {
          all = List.copyOf(resolve());
        }
        result = all;
      }
    }
    return result;
  }

  private static List<Jdk> resolve() {
    String explicit = System.getProperty("methodcache.test.jdks");
    if (explicit == null || explicit.isBlank()) {
      explicit = System.getenv("METHODCACHE_TEST_JDKS");
    }
    if (explicit == null || explicit.isBlank()) {
      return discover();
    }
    List<Jdk> result = new ArrayList<>();
    for (String entry : explicit.split(",")) {
      String e = entry.trim();
      if (e.isEmpty()) continue;
      if (e.matches("\\d+")) {
        int feature = Integer.parseInt(e);
        result.add(discover().stream().filter(j -> j.feature() == feature).findFirst()
            .orElse(Jdk.missing("jdk-" + feature, "no JDK " + feature + " found on this machine")));
      } else {
        result.add(Jdk.at(Path.of(e)));
      }
    }
    return result;
  }

  static List<Jdk> discover() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of(System.getProperty("java.home")));
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(Path.of(javaHome));
    }
    Path jvmDir = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvmDir)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvmDir, Files::isDirectory)) {
        dirs.forEach(candidates::add);
      } catch (IOException ignored) {
        // keep what we have
      }
    }
    Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
    for (Path candidate : candidates) {
      if (!Files.isExecutable(candidate.resolve("bin").resolve("java"))) continue;
      Path real;
      try {
        real = candidate.toRealPath();
      } catch (IOException e) {
        continue;
      }
      if (byRealPath.containsKey(real)) continue;
      Jdk jdk = Jdk.at(real);
      if (jdk.isPresent() && jdk.feature() >= MIN_FEATURE) {
        byRealPath.put(real, jdk);
      }
    }
    List<Jdk> result = new ArrayList<>(byRealPath.values());
    result.sort(Comparator.<Jdk>comparingInt(j -> j.feature()).thenComparing(j -> j.home().toString()));
    return result;
  }
}
