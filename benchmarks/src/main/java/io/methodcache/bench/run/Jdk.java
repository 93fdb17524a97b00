package io.methodcache.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A JDK the forks run on: a label ("17") and its home. */
public record Jdk(String label, Path home) {

  public Path java() {
    return home.resolve("bin").resolve("java");
  }

  /** Parses "17=/usr/lib/jvm/java-17,25=/usr/lib/jvm/jdk-25"; empty: the JDK running this. */
  public static List<Jdk> parse(String spec) {
    List<Jdk> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      out.add(new Jdk(String.valueOf(Runtime.version().feature()), Path.of(System.getProperty("java.home"))));
      return out;
    }
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("bad JDK '" + part + "'; expected LABEL=JAVA_HOME");
      }
      Jdk jdk = new Jdk(kv[0].trim(), Path.of(kv[1].trim()));
      if (!Files.isExecutable(jdk.java())) {
        throw new IllegalArgumentException("no java at " + jdk.java());
      }
      out.add(jdk);
    }
    return out;
  }
}
