package io.methodcache.agent;

import io.methodcache.agent.bootstrap.Dispatch;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.SharedTier;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import io.methodcache.agent.jmx.JmxExporter;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;

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
    RulesConfig config = refuseUninstrumentable(
        RulesParser.load(Path.of(location.trim()), System::getenv));
    ProblemLog problems = new ProblemLog();
    config.problems().forEach(problems::report);
    if (config.strict() && !config.problems().isEmpty()) {
      Log.error("strict: true and " + config.source() + " has " + config.problems().size()
          + " problem(s); stopping the JVM (exit status " + STRICT_EXIT_STATUS + ")");
      System.exit(STRICT_EXIT_STATUS);
      throw new StrictModeExit("strict mode");
    }
    Engine engine = new Engine(config.rules(), SharedTier.startIfConfigured(config));
    Dispatch.install(engine, engine);
    FacadeWakeUp.notifyLoaded(inst);
    MethodCacheTransformer transformer = new MethodCacheTransformer(engine, problems);
    transformer.install(inst);
    JmxExporter jmx = new JmxExporter(engine, config.source(), problems);
    Reloader reloader = new Reloader(Path.of(location.trim()), config, engine, transformer,
        problems, Agent::refuseUninstrumentable, jmx::sync);
    jmx.start(reloader);
    reloader.watch();
    Log.info("started with " + config.rules().size() + " rule(s) from " + config.source());
  }

  /**
   * Rules this agent cannot apply as written (on JDK classes) are problems found at start, like
   * any other invalid rule.
   */
  private static RulesConfig refuseUninstrumentable(RulesConfig config) {
    List<RuleConfig> rules = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(config.problems());
    for (RuleConfig r : config.rules()) {
      String why = MethodCacheTransformer.refusal(r.method());
      if (why == null) {
        rules.add(r);
      } else {
        problems.add(new Problem(r.position(), r.name(), why + " (rule skipped)"));
      }
    }
    if (rules.size() == config.rules().size()) {
      return config;
    }
    problems.sort(java.util.Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
    return new RulesConfig(config.source(), config.namespace(), config.strict(), rules, problems,
        config.redis(), config.serialization());
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
