package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.loaders.LoaderApp;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cached classes loaded by server-style class loaders. The fork's class path holds only the launcher
 * (io.methodcache.it.loaders); the web app and the boot app exist only in jars the test builds.
 */
class ClassLoaderIT {
  static ForkResult ran(Jdk jdk) {
    return ran(jdk, "loaders");
  }

  /** The same app with {@code -Dmethodcache.bridge=boot}: the bridge on the boot class path. */
  static ForkResult ranWithBootBridge(Jdk jdk) {
    return ran(jdk, "loaders-boot-bridge", "-Dmethodcache.bridge=boot");
  }

  static ForkResult ran(Jdk jdk, String scenario, String... jvmArgs) {
    ForkResult r = Scenarios.once(scenario, jdk, () -> {
      Path dir = ItEnv.workDir(scenario, jdk.id());
      Path launcher = jar(dir.resolve("launcher.jar"), "io/methodcache/it/loaders/", "");
      Path webapp = jar(dir.resolve("webapp.jar"), "io/methodcache/it/webapp/", "");
      Path bootapp = jar(dir.resolve("bootapp.jar"), "io/methodcache/it/bootapp/", "");
      Path fat = jar(dir.resolve("fat.jar"), "io/methodcache/it/bootapp/", "BOOT-INF/classes/");
      return ForkedJvm.on(jdk)
          .agent(ItEnv.writeFile(dir, "rules.yaml",
              "rules:",
              "  - name: web-render",
              "    method: io.methodcache.it.webapp.WebService#render(java.lang.String)",
              "    receiver: ignore", // the launcher makes a new instance for each call
              "  - name: boot-find",
              "    method: io.methodcache.it.bootapp.BootService#find(long)",
              "    receiver: ignore"))
          .jvmArgs("-Dmethodcache.jmx.delay=0")
          .jvmArgs(jvmArgs)
          .classpath(launcher)
          .main(LoaderApp.class, webapp.toString(), bootapp.toString(), fat.toString())
          .run();
    });
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aChildFirstWebAppLoaderIsCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "child-first.values", "Page(page:home),Page(page:home),Page(page:home)");
    eq(r, "child-first.ownResultClass", "true");
    eq(r, "child-first.bodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aNestedUrlClassLoaderOverAnAppJarIsCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "nested.values", "boot-7,boot-7,boot-7");
    eq(r, "nested.definedBy", "true");
    eq(r, "nested.bodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aSpringBootStyleFatJarLoaderIsCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "fat-jar.values", "boot-8,boot-8,boot-8");
    eq(r, "fat-jar.definedBy", "true");
    eq(r, "fat-jar.bodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void twoWebAppsWithTheSameClassesGetTheirOwnResults(Jdk jdk) {
    ForkResult r = ran(jdk);
    // web-b calls render("home") after web-a did: it must get a Page of its own class loader
    eq(r, "two-webapps.values", "Page(page:home),Page(page:home),Page(page:home)");
    eq(r, "two-webapps.ownResultClass", "true");
    eq(r, "two-webapps.titleOf", "page:home");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void twoWebAppsWithTheSameClassesAreEachCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "two-webapps.bodies", "1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aLoaderThatCannotSeeTheBridgeRunsUncachedWithOneClearMessage(Jdk jdk) {
    // by default the bridge is on the system class path, which a loader whose parent is the
    // platform loader cannot see: its class must run unchanged, and the operator be told why
    ForkResult r = ran(jdk);
    eq(r, "isolated.values", "Page(page:iso),Page(page:iso),Page(page:iso)");
    eq(r, "isolated.ownResultClass", "true");
    eq(r, "isolated.bodies", "3");
    assertEquals(1, r.stderrLines().size(), () -> "expected exactly one line on stderr\n" + r.describe());
    String line = r.stderrLines().get(0);
    assertTrue(line.startsWith("methodcache: ") && line.contains("io.methodcache.it.webapp.WebService")
        && line.contains("-Dmethodcache.bridge=boot"), () -> "unexpected message: " + line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void noInternalErrors(Jdk jdk) {
    eq(ran(jdk), "agent.internalErrors", "0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void withTheBridgeOnTheBootClassPathEveryLoaderIsCached(Jdk jdk) {
    ForkResult r = ranWithBootBridge(jdk);
    eq(r, "child-first.values", "Page(page:home),Page(page:home),Page(page:home)");
    eq(r, "child-first.bodies", "1");
    eq(r, "two-webapps.values", "Page(page:home),Page(page:home),Page(page:home)");
    eq(r, "two-webapps.ownResultClass", "true");
    eq(r, "two-webapps.bodies", "1");
    eq(r, "nested.values", "boot-7,boot-7,boot-7");
    eq(r, "nested.bodies", "1");
    eq(r, "fat-jar.values", "boot-8,boot-8,boot-8");
    eq(r, "fat-jar.bodies", "1");
    eq(r, "isolated.values", "Page(page:iso),Page(page:iso),Page(page:iso)");
    eq(r, "isolated.ownResultClass", "true");
    eq(r, "isolated.bodies", "1");
    eq(r, "agent.internalErrors", "0");
    assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("methodcache: ")), r::describe);
  }

  /** Jars the compiled classes under {@code packageDir} of target/test-classes, prefixed in the jar. */
  static Path jar(Path jar, String packageDir, String prefix) {
    Path root = ItEnv.testClasses();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.walk(root.resolve(packageDir))) {
      List<Path> classes = files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList());
      for (Path c : classes) {
        jos.putNextEntry(new JarEntry(prefix + root.relativize(c).toString().replace('\\', '/')));
        jos.write(Files.readAllBytes(c));
        jos.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }
}
