package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.methodcache.agent.redis.RedisServerFixture;
import io.methodcache.agent.redis.RespClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Shared pieces of the L2 tests: the JDK they run on, the rules file header, the test's own view
 * of L2 (keys, envelopes, decoded values, independent of the agent's code), waiting with a
 * deadline, and the figures each test prints.
 */
final class L2Support {
  static final String CATALOG = "io.methodcache.it.apps.l2.Catalog";
  static final String ALLOW = "io.methodcache.it.apps.l2.**";
  static final Duration STEP = Duration.ofSeconds(30);

  private L2Support() {}

  // ---------------------------------------------------------------- JDKs

  /**
   * The heavier L2 tests run on one JDK: the running one when it is among those selected (see
   * {@link Jdks}), else the first selected.
   */
  static Jdk jdk() {
    List<Jdk> all = Jdks.all();
    try {
      Path home = Path.of(System.getProperty("java.home")).toRealPath();
      for (Jdk j : all) {
        if (j.isPresent() && j.home().toRealPath().equals(home)) {
          return j;
        }
      }
    } catch (IOException ignored) {
      // fall through
    }
    return all.stream().filter(Jdk::isPresent).findFirst().orElse(all.get(0));
  }

  /** Another present JDK of a different feature version, if the machine has one. */
  static Optional<Jdk> otherJdk(Jdk not) {
    return Jdks.all().stream().filter(j -> j.isPresent() && j.feature() != not.feature()).findFirst();
  }

  // ---------------------------------------------------------------- rules

  /** The lines of a rules file: namespace "it", the given redis: lines, the allow-list, then the rules. */
  static List<String> rules(List<String> redis, String... rules) {
    List<String> lines = new ArrayList<>();
    lines.add("namespace: it");
    lines.add("redis:");
    for (String r : redis) {
      lines.add("  " + r);
    }
    lines.add("serialization:");
    lines.add("  allow: [\"" + ALLOW + "\"]");
    lines.add("defaults: { tiers: [l1, l2] }");
    lines.add("rules:");
    lines.addAll(Arrays.asList(rules));
    return lines;
  }

  /**
   * The timeout of the functional tests (sharing, invalidation, stampede, tamper, cluster): longer
   * than the 50 ms the failure tests use, so that a loaded 2-core machine does not turn a slow
   * scheduling moment into an L2 timeout that changes what the test observes (a skipped write, a
   * follower that loads by itself).
   */
  static final String FUNCTIONAL_TIMEOUT = "250ms";

  /** redis: lines for one standalone server, with the functional tests' timeout. */
  static List<String> standalone(String uri) {
    return standalone(uri, FUNCTIONAL_TIMEOUT);
  }

  /** redis: lines for one standalone server with this timeout and the contract's breaker. */
  static List<String> standalone(String uri, String timeout) {
    return List.of("uri: " + uri, "timeout: " + timeout, "breaker: { failures: 5, open-for: 1s }");
  }

  /** One rule on Catalog#name(long) (load: int) with ttl 5m, plus extra lines ("tiers: [l2]"). */
  static String rule(String name, String... extra) {
    StringBuilder b = new StringBuilder();
    b.append("  - name: ").append(name).append('\n');
    b.append("    method: ").append(CATALOG).append('#').append(name)
        .append(name.equals("load") ? "(int)" : "(long)").append('\n');
    b.append("    ttl: 5m");
    for (String e : extra) {
      b.append('\n').append("    ").append(e);
    }
    return b.toString();
  }

  static Path writeRules(Path dir, List<String> lines) {
    return ItEnv.writeFile(dir, "rules.yaml", lines.toArray(new String[0]));
  }

  // ---------------------------------------------------------------- shared data

  /** Sets id's version in the shared "database" (atomically: a body sees old or new). */
  static void setVersion(Path data, long id, int version) {
    try {
      Path tmp = data.resolve(id + ".tmp");
      Files.write(tmp, Integer.toString(version).getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, data.resolve(Long.toString(id)), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- Redis, seen by the test

  /** The keys matching a Redis glob whose name also matches {@code regex}, sorted. */
  static List<String> keys(RedisServerFixture redis, String glob, String regex) {
    Object reply = redis.call("KEYS", glob);
    List<String> out = new ArrayList<>();
    if (reply instanceof List) {
      Pattern p = Pattern.compile(regex);
      for (Object o : (List<?>) reply) {
        if (p.matcher(String.valueOf(o)).matches()) {
          out.add(String.valueOf(o));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Waits until exactly one key matches and returns it. */
  static String awaitKey(RedisServerFixture redis, String glob, String regex) {
    List<List<String>> last = new ArrayList<>();
    await("one L2 key matching " + regex + " on " + redis, Duration.ofSeconds(10), () -> {
      List<String> k = keys(redis, glob, regex);
      last.clear();
      last.add(k);
      return k.size() == 1;
    }, () -> "keys now: " + last);
    return last.get(0).get(0);
  }

  static byte[] getBytes(RedisServerFixture redis, String key) {
    try (RespClient c = redis.client(5_000)) {
      Object v = c.callBinary("GET", key);
      return v instanceof byte[] ? (byte[]) v : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SET key value [PX ms]; fails on anything but OK. */
  static void setBytes(RedisServerFixture redis, String key, byte[] value, long pxMillis) {
    try (RespClient c = redis.client(5_000)) {
      Object r = pxMillis > 0 ? c.callBinary("SET", key, value, "PX", Long.toString(pxMillis))
          : c.callBinary("SET", key, value);
      if (!"OK".equals(r)) {
        fail("SET " + key + ": " + r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- the envelope, independently

  /** The documented envelope: magic "MC", version 1, codec id, flags, written-at, ttl, payload. */
  static final class Envelope {
    final String codec;
    final int flags;
    final long writtenAt;
    final long ttl;
    final byte[] payload;

    Envelope(String codec, int flags, long writtenAt, long ttl, byte[] payload) {
      this.codec = codec;
      this.flags = flags;
      this.writtenAt = writtenAt;
      this.ttl = ttl;
      this.payload = payload;
    }

    byte[] encode() {
      byte[] id = codec.getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(2 + 1 + 1 + id.length + 1 + 8 + 8 + 4 + payload.length);
      b.put((byte) 'M').put((byte) 'C').put((byte) 1).put((byte) id.length).put(id);
      b.put((byte) flags).putLong(writtenAt).putLong(ttl).putInt(payload.length).put(payload);
      return b.array();
    }

    /** Null unless the bytes are exactly one well-formed envelope. */
    static Envelope decode(byte[] bytes) {
      if (bytes == null || bytes.length < 5) {
        return null;
      }
      try {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != 'M' || b.get() != 'C' || b.get() != 1) {
          return null;
        }
        byte[] id = new byte[b.get() & 0xFF];
        b.get(id);
        int flags = b.get() & 0xFF;
        long writtenAt = b.getLong();
        long ttl = b.getLong();
        byte[] payload = new byte[b.getInt()];
        b.get(payload);
        if (b.hasRemaining()) {
          return null;
        }
        return new Envelope(new String(id, StandardCharsets.US_ASCII), flags, writtenAt, ttl, payload);
      } catch (RuntimeException e) {
        return null;
      }
    }

    boolean isNull() {
      return (flags & 1) != 0;
    }

    @Override
    public String toString() {
      return "Envelope{codec=" + codec + ", flags=" + flags + ", writtenAt=" + writtenAt + ", ttl=" + ttl
          + ", payload=" + payload.length + " bytes}";
    }
  }

  /** Reads a JDK-serialized payload in the test, accepting JDK value types only. */
  static Object readJdkValue(byte[] payload) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
      in.setObjectInputFilter(info -> info.serialClass() == null
          || info.serialClass().getName().startsWith("java.") ? ObjectInputFilter.Status.ALLOWED
          : ObjectInputFilter.Status.REJECTED);
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      return "!undecodable: " + e;
    }
  }

  // ---------------------------------------------------------------- waiting and reporting

  static void await(String what, Duration limit, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what
            + "; " + state.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }

  /** Prints a figure for the run's log and appends it to target/it-work/l2-figures.txt. */
  static void figure(String test, String text) {
    String line = "[L2 figures] " + test + ": " + text;
    System.out.println(line);
    try {
      Path dir = Files.createDirectories(ItEnv.basedir().resolve("target/it-work"));
      Files.write(dir.resolve("l2-figures.txt"), (line + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the console line is enough
    }
  }
}
