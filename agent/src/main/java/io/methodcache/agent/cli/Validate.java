package io.methodcache.agent.cli;

import io.methodcache.agent.RuleFiles;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.RulesConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (ClassPath cp = ClassPath.open(classPath)) {
      classes = cp.size();
      TypePool pool = TypePool.Default.WithLazyResolution.of(
          new ClassFileLocator.Compound(cp, ClassFileLocator.ForClassLoader.ofPlatformLoader()));
      result = RuleMatcher.match(config.rules(), cp.classNames(), pool);
    }
    for (Problem p : result.problems) {
      err.println(p);
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
