package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A healthy start in a fresh JVM prints nothing on stderr (no SLF4J banner, no Netty/Lettuce
 * warnings), never initialises java.util.logging, and leaves no thread that keeps the JVM alive.
 * Also run on the newest JDK installed next to this one, when there is one.
 */
class QuietLoggingTest {
  private static RedisServerFixture server;

  @BeforeAll
  static void start() {
    server = RedisServerFixture.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthyStartIsSilentOnThisJdk() throws Exception {
    runChild(Paths.get(System.getProperty("java.home"), "bin", "java"));
  }

  @Test
  void healthyStartIsSilentOnOtherInstalledJdks() throws Exception {
    Path jvms = Paths.get(System.getProperty("java.home")).getParent();
    File[] candidates = jvms == null ? null : jvms.toFile().listFiles();
    if (candidates == null) {
      return;
    }
    Path self = Paths.get(System.getProperty("java.home")).toRealPath();
    for (File f : candidates) {
      Path java = f.toPath().resolve("bin").resolve("java");
      if (Files.isExecutable(java) && !f.toPath().toRealPath().equals(self) && f.getName().contains("25")) {
        runChild(java);
      }
    }
  }

  @Test
  void formatsPlaceholders() {
    assertEquals("a 1 b 2", QuietLogging.format("a {} b {}", 1, 2));
    assertEquals("a 1 b {}", QuietLogging.format("a {} b {}", 1));
    assertEquals("x: java.lang.IllegalStateException: boom",
        QuietLogging.format("x", new IllegalStateException("boom")));
    assertEquals("a 1", QuietLogging.format("a {}", 1, new IllegalStateException("t")).substring(0, 3));
  }

  private static void runChild(Path java) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path tmp = Files.createTempDirectory("silent-start");
    try {
      Path classes = tmp.resolve("classes.txt");
      Path inits = tmp.resolve("inits.txt");
      List<String> cmd = new ArrayList<>(List.of(java.toString(),
          "-Xlog:class+load=info:file=" + classes, "-Xlog:class+init=info:file=" + inits,
          "-cp", cp, SilentStartMain.class.getName(), server.uri(), TestSettings.uniqueNamespace()));
      Process p = new ProcessBuilder(cmd)
          .redirectOutput(tmp.resolve("out.txt").toFile())
          .redirectError(tmp.resolve("err.txt").toFile())
          .start();
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String out = Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8);
      String err = Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8);
      System.out.println("silent start on " + java + ": " + out.replace('\n', ' '));
      assertTrue(exited, "the JVM exited by itself after main returned (daemon threads only): " + out);
      assertEquals(0, p.exitValue(), out + err);
      assertTrue(out.startsWith("OK gaps=0 sent=1"), out);
      assertTrue(out.contains("NONDAEMON:[]"), out);
      assertEquals("", err, "stderr on a healthy start");
      String loaded = Files.readString(classes, StandardCharsets.UTF_8);
      assertTrue(loaded.contains("io.netty.util.internal.logging.InternalLoggerFactory "), "the log was written");
      if (loaded.contains("java.util.logging.LogManager ")) {
        // JDK 25's management helpers (which Netty touches to read -XX:MaxDirectMemorySize) load
        // the class; what breaks app servers is its initialisation (it picks the LogManager).
        String initialised = Files.readString(inits, StandardCharsets.UTF_8);
        assertTrue(initialised.contains("Initializing 'java/lang/String'"), "this JDK logs initialisation");
        assertFalse(initialised.contains("Initializing 'java/util/logging/LogManager'"),
            "java.util.logging was initialised");
      }
    } finally {
      try (var s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
