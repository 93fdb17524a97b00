package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a finished (or killed) forked JVM did: exit status, output, and its RESULT lines. */
public final class ForkResult {
  private final List<String> command;
  private final Integer exitCode;
  private final boolean timedOut;
  private final List<String> stdout;
  private final List<String> stderr;
  private final String threadDump;
  private final long millis;

  ForkResult(List<String> command, Integer exitCode, boolean timedOut, List<String> stdout,
      List<String> stderr, String threadDump, long millis) {
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.timedOut = timedOut;
    this.stdout = List.copyOf(stdout);
    this.stderr = List.copyOf(stderr);
    this.threadDump = threadDump;
    this.millis = millis;
  }

  /** The exit status; null when the process had to be killed. */
  public Integer exitCode() { return exitCode; }
  public boolean timedOut() { return timedOut; }
  public List<String> stdoutLines() { return stdout; }
  public List<String> stderrLines() { return stderr; }
  public String stdout() { return String.join("\n", stdout); }
  public String stderr() { return String.join("\n", stderr); }
  public long millis() { return millis; }

  /** Every {@code RESULT key=value} line of stdout, in order (a later line wins). */
  public Map<String, String> results() {
    Map<String, String> results = new LinkedHashMap<>();
    for (String line : stdout) {
      if (line.startsWith("RESULT ")) {
        String pair = line.substring("RESULT ".length());
        int eq = pair.indexOf('=');
        if (eq > 0) results.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return Collections.unmodifiableMap(results);
  }

  /** The value of one RESULT line; fails the test with the whole story when it is missing. */
  public String result(String key) {
    String value = results().get(key);
    if (value == null) {
      fail("the forked app printed no 'RESULT " + key + "=...'\n" + describe());
    }
    return value;
  }

  public long resultLong(String key) {
    return Long.parseLong(result(key));
  }

  /** Asserts the JVM ran to its end and exited with 0. */
  public ForkResult assertExitedNormally() {
    assertTrue(!timedOut && exitCode != null && exitCode == 0,
        () -> "the forked JVM did not exit normally\n" + describe());
    return this;
  }

  /** Command, status, output and (after a timeout) the thread dump, for failure messages. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    b.append("---- command: ").append(String.join(" ", command)).append('\n');
    b.append("---- ").append(timedOut ? "TIMED OUT and killed" : "exit status " + exitCode)
        .append(" after ").append(millis).append(" ms\n");
    b.append("---- stdout (").append(stdout.size()).append(" lines):\n");
    tail(b, stdout);
    b.append("---- stderr (").append(stderr.size()).append(" lines):\n");
    tail(b, stderr);
    if (threadDump != null) {
      b.append("---- thread dump at timeout:\n").append(threadDump).append('\n');
    }
    return b.toString();
  }

  private static void tail(StringBuilder b, List<String> lines) {
    int from = Math.max(0, lines.size() - 150);
    if (from > 0) b.append("  [... ").append(from).append(" lines before ...]\n");
    for (String line : lines.subList(from, lines.size())) {
      b.append("  | ").append(line).append('\n');
    }
  }
}
