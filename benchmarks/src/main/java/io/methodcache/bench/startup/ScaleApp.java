package io.methodcache.bench.startup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generates the start-up scaling application: {@value #PACKAGES} packages of
 * {@value #PER_PACKAGE} classes each (20,000 in all, plus a few shared types), compiled once into
 * {@code scale-app.jar}, whose main class loads and calls every one of them. It stands for a
 * large service: most classes concern no rule, a few are cached.
 *
 * <ul>
 *   <li>every class {@code scale.pNNN.CNNNNN} has {@code int handle(int)}; every second one
 *       implements {@code scale.api.Handler}, every fourth extends {@code scale.api.BaseTask},
 *       so supertype checks ({@code Type+} rules) have real hierarchies to walk;
 *   <li>20 classes ({@code scale.p042.*} with an even index below 40) also implement
 *       {@code scale.api.Repository} ({@code int find(int)}): the classes the rules cache.
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks.jar io.methodcache.bench.startup.ScaleApp DIR} writes
 * {@code DIR/scale-app.jar} (skipped when it exists) and prints its path.
 */
public final class ScaleApp {
  static final int PACKAGES = 100;
  static final int PER_PACKAGE = 200;
  static final int CLASSES = PACKAGES * PER_PACKAGE;
  /** The main class of the generated jar. */
  static final String MAIN = "scale.ScaleMain";

  private ScaleApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/target/scale").toAbsolutePath();
    System.out.println(jar(dir));
  }

  /** The application jar in {@code dir}, generated and compiled on first use. */
  static Path jar(Path dir) throws IOException {
    Path jar = dir.resolve("scale-app.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    Path src = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    List<String> files = new ArrayList<>();
    write(src, "scale/api/Handler.java",
        "package scale.api; public interface Handler { int handle(int x); }", files);
    write(src, "scale/api/Repository.java",
        "package scale.api; public interface Repository { int find(int id); }", files);
    write(src, "scale/api/Bodies.java",
        "package scale.api; public final class Bodies { public static int count; }", files);
    write(src, "scale/api/BaseTask.java", "package scale.api; public abstract class BaseTask {"
        + " protected int base() { return 1; } }", files);
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < CLASSES; i++) {
      String pkg = String.format(Locale.ROOT, "p%03d", i / PER_PACKAGE);
      String cls = String.format(Locale.ROOT, "C%05d", i);
      boolean repository = i / PER_PACKAGE == 42 && i % PER_PACKAGE < 40 && i % 2 == 0;
      List<String> interfaces = new ArrayList<>();
      if (i % 2 == 0) {
        interfaces.add("scale.api.Handler");
      }
      if (repository) {
        interfaces.add("scale.api.Repository");
      }
      String body = "package scale." + pkg + "; public class " + cls
          + (i % 4 == 1 ? " extends scale.api.BaseTask" : "")
          + (interfaces.isEmpty() ? "" : " implements " + String.join(", ", interfaces))
          + " { public int handle(int x) { return x * 31 + " + i + "; }"
          + (repository ? " public int find(int id) { scale.api.Bodies.count++; return id + " + i + "; }" : "")
          + " }";
      write(src, "scale/" + pkg + "/" + cls + ".java", body, files);
      names.append("scale.").append(pkg).append('.').append(cls).append('\n');
    }
    write(src, "scale/ScaleMain.java", mainSource(), files);
    compile(files, classes);
    Files.writeString(classes.resolve("scale/classes.txt"), names, StandardCharsets.UTF_8);
    Path tmp = dir.resolve("scale-app.jar.tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      pack(classes, out);
    }
    Files.move(tmp, jar);
    return jar;
  }

  /**
   * Loads every class through the application class loader, calls {@code handle} on each and
   * {@code find} twice on each repository, then prints what it did: the figure the measurement
   * checks (the agent must have cached the repositories: 20 bodies with it, 40 without).
   */
  private static String mainSource() {
    return "package scale;\n"
        + "public final class ScaleMain {\n"
        + "  public static void main(String[] a) throws Exception {\n"
        + "    java.util.List<String> names = new java.io.BufferedReader(new java.io.InputStreamReader(\n"
        + "        ScaleMain.class.getResourceAsStream(\"/scale/classes.txt\"),\n"
        + "        java.nio.charset.StandardCharsets.UTF_8)).lines().collect(java.util.stream.Collectors.toList());\n"
        + "    long sum = 0; int repositories = 0;\n"
        + "    for (String n : names) {\n"
        + "      Object o = Class.forName(n).getDeclaredConstructor().newInstance();\n"
        + "      sum += (Integer) o.getClass().getMethod(\"handle\", int.class).invoke(o, 7);\n"
        + "      if (o instanceof scale.api.Repository) {\n"
        + "        repositories++;\n"
        + "        scale.api.Repository r = (scale.api.Repository) o;\n"
        + "        int first = r.find(1); int second = r.find(1);\n"
        + "        sum += first + second;\n"
        + "      }\n"
        + "    }\n"
        + "    System.out.println(\"classes=\" + names.size() + \" repositories=\" + repositories\n"
        + "        + \" bodies=\" + scale.api.Bodies.count + \" sum=\" + sum);\n"
        + "  }\n"
        + "}\n";
  }

  private static void write(Path root, String relative, String source, List<String> files)
      throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
    files.add(file.toString());
  }

  private static void compile(List<String> files, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("needs a JDK (javax.tools compiler), not a JRE");
    }
    Path argFile = classes.getParent().resolve("sources.txt");
    Files.write(argFile, files, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = javac.run(null, null, err, "--release", "17", "-proc:none", "-g:none",
        "-d", classes.toString(), "@" + argFile);
    if (status != 0) {
      throw new IllegalStateException("javac failed: " + err.toString(StandardCharsets.UTF_8));
    }
  }

  private static void pack(Path classes, OutputStream out) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN);
    try (JarOutputStream jar = new JarOutputStream(out, manifest);
        var files = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) files.sorted()::iterator) {
        if (Files.isRegularFile(p)) {
          jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
          Files.copy(p, jar);
          jar.closeEntry();
        }
      }
    }
  }
}
