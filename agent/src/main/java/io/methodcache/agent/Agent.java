package io.methodcache.agent;

import io.methodcache.agent.bootstrap.Dispatch;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.SharedTier;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import io.methodcache.agent.jmx.JmxExporter;
import io.methodcache.agent.metrics.CatalogControl;
import io.methodcache.agent.metrics.MetricsExport;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/** Start-up: find and check the rules, build the engine, install the transformer, export JMX. */
final class Agent {
  /** EX_CONFIG from sysexits.h: the JVM stops because its configuration is wrong. */
  static final int STRICT_EXIT_STATUS = 78;

  private Agent() {}

  static void start(String args, Instrumentation inst) {
    // Byte Buddy (relocated, so this property name is relocated with it) must not use
    // sun.misc.Unsafe: JDK 24+ prints a warning on its first use.
    if (System.getProperty("net.bytebuddy.safe") == null) {
      System.setProperty("net.bytebuddy.safe", "true");
    }
    String location = firstNonBlank(args, System.getProperty("methodcache.config"),
        System.getenv("METHODCACHE_CONFIG"));
    if (location == null) {
      Log.warn("no rules file given, nothing is cached; fix: -javaagent:methodcache-agent.jar="
          + "rules.yaml (or -Dmethodcache.config=rules.yaml, or METHODCACHE_CONFIG)");
      return;
    }
    Path file = Path.of(location.trim());
    RulesConfig config = RuleFiles.read(file); // as validate and every reload read it
    ProblemLog problems = new ProblemLog();
    config.problems().forEach(problems::report);
    if (config.strict() && !config.problems().isEmpty()) {
      Log.error("strict: true and " + config.source() + " has " + config.problems().size()
          + " problem(s); stopping the JVM (exit status " + STRICT_EXIT_STATUS + ")");
      System.exit(STRICT_EXIT_STATUS);
      throw new StrictModeExit("strict mode");
    }
    Engine engine = new Engine(config.rules(), SharedTier.startIfConfigured(config));
    Dispatch.install(engine, new CatalogControl(engine, engine::rule));
    FacadeWakeUp.notifyLoaded(inst);
    MethodCacheTransformer transformer = new MethodCacheTransformer(engine, problems);
    transformer.install(inst);
    JmxExporter jmx = new JmxExporter(engine, config.source(), problems);
    MetricsExport metrics = MetricsExport.start(engine, inst);
    Reloader reloader = new Reloader(file, config, engine, transformer, problems, () -> {
      jmx.sync();
      metrics.sync();
    });
    jmx.start(reloader);
    reloader.watch();
    Log.info("started with " + config.rules().size() + " rule(s) from " + config.source());
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
