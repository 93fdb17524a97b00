package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.l2.L2App;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forked {@link L2App} JVMs of one L2 scenario, their shared data directory, and failure
 * messages that carry every JVM's output. Closing kills whatever still runs.
 */
final class L2Group implements AutoCloseable {
  /** A body that may throw anything; failures are rethrown with every fork's output. */
  interface Body {
    void run() throws Exception;
  }

  /** One running L2App. */
  final class App {
    final String name;
    final Jdk jdk;
    final ForkedJvm.Running running;

    App(String name, Jdk jdk, ForkedJvm.Running running) {
      this.name = name;
      this.jdk = jdk;
      this.running = running;
    }

    /** Sends a command and returns the answer (after "> "); a failed command fails the test. */
    String ask(String command) {
      String answer = running.ask(command, L2Support.STEP);
      if (answer.startsWith("!command failed")) {
        throw new AssertionError(name + ": '" + command + "' -> " + answer);
      }
      return answer;
    }

    /** {@code get M ID}: [bodies, outcome]. */
    String[] get(String method, long id) {
      String a = ask("get " + method + " " + id);
      int sp = a.indexOf(' ');
      return new String[] {a.substring(0, sp), a.substring(sp + 1)};
    }

    String value(String method, long id) {
      return get(method, id)[1];
    }

    int bodies(String method) {
      return Integer.parseInt(ask("bodies-of " + method).trim());
    }

    /** One rule attribute as a long (fails with the answer when it is not a number). */
    long ruleLong(String rule, String attribute) {
      String a = ask("rule " + rule + " " + attribute);
      try {
        return Long.parseLong(a);
      } catch (NumberFormatException e) {
        throw new AssertionError(name + ": rule " + rule + " " + attribute + " = " + a);
      }
    }

    long agentLong(String attribute) {
      String a = ask("agent " + attribute);
      try {
        return Long.parseLong(a);
      } catch (NumberFormatException e) {
        throw new AssertionError(name + ": agent " + attribute + " = " + a);
      }
    }

    String agent(String attribute) {
      return ask("agent " + attribute);
    }

    /** Waits until the agent reports L2 connected; returns the answer ("ok MS|status"). */
    String awaitL2() {
      String a = ask("await-l2 15000");
      assertTrue(a.startsWith("ok"), () -> name + ": L2 not connected within 15 s: " + a);
      return a;
    }

    @Override
    public String toString() {
      return name + " (" + jdk + ", pid " + running.pid() + ")";
    }
  }

  final String scenario;
  final Path work;
  final Path data;
  private final Map<String, App> apps = new LinkedHashMap<>();
  private final Map<String, ForkResult> results = new LinkedHashMap<>();

  L2Group(String scenario) {
    this.scenario = scenario;
    this.work = ItEnv.workDir("l2", scenario);
    try {
      this.data = Files.createDirectories(work.resolve("data"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Starts an L2App with the agent and these rules; waits for READY. */
  App start(String name, Jdk jdk, Path rules, String... jvmArgs) {
    List<String> args = new ArrayList<>();
    args.add("-Dmethodcache.jmx.delay=0");
    args.add("-Dl2.data=" + data);
    args.addAll(List.of(jvmArgs));
    ForkedJvm fork = ForkedJvm.on(jdk)
        .agent(rules)
        .jvmArgs(args.toArray(new String[0]))
        .classpath(ItEnv.testClasses(), AgentApiIT.agentApi())
        .main(L2App.class)
        .timeout(Duration.ofSeconds(180));
    ForkedJvm.Running running = fork.start();
    App app = new App(name, jdk, running);
    apps.put(name, app);
    String ready = running.awaitLine(l -> l.startsWith("READY"), L2Support.STEP);
    assertTrue(ready.equals("READY true"), () -> name + ": agent MBean not registered: " + ready);
    return app;
  }

  /** Runs the scenario; any failure is rethrown with the output of every JVM of the group. */
  void check(Body body) {
    try {
      body.run();
    } catch (Throwable t) {
      StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
      for (App app : apps.values()) {
        if (results.get(app.name) == null) {
          try {
            b.append("\n").append(app.name).append(" agent L2Status|BreakerState|InvalidationsSent|"
                + "InvalidationsReceived|L1ClearsAfterGap at the failure: ").append(app.running.ask(
                    "agent L2Status BreakerState InvalidationsSent InvalidationsReceived L1ClearsAfterGap",
                    Duration.ofSeconds(5)));
          } catch (Throwable ignored) {
            b.append("\n").append(app.name).append(" did not answer");
          }
        }
      }
      for (App app : apps.values()) {
        ForkResult r = results.get(app.name);
        if (r == null) {
          app.running.closeStdin();
          r = app.running.awaitExit(Duration.ofSeconds(5));
        }
        b.append("\n==== ").append(app).append('\n').append(r.describe());
      }
      throw new AssertionError(b.toString(), t);
    }
  }

  /** Ends every JVM (stdin closed: the app exits), asserts each exited normally. */
  Map<String, ForkResult> finish() {
    for (App app : apps.values()) {
      app.running.closeStdin();
    }
    for (App app : apps.values()) {
      ForkResult r = app.running.awaitExit(Duration.ofSeconds(30));
      results.put(app.name, r);
    }
    for (ForkResult r : results.values()) {
      r.assertExitedNormally();
    }
    return results;
  }

  @Override
  public void close() {
    for (App app : apps.values()) {
      app.running.close();
    }
  }
}
