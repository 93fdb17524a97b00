package io.methodcache.agent;

import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hot reload of the rules file: on a change seen by polling (interval
 * {@code -Dmethodcache.reload.interval}, default 5s, 0 to turn off) or on JMX {@code reload()}.
 * All or nothing: the file is read as at start ({@link RuleFiles}) and its rules are checked
 * against the classes loaded now, as the instrumenter would check them ({@link
 * MethodCacheTransformer#checkLoaded}); with any problem the file is rejected and the running
 * rules stay exactly as they were (they go on caching). A valid one is applied in place ({@link
 * Engine#apply}), only the classes an added or removed rule concerns are retransformed, and the
 * problem list starts over. Changes to {@code redis:} need a restart (reported).
 */
public final class Reloader {
  /** What a problem found against a loaded class says at start; in a rejected file, nothing is. */
  private static final String SKIPPED = " (rule skipped)";

  private final Path file;
  private final Engine engine;
  private final MethodCacheTransformer transformer;
  private final ProblemLog problems;
  private final Runnable afterApply;
  private volatile RulesConfig running;
  private volatile String lastResult;
  private long seenModified;
  private long seenSize;

  Reloader(Path file, RulesConfig started, Engine engine, MethodCacheTransformer transformer,
      ProblemLog problems, Runnable afterApply) {
    this.file = file;
    this.running = started;
    this.engine = engine;
    this.transformer = transformer;
    this.problems = problems;
    this.afterApply = afterApply;
    this.lastResult = "loaded at start: " + started.rules().size() + " rule(s), "
        + started.problems().size() + " problem(s)";
    remember();
  }

  /**
   * What the last load did: "loaded at start: …", "applied at …: …", or "rejected at …: …"
   * followed by one line per problem ({@code FILE:LINE:COL: rule 'NAME': message}).
   */
  public String lastResult() {
    return lastResult;
  }

  /** Reads the file again and applies it if valid; returns {@link #lastResult()}. */
  public synchronized String reload() {
    remember();
    RulesConfig next = RuleFiles.read(file);
    List<Problem> found = next.problems();
    if (found.isEmpty()) {
      found = new ArrayList<>();
      for (Problem p : transformer.checkLoaded(next.rules())) {
        String m = p.message();
        found.add(m.endsWith(SKIPPED)
            ? new Problem(p.position(), p.rule(), m.substring(0, m.length() - SKIPPED.length()))
            : p);
      }
    }
    if (!found.isEmpty()) {
      return reject(next, found);
    }
    if (!Objects.equals(String.valueOf(next.redis()), String.valueOf(running.redis()))
        || !next.namespace().equals(running.namespace())
        || !next.serialization().allow().equals(running.serialization().allow())) {
      Log.warn(next.source() + ": changes to redis:, namespace: or serialization: take effect"
          + " at the next start; the rules are reloaded with the running shared tier");
    }
    problems.clear(); // the problems of the file replaced, and of files rejected since, are gone
    Engine.Changes changes = engine.apply(next.rules());
    transformer.update(changes);
    running = next;
    afterApply.run();
    lastResult = "applied at " + Instant.now() + ": " + changes;
    Log.info(lastResult);
    return lastResult;
  }

  private String reject(RulesConfig next, List<Problem> found) {
    StringBuilder result = new StringBuilder("rejected at " + Instant.now() + ": "
        + found.size() + " problem(s) in " + next.source()
        + "; none of it takes effect, the running rules are kept");
    Log.warn("reload " + result);
    for (Problem p : found) {
      problems.add(p);
      Log.warn(p.toString());
      result.append('\n').append(p);
    }
    lastResult = result.toString();
    return lastResult;
  }

  /** Starts polling the file on a daemon thread, if an interval is set. */
  void watch() {
    long interval = intervalMillis();
    if (interval <= 0) {
      return;
    }
    Thread t = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(interval);
          if (changed()) {
            reload();
          }
        } catch (InterruptedException e) {
          return;
        } catch (Throwable e) {
          Log.warnOnce("reload|" + e.getClass().getName(), "rules reload failed: " + e);
        }
      }
    }, "methodcache-reload");
    t.setDaemon(true);
    t.start();
  }

  private synchronized boolean changed() {
    try {
      return Files.getLastModifiedTime(file).toMillis() != seenModified
          || Files.size(file) != seenSize;
    } catch (IOException gone) {
      return false; // a file being replaced; the next poll sees the new one
    }
  }

  private void remember() {
    try {
      seenModified = Files.getLastModifiedTime(file).toMillis();
      seenSize = Files.size(file);
    } catch (IOException e) {
      seenModified = -1;
      seenSize = -1;
    }
  }

  private static long intervalMillis() {
    String v = System.getProperty("methodcache.reload.interval", "5s").trim();
    if (v.equals("0") || v.equalsIgnoreCase("off")) {
      return 0;
    }
    try {
      return io.methodcache.agent.config.Durations.parse(v).toMillis();
    } catch (RuntimeException e) {
      Log.warn("-Dmethodcache.reload.interval=" + v + " is not a duration (e.g. 5s, 500ms, 0);"
          + " using 5s");
      return 5_000;
    }
  }
}
