package io.methodcache.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Starts {@code java} from a given JDK home, with the agent and a rules file, a class path, a main
 * class and arguments; captures stdout and stderr line by line; enforces a timeout; and kills the
 * process (and anything it started) in every outcome, including the test JVM's own exit.
 */
public final class ForkedJvm {
  /** Small and quick to start: tests check behaviour, never speed. */
  public static final List<String> SMALL_JVM =
      List.of("-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ForkedJvm::kill), "kill-forked-jvms"));
  }

  private final Jdk jdk;
  private final List<String> jvmArgs = new ArrayList<>(SMALL_JVM);
  private final List<String> extraJvmArgs = new ArrayList<>();
  private String javaagent;
  private final List<Path> classpath = new ArrayList<>();
  private String mainClass;
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Set<String> envRemoved = new LinkedHashSet<>();
  private Duration timeout = Duration.ofSeconds(60);

  private ForkedJvm(Jdk jdk) {
    this.jdk = jdk;
    envRemoved.add("METHODCACHE_CONFIG");
    envRemoved.add("JAVA_TOOL_OPTIONS");
    envRemoved.add("JDK_JAVA_OPTIONS");
    envRemoved.add("_JAVA_OPTIONS");
  }

  public static ForkedJvm on(Jdk jdk) {
    jdk.assumePresent();
    return new ForkedJvm(jdk);
  }

  /** {@code -javaagent:<agent jar>=<rules>}. */
  public ForkedJvm agent(Path rules) {
    javaagent = "-javaagent:" + ItEnv.agentJar() + "=" + rules;
    return this;
  }

  /** {@code -javaagent:<agent jar>} with no argument (rules from a property or the environment). */
  public ForkedJvm agentWithoutArgument() {
    javaagent = "-javaagent:" + ItEnv.agentJar();
    return this;
  }

  /** Replaces the default small-JVM options (heap, JIT, GC). */
  public ForkedJvm baseJvmArgs(String... options) {
    jvmArgs.clear();
    jvmArgs.addAll(Arrays.asList(options));
    return this;
  }

  public ForkedJvm jvmArgs(String... options) {
    extraJvmArgs.addAll(Arrays.asList(options));
    return this;
  }

  public ForkedJvm classpath(Path... entries) {
    classpath.addAll(Arrays.asList(entries));
    return this;
  }

  public ForkedJvm classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  public ForkedJvm main(Class<?> main, String... arguments) {
    return main(main.getName(), arguments);
  }

  public ForkedJvm main(String main, String... arguments) {
    mainClass = main;
    args.addAll(Arrays.asList(arguments));
    return this;
  }

  public ForkedJvm env(String name, String value) {
    env.put(name, value);
    envRemoved.remove(name);
    return this;
  }

  public ForkedJvm withoutEnv(String name) {
    envRemoved.add(name);
    env.remove(name);
    return this;
  }

