package io.methodcache.agent;

import io.methodcache.agent.config.Problem;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every problem with the rules, found at start or when a class loads: each printed once on stderr
 * ({@code FILE:LINE:COL: rule 'NAME': message}) and kept for JMX.
 */
public final class ProblemLog {
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  public void report(Problem p) {
    String text = p.toString();
    if (seen.add(text)) {
      problems.add(text);
      Log.warn(text);
    }
  }

  public List<String> all() {
    return List.copyOf(problems);
  }
}
