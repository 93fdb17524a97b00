package io.methodcache.agent;

import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one way a rules file is read and checked: by the agent at start, by every reload, and by
 * {@code validate}, so that a file {@code validate} accepts is a file the agent starts with, whole.
 * Everything the file says is parsed here once, into immutable values the agent only consumes
 * (nothing is parsed again later, where a second grammar could disagree).
 */
public final class RuleFiles {
  private RuleFiles() {}

  /** Reads the file with the process environment for {@code ${VAR}}. */
  public static RulesConfig read(Path file) {
    return check(RulesParser.load(file, System::getenv));
  }

  /**
   * Adds the agent's refusals to a parsed file: a rule on a JDK or agent class is a problem, and
   * is left out, like any other invalid rule.
   */
  public static RulesConfig check(RulesConfig config) {
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
    problems.sort(Comparator.comparingInt((Problem p) -> p.position().line())
        .thenComparingInt(p -> p.position().column()));
    return new RulesConfig(config.source(), config.namespace(), config.strict(), rules, problems,
        config.redis(), config.serialization());
  }
}
