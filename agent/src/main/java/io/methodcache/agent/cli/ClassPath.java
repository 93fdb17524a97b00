package io.methodcache.agent.cli;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The class files of a class path, by binary name (the first entry that has a class wins, as for
 * a class loader). Jars and directories; {@code DIR/*} is every jar in DIR; inside a jar, classes
 * under {@code BOOT-INF/classes/} (Spring Boot) and {@code WEB-INF/classes/} (war) count too.
 * Nothing is loaded: this is a {@link ClassFileLocator} for a type pool.
 */
final class ClassPath implements ClassFileLocator, Closeable {
  private static final String[] PREFIXES = {"BOOT-INF/classes/", "WEB-INF/classes/"};

  private final List<JarFile> jars = new ArrayList<>();
  /** Binary name -> where its class file is. */
  private final Map<String, Source> classes = new LinkedHashMap<>();

  private interface Source {
    byte[] read() throws IOException;
  }

  private ClassPath() {}

  /**
   * @throws CliException (usage) when an entry does not exist or cannot be read
   */
  static ClassPath open(String classPath) throws CliException {
    ClassPath cp = new ClassPath();
    try {
      for (String raw : classPath.split(File.pathSeparator)) {
        String entry = raw.trim();
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.endsWith("/*") || entry.equals("*")) {
          Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
          cp.addJarsIn(dir, entry);
        } else {
          cp.add(Path.of(entry), entry);
        }
      }
      return cp;
    } catch (CliException | RuntimeException e) {
      cp.close();
      throw e;
    }
  }

  private void addJarsIn(Path dir, String entry) throws CliException {
    if (!Files.isDirectory(dir)) {
      throw CliException.usage("class path entry " + entry + ": no directory " + dir);
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
      s.forEach(found::add);
    } catch (IOException e) {
      throw CliException.usage("class path entry " + entry + ": cannot list " + dir + ": " + e);
    }
    found.sort(null);
    for (Path jar : found) {
      add(jar, jar.toString());
    }
  }

  private void add(Path path, String entry) throws CliException {
    if (Files.isDirectory(path)) {
      addDirectory(path, entry);
    } else if (Files.isRegularFile(path)) {
      addJar(path, entry);
    } else {
      throw CliException.usage("class path entry " + entry + " does not exist");
    }
  }

  private void addDirectory(Path dir, String entry) throws CliException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p))
          .forEach(files::add);
    } catch (IOException | RuntimeException e) {
      throw CliException.usage("class path entry " + entry + " cannot be read: " + e);
    }
    files.sort(null);
    for (Path file : files) {
      String relative = dir.relativize(file).toString().replace(File.separatorChar, '/');
      String name = binaryName(relative);
      if (name != null) {
        classes.putIfAbsent(name, () -> Files.readAllBytes(file));
      }
    }
  }

  private void addJar(Path path, String entry) throws CliException {
    JarFile jar;
    try {
      jar = new JarFile(path.toFile(), false);
    } catch (IOException | SecurityException e) {
      throw CliException.usage("class path entry " + entry + " is not a readable jar: " + e);
    }
    jars.add(jar);
    Enumeration<? extends ZipEntry> entries = jar.entries();
    while (entries.hasMoreElements()) {
      ZipEntry e = entries.nextElement();
      String file = e.getName();
      if (e.isDirectory() || !file.endsWith(".class")) {
        continue;
      }
      String name = binaryName(strip(file));
      if (name != null) {
        classes.putIfAbsent(name, () -> {
          try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
          }
        });
      }
    }
  }

  private static String strip(String file) {
    for (String prefix : PREFIXES) {
      if (file.startsWith(prefix)) {
        return file.substring(prefix.length());
      }
    }
    return file;
  }

  /** {@code com/a/B$C.class} -> {@code com.a.B$C}; null for module-info, META-INF and the like. */
  static String binaryName(String relativePath) {
    if (relativePath.startsWith("META-INF/") || relativePath.startsWith("BOOT-INF/")
        || relativePath.startsWith("WEB-INF/")) {
      return null;
    }
    String base = relativePath.substring(0, relativePath.length() - ".class".length());
    if (base.endsWith("module-info") || base.endsWith("package-info") || base.isEmpty()
        || base.indexOf('-') >= 0 || base.indexOf('.') >= 0) {
      return null;
    }
    return base.replace('/', '.');
  }

  /** Every class on the class path by binary name, in class path order. */
  List<String> classNames() {
    return new ArrayList<>(classes.keySet());
  }

  int size() { return classes.size(); }

  @Override
  public Resolution locate(String name) throws IOException {
    Source s = classes.get(name);
    return s == null ? new Resolution.Illegal(name) : new Resolution.Explicit(s.read());
  }

  @Override
  public void close() {
    for (JarFile j : jars) {
      try {
        j.close();
      } catch (IOException ignored) {
        // read-only
      }
    }
    jars.clear();
  }
}
