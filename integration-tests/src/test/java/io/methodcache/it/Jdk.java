package io.methodcache.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** One JDK installation a forked test runs on, or the note that a requested one is missing. */
public final class Jdk {
  private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
  private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"([^\"]+)\"");

  private final Path home;
  private final String version;
  private final int feature;
  private final String missing;

  private Jdk(Path home, String version, int feature, String missing) {
    this.home = home;
    this.version = version;
    this.feature = feature;
    this.missing = missing;
  }

  /** The JDK at {@code home}, or a missing one when there is no usable {@code bin/java}. */
  static Jdk at(Path home) {
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      return missing(home.toString(), "no executable " + java);
    }
    String version = readVersion(home);
    if (version == null) {
      return missing(home.toString(), "cannot tell the version of " + java);
    }
    return new Jdk(home, version, feature(version), null);
  }

  static Jdk missing(String what, String why) {
    return new Jdk(Path.of(what), "?", 0, why);
  }

  public Path home() { return home; }
  public Path java() { return home.resolve("bin").resolve("java"); }
  public Path tool(String name) { return home.resolve("bin").resolve(name); }
  public String version() { return version; }
  public int feature() { return feature; }
  public boolean isPresent() { return missing == null; }

  /** Skips the calling test, with a message, when this JDK is not on the machine. */
  public void assumePresent() {
    Assumptions.assumeTrue(isPresent(), () -> "JDK " + home + " is not available: " + missing);
  }

  /** A short label for paths and test names. */
  public String id() {
    return isPresent() ? "jdk" + feature + "-" + home.getFileName() : "missing-" + home.getFileName();
  }

  @Override
  public String toString() {
    return isPresent() ? "JDK " + version + " (" + home + ")" : "missing JDK " + home;
  }

  private static String readVersion(Path home) {
    Path release = home.resolve("release");
    try {
      if (Files.isRegularFile(release)) {
        Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
        if (m.find()) return m.group(1);
      }
    } catch (IOException ignored) {
      // fall back to asking the JVM
    }
    try {
      Process p = new ProcessBuilder(home.resolve("bin").resolve("java").toString(), "-version")
          .redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      Matcher m = VERSION_OUTPUT.matcher(new String(out, StandardCharsets.UTF_8));
      return m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** 17 for "17.0.15", 25 for "25.0.3", 8 for "1.8.0_402". */
  static int feature(String version) {
    String[] parts = version.split("[.+_-]");
    int first = Integer.parseInt(parts[0]);
    return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
  }
}
