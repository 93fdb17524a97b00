package io.methodcache.it;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.agent.redis.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The faults the suite injects into its local redis-server, each the way an operator or the
 * machine would cause it: signals to the server process (SIGKILL, SIGSTOP/SIGCONT), commands on a
 * connection of its own (FLUSHALL, XTRIM, DEL, DEBUG SLEEP), and a restart with or without the
 * append-only file. The server runs with {@code appendonly yes, appendfsync always}, so a restart
 * brings back every acknowledged write unless the file is deleted first.
 */
final class RedisFaults {
  /** The persistence a restart finds: the append-only file, or nothing. */
  static final String[] AOF_ARGS = {"--appendonly", "yes", "--appendfsync", "always"};

  private final RedisServerFixture redis;

  RedisFaults(RedisServerFixture redis) {
    this.redis = redis;
  }

  /** The server's process id, as it reports it. */
  long pid() {
    Object info = redis.call("INFO", "server");
    Matcher m = Pattern.compile("process_id:(\\d+)").matcher(String.valueOf(info));
    if (!m.find()) {
      throw new IllegalStateException("no process_id in INFO server: " + info);
    }
    return Long.parseLong(m.group(1));
  }

  /** SIGSTOP: the server keeps its connections but answers nothing until {@link #resume}. */
  long pause() {
    long pid = pid();
    signal("-STOP", pid);
    return pid;
  }

  void resume(long pid) {
    signal("-CONT", pid);
  }

  /** SIGKILL: no shutdown, no save; every connection drops. */
  void kill() {
    redis.kill();
  }

  /**
   * Starts the server again on the same port: with its append-only file (every acknowledged
   * write is back, the stream included) or, when {@code keepData} is false, empty.
   */
  void restart(boolean keepData) {
    if (!keepData) {
      deleteAof(redis.dir());
    }
    redis.restart();
  }

  String flushAll() {
    return String.valueOf(redis.call("FLUSHALL"));
  }

  /** XTRIM stream MAXLEN 0: every entry gone, the stream key stays. */
  String trimStream(String stream) {
    return String.valueOf(redis.call("XTRIM", stream, "MAXLEN", "0"));
  }

  String deleteKey(String key) {
    return String.valueOf(redis.call("DEL", key));
  }

  /** DEBUG SLEEP on a connection of its own: the server blocks for that long; returns its reply. */
  String debugSleep(double seconds) {
    try (RespClient side = redis.client((int) (seconds * 1000) + 10_000)) {
      side.send("DEBUG", "SLEEP", Double.toString(seconds));
      return String.valueOf(side.read());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys matching a glob (KEYS: the test's Redis holds a few hundred keys at most). */
  List<String> keys(String glob) {
    return L2Support.keys(redis, glob, ".*");
  }

  long pttl(String key) {
    return Long.parseLong(String.valueOf(redis.call("PTTL", key)));
  }

  private static void signal(String signal, long pid) {
    try {
      Process p = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + ": " + new String(out));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending " + signal);
    }
  }

  /** Redis 6 keeps appendonly.aof in its dir, Redis 7 a directory appendonlydir: both go. */
  private static void deleteAof(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith("appendonly"))
          .sorted(Comparator.reverseOrder())
          .forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
