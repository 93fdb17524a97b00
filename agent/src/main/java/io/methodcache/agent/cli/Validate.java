package io.methodcache.agent.cli;

import io.methodcache.agent.RuleFiles;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.RulesConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/** {@code validate RULES [--classpath CP]}. */
final class Validate {
  private Validate() {}

  static int run(List<String> tokens, PrintStream out, PrintStream err) throws CliException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--classpath"), Map.of("-cp", "--classpath",
        "--class-path", "--classpath"));
    if (args.help()) {
      out.print(Usage.VALIDATE);
      return Main.OK;
    }
    args.expect(1, 1, "RULES (the rules file)");
    RulesConfig config = check(readable(args.positional(0)));
    for (Problem p : config.problems()) {
      err.println(p);
    }
    String classPath = args.value("--classpath");
    if (classPath == null) {
      for (RuleConfig r : config.rules()) {
        out.println("ok " + r.name() + " " + r.method().text());
      }
      out.println(summary(config));
      return config.problems().isEmpty() ? Main.OK : Main.FAILED;
    }

    RuleMatcher.Result result;
    int classes;
    try (ClassPath cp = ClassPath.open(classPath);
        URLClassLoader loader = loaderFor(classPath)) {
      classes = cp.size();
      TypePool pool = TypePool.Default.WithLazyResolution.of(
          new ClassFileLocator.Compound(cp, ClassFileLocator.ForClassLoader.ofPlatformLoader()));
      result = RuleMatcher.match(config.rules(), cp.classNames(), pool, loader);
    } catch (IOException e) {
      throw CliException.usage("cannot read the class path " + classPath + ": " + e);
    }
    for (Problem p : result.problems) {
      err.println(p);
    }
    for (Problem w : result.warnings) {
      err.println(w);
    }
    for (String u : result.unreadable) {
      err.println("unreadable " + u);
    }
    for (RuleConfig r : config.rules()) {
      for (RuleMatcher.Finding f : result.findings.get(r.name())) {
        out.println(f);
      }
      String why = result.nothing.get(r.name());
      if (why != null) {
        out.println("nothing " + r.name() + " -- " + why);
      }
    }
    int problems = config.problems().size() + result.problems.size();
    out.println(config.rules().size() + " valid rule(s), " + problems + " problem(s) in "
        + config.source());
    out.println(classes + " class(es) on the class path, " + result.matched() + " method(s) matched, "
        + result.nothing.size() + " rule(s) match nothing");
    return problems == 0 && result.nothing.isEmpty() ? Main.OK : Main.FAILED;
  }

  /**
   * The class path as the application's class loader would see it, over the platform class
   * loader: it tells whether a class comes from the JDK or from the class path. Nothing of the
   * application is loaded through it (see RuleMatcher).
   */
  static URLClassLoader loaderFor(String classPath) throws CliException {
    List<URL> urls = new ArrayList<>();
    for (String raw : classPath.split(File.pathSeparator)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      try {
        if (entry.endsWith("/*") || entry.equals("*")) {
          Path dir = Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
          try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
            for (Path jar : jars) {
              urls.add(jar.toUri().toURL());
            }
          }
        } else {
          urls.add(Path.of(entry).toUri().toURL());
        }
      } catch (IOException | RuntimeException e) {
        throw CliException.usage("class path entry " + entry + " cannot be read: " + e);
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  static String summary(RulesConfig config) {
    return config.rules().size() + " valid rule(s), " + config.problems().size()
        + " problem(s) in " + config.source();
  }

  static Path readable(String file) throws CliException {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw CliException.usage("cannot read the rules file " + file
          + (Files.exists(path) ? "" : ": no such file"));
    }
    return path;
  }

  /** Reads the file exactly as the agent does at start and on reload ({@link RuleFiles}). */
  static RulesConfig check(Path rules) {
    return RuleFiles.read(rules);
  }
}
