package io.methodcache.agent;

import io.methodcache.agent.config.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every problem with the rules in force, found at start, when a class loads, or in a file a reload
 * rejected: each printed once on stderr ({@code FILE:LINE:COL: rule 'NAME': message}) and kept for
 * JMX and {@code stats}. A reload that is applied starts the list over: the problems of the file
 * it replaced, or of a file rejected before it, no longer hold.
 */
public final class ProblemLog {
  /** In the order found; guarded by this. */
  private final Set<String> problems = new LinkedHashSet<>();

  /** Keeps the problem and prints it, the first time it is seen. */
  public void report(Problem p) {
    if (add(p)) {
      Log.warn(p.toString());
    }
  }

  /** Keeps the problem without printing it (the caller prints it); false if already kept. */
  public synchronized boolean add(Problem p) {
    return problems.add(p.toString());
  }

  /** A reload was applied: the problems of the files before it are dropped. */
  public synchronized void clear() {
    problems.clear();
  }

  public synchronized List<String> all() {
    return List.copyOf(new ArrayList<>(problems));
  }
}