  public ForkedJvm timeout(Duration limit) {
    timeout = limit;
    return this;
  }

  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(jdk.java().toString());
    command.addAll(jvmArgs);
    command.addAll(extraJvmArgs);
    if (javaagent != null) command.add(javaagent);
    if (!classpath.isEmpty()) {
      command.add("-cp");
      command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Runs to the end (stdin closed at once) or to the timeout, and returns what happened. */
  public ForkResult run() {
    try (Running running = start()) {
      running.closeStdin();
      return running.awaitExit(timeout);
    }
  }

  /** Starts the JVM for a conversation over stdin/stdout; close the handle to kill it. */
  public Running start() {
    if (mainClass == null) throw new IllegalStateException("no main class");
    List<String> command = command();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeAll(envRemoved);
    builder.environment().putAll(env);
    builder.directory(ItEnv.basedir().toFile());
    try {
      return new Running(jdk, command, builder.start(), timeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** A started JVM. Its output is collected in the background; {@link #close()} kills it. */
  public static final class Running implements AutoCloseable {
    private final Jdk jdk;
    private final List<String> command;
    private final Process process;
    private final Duration timeout;
    private final long started = System.nanoTime();
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;
    private final Writer stdin;
    private final Object lines = new Object();
    private int cursor;
    private int errCursor;
    private ForkResult result;

    Running(Jdk jdk, List<String> command, Process process, Duration timeout) {
      this.jdk = jdk;
      this.command = command;
      this.process = process;
      this.timeout = timeout;
      LIVE.add(process);
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.outReader = reader(process.getInputStream(), stdout, "stdout");
      this.errReader = reader(process.getErrorStream(), stderr, "stderr");
    }

    private Thread reader(InputStream in, List<String> sink, String name) {
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (lines) {
              sink.add(line);
              lines.notifyAll();
            }
          }
        } catch (IOException ignored) {
          // the process is gone
        }
      }, "fork-" + name + "-" + process.pid());
      t.setDaemon(true);
      t.start();
      return t;
    }

    public long pid() { return process.pid(); }

    /** Sends one line to the app's stdin. */
    public void send(String line) {
      try {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write to the forked JVM: " + describeNow(), e);
      }
    }

    public void closeStdin() {
      try {
        stdin.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    /**
     * Waits for the next stdout line (after the last one returned) that matches; fails with the
     * output so far when the process ends or the wait exceeds {@code limit}.
     */
    public String awaitLine(Predicate<String> match, Duration limit) {
      long deadline = System.nanoTime() + limit.toNanos();
      synchronized (lines) {
        while (true) {
          while (cursor < stdout.size()) {
            String line = stdout.get(cursor++);
            if (match.test(line)) return line;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no expected line from the forked JVM within " + limit + "\n" + describeNow());
          }
          if (!process.isAlive() && !outReader.isAlive()) {
            throw new AssertionError("the forked JVM ended without the expected line\n" + describeNow());
          }
          try {
            lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        }
      }
    }

    /**
     * Waits for the next stderr line (after the last one this method returned) that matches: the
     * agent's own messages, e.g. a reload's result.
     */
    public String awaitStderrLine(Predicate<String> match, Duration limit) {
      long deadline = System.nanoTime() + limit.toNanos();
      synchronized (lines) {
        while (true) {
          while (errCursor < stderr.size()) {
            String line = stderr.get(errCursor++);
            if (match.test(line)) return line;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("no expected stderr line within " + limit + "\n" + describeNow());
          }
          if (!process.isAlive() && !errReader.isAlive()) {
            throw new AssertionError("the forked JVM ended without the expected line\n" + describeNow());
          }
          try {
            lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        }
      }
    }

    /** Sends a command line and returns the next stdout line starting with "> " (the app's answer). */
    public String ask(String command, Duration limit) {
      send(command);
      return awaitLine(l -> l.startsWith("> "), limit).substring(2);
    }

    /** Waits for exit up to {@code limit}; on timeout takes a thread dump, then kills. */
    public ForkResult awaitExit(Duration limit) {
      if (result != null) return result;
      boolean exited;
      try {
        exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exited = false;
      }
      String dump = null;
      if (!exited) {
        dump = threadDump();
        kill(process);
      }
      try {
        process.waitFor(10, TimeUnit.SECONDS);
        outReader.join(5000);
        errReader.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      LIVE.remove(process);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      result = new ForkResult(command, exited ? process.exitValue() : null, !exited,
          snapshot(stdout), snapshot(stderr), dump, millis);
      return result;
    }

    private List<String> snapshot(List<String> sink) {
      synchronized (lines) {
        return new ArrayList<>(sink);
      }
    }

    private String describeNow() {
      return new ForkResult(command, process.isAlive() ? null : process.exitValue(), false,
          snapshot(stdout), snapshot(stderr), null,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).describe();
    }

    private String threadDump() {
      Path jcmd = jdk.tool("jcmd");
      if (!Files.isExecutable(jcmd) || !process.isAlive()) return null;
      try {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
            .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(20, TimeUnit.SECONDS);
        p.destroyForcibly();
        return new String(out, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no thread dump: " + e + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    /** Kills the JVM if it still runs and collects what it printed. */
    @Override
    public void close() {
      if (result == null) {
        closeStdin();
        if (process.isAlive()) {
          kill(process);
        }
        awaitExit(Duration.ofSeconds(10));
      }
    }

    /** Closes stdin, waits up to the fork's timeout for the exit, and returns the result. */
    public ForkResult finish() {
      closeStdin();
      return awaitExit(timeout);
    }
  }
}
