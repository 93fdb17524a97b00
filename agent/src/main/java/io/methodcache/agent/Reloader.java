package io.methodcache.agent;

import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.instrument.MethodCacheTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Hot reload of the rules file: on a change seen by polling (interval
 * {@code -Dmethodcache.reload.interval}, default 5s, 0 to turn off) or on JMX {@code reload()}.
 * A file with any problem is rejected as a whole and the running rules stay; a valid one is
 * applied in place ({@link Engine#apply}) and only the classes an added or removed rule concerns
 * are retransformed. Changes to {@code redis:} need a restart (reported).
 */
public final class Reloader {
  private final Path file;
  private final Engine engine;
  private final MethodCacheTransformer transformer;
  private final ProblemLog problems;
  private final Function<RulesConfig, RulesConfig> check;
  private final Runnable afterApply;
  private volatile RulesConfig running;
  private volatile String lastResult;
  private long seenModified;
  private long seenSize;

  Reloader(Path file, RulesConfig started, Engine engine, MethodCacheTransformer transformer,
      ProblemLog problems, Function<RulesConfig, RulesConfig> check, Runnable afterApply) {
    this.file = file;
    this.running = started;
    this.engine = engine;
    this.transformer = transformer;
    this.problems = problems;
    this.check = check;
    this.afterApply = afterApply;
    this.lastResult = "loaded at start: " + started.rules().size() + " rule(s), "
        + started.problems().size() + " problem(s)";
    remember();
  }

  public String lastResult() {
    return lastResult;
  }

  /** Reads the file again and applies it if valid; returns what happened, in one line. */
  public synchronized String reload() {
    remember();
    RulesConfig next = check.apply(io.methodcache.agent.config.RulesParser.load(file,
        System::getenv));
    if (!next.problems().isEmpty()) {
      for (Problem p : next.problems()) {
        problems.report(p);
      }
      lastResult = "rejected at " + Instant.now() + ": " + next.problems().size()
          + " problem(s) in " + next.source() + "; the running rules are kept";
      Log.warn(lastResult);
      return lastResult;
    }
    if (!Objects.equals(String.valueOf(next.redis()), String.valueOf(running.redis()))
        || !next.namespace().equals(running.namespace())) {
      Log.warn(next.source() + ": changes to redis: or namespace: take effect at the next start;"
          + " the rules are reloaded with the running shared tier");
    }
    Engine.Changes changes = engine.apply(next.rules());
    transformer.update(changes);
    running = next;
    afterApply.run();
    lastResult = "applied at " + Instant.now() + ": " + changes;
    Log.info(lastResult);
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
