package io.methodcache.it;

import static io.methodcache.it.L2Support.awaitKey;
import static io.methodcache.it.L2Support.figure;
import static io.methodcache.it.L2Support.rule;
import static io.methodcache.it.L2Support.rules;
import static io.methodcache.it.L2Support.standalone;
import static io.methodcache.it.L2Support.writeRules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.L2Group.App;
import io.methodcache.it.L2Support.Envelope;
import io.methodcache.it.apps.evil.Gadget;
import io.methodcache.agent.redis.RedisServerFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The test overwrites a {@code tiers: [l2]} rule's value in Redis with hostile or broken bytes;
 * the app's next call must return the body's value (the body runs), throw nothing, count a miss or
 * an error, and — for a class outside the allow-list — never load, initialise or deserialize it.
 * After each case the app's own write heals the key and the next call is an L2 hit again (the
 * control that shows each case really went through L2).
 */
class L2TamperIT {
  private static final String VALUE = "direct-7@v1";

  /** The SerialDOS graph: two sets per level sharing their children (2^depth hashes to read). */
  static java.util.Set<Object> setBomb(int depth) {
    java.util.Set<Object> root = new java.util.HashSet<>();
    java.util.Set<Object> s1 = root;
    java.util.Set<Object> s2 = new java.util.HashSet<>();
    for (int i = 0; i < depth; i++) {
      java.util.Set<Object> t1 = new java.util.HashSet<>();
      java.util.Set<Object> t2 = new java.util.HashSet<>();
      t1.add("x" + i);
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return root;
  }

  @Test
  void tamperedL2ValuesAreMissesNeverExceptionsNeverInstantiated() throws Exception {
    Jdk jdk = L2Support.jdk();
    try (RedisServerFixture redis = RedisServerFixture.local(); L2Group g = new L2Group("tamper")) {
      Path rules = writeRules(g.work, rules(standalone(redis.uri()), rule("direct", "tiers: [l2]")));
      Path markers = Files.createDirectories(g.work.resolve("gadget-markers"));
      Path classLog = g.work.resolve("class-load.log");
      List<String> problems = new ArrayList<>();
      Map<String, String> outcomes = new LinkedHashMap<>();
      g.check(() -> {
        App a = g.start("A", jdk, rules, "-Dgadget.markers=" + markers,
            "-Xlog:class+load=info:file=" + classLog);
        a.awaitL2();
        assertArrayEquals(new String[] {"1", VALUE}, a.get("direct", 7));
        String key = awaitKey(redis, "it:v1:direct:g*:7", "it:v1:direct:g\\d+:7");
        byte[] real = L2Support.getBytes(redis, key);
        Envelope good = Envelope.decode(real);
        assertNotNull(good, "the agent's own envelope");
        assertArrayEquals(new String[] {"1", VALUE}, a.get("direct", 7), "an L2 hit (control)");

        long now = System.currentTimeMillis();
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("garbage", "this is not an envelope \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        cases.put("empty", new byte[0]);
        cases.put("truncated-half", Arrays.copyOf(real, real.length / 2));
        cases.put("truncated-by-one", Arrays.copyOf(real, real.length - 1));
        cases.put("trailing-byte", Arrays.copyOf(real, real.length + 1));
        cases.put("other-magic", patch(real, 0, (byte) 'X'));
        cases.put("other-version", patch(real, 2, (byte) 2));
        cases.put("unknown-codec", new Envelope("kryo", 0, now, 300_000, good.payload).encode());
        cases.put("unknown-flags", new Envelope("jdk", 0x80, now, 300_000, good.payload).encode());
        cases.put("null-flag-with-payload", new Envelope("jdk", 1, now, 300_000, good.payload).encode());
        cases.put("payload-garbage", new Envelope("jdk", 0, now, 300_000,
            "\u00ac\u00ed\u0000\u0005garbage".getBytes(StandardCharsets.ISO_8859_1)).encode());
        cases.put("payload-truncated", new Envelope("jdk", 0, now, 300_000,
            Arrays.copyOf(good.payload, good.payload.length - 3)).encode());
        cases.put("payload-trailing", new Envelope("jdk", 0, now, 300_000,
            concat(good.payload, serialize("x"))).encode());
        cases.put("wrong-type-integer", new Envelope("jdk", 0, now, 300_000, serialize(12345)).encode());
        cases.put("wrong-type-list", new Envelope("jdk", 0, now, 300_000,
            serialize(new ArrayList<>(List.of(VALUE)))).encode());
        cases.put("gadget", new Envelope("jdk", 0, now, 300_000,
            serialize(new Gadget("touch /tmp/pwned"))).encode());
        cases.put("gadget-inside-allowed-list", new Envelope("jdk", 0, now, 300_000,
            serialize(new ArrayList<>(List.of("a", new Gadget("nested"))))).encode());
        cases.put("gadget-array", new Envelope("jdk", 0, now, 300_000,
            serialize(new Object[] {new Gadget("in an array")})).encode());
        cases.put("array-bomb", new Envelope("jdk", 0, now, 300_000, arrayBomb()).encode());
        cases.put("expired-copy", new Envelope("jdk", 0, now - 600_000, 300_000, good.payload).encode());
        // issue 9: a null this rule (no cache-nulls) could never have written is a miss
        cases.put("planted-null", new Envelope("jdk", 1, now, 300_000, new byte[0]).encode());
        // issue 10: nested HashSets that hash exponentially: refused within the L2 budget
        cases.put("set-bomb-30", new Envelope("jdk", 0, now, 300_000, serialize(setBomb(30))).encode());

        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
          String name = c.getKey();
          int before = a.bodies("direct");
          L2Support.setBytes(redis, key, c.getValue(), 300_000);
          String[] got = a.get("direct", 7);
          outcomes.put(name, got[1]);
          if (!got[1].equals(VALUE)) {
            problems.add(name + ": returned " + got[1] + " instead of " + VALUE);
          }
          if (Integer.parseInt(got[0]) != before + 1) {
            problems.add(name + ": the body ran " + (Integer.parseInt(got[0]) - before) + " times (expected once)");
          }
          // the app's write replaces the bad bytes; then the next call is an L2 hit again
          L2Support.await("the app rewrote " + key + " after case " + name, Duration.ofSeconds(10), () -> {
            Envelope e = Envelope.decode(L2Support.getBytes(redis, key));
            return e != null && e.codec.equals("jdk") && e.flags == 0 && e.writtenAt >= now
                && VALUE.equals(L2Support.readJdkValue(e.payload));
          }, () -> "now: " + Arrays.toString(L2Support.getBytes(redis, key)));
          String[] control = a.get("direct", 7);
          if (!control[0].equals(got[0]) || !control[1].equals(VALUE)) {
            problems.add(name + ": the control call after healing gave " + Arrays.toString(control));
          }
        }
        String counters = a.ask("rule direct L2Hits L2Misses L2Errors L2Timeouts");
        figure("tamper", cases.size() + " cases, outcomes " + outcomes);
        figure("tamper", "rule direct L2Hits|L2Misses|L2Errors|L2Timeouts = " + counters);
        long[] n = Arrays.stream(counters.split("\\|")).mapToLong(Long::parseLong).toArray();
        if (n[1] + n[2] < cases.size()) {
          problems.add("only " + (n[1] + n[2]) + " L2 misses + errors counted for " + cases.size() + " tampered reads");
        }
        assertEquals(List.of(), problems, "tampered L2 values");
      });
      ForkResult r = g.finish().get("A");
      figure("tamper", "stderr " + r.stderrLines());
      try (Stream<Path> touched = Files.list(markers)) {
        List<String> names = touched.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertEquals(List.of(), names, () -> "the gadget was initialised or deserialized\n" + r.describe());
      }
      String loaded = Files.readString(classLog);
      assertTrue(loaded.contains("io.methodcache.it.apps.l2.Catalog"), "the class-load log works");
      assertTrue(!loaded.contains(Gadget.class.getName()), () -> "the gadget class was loaded:\n"
          + Arrays.stream(loaded.split("\n")).filter(l -> l.contains("Gadget")).collect(Collectors.joining("\n")));
      assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")),
          () -> "a stack trace on stderr\n" + r.describe());
    }
  }

  static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A serialized long[1] whose length field claims 2^28 elements (2 GiB on a 96 MiB heap). */
  static byte[] arrayBomb() {
    byte[] b = serialize(new long[] {5L});
    ByteBuffer.wrap(b).putInt(b.length - 12, 1 << 28);
    return b;
  }

  static byte[] patch(byte[] b, int index, byte value) {
    byte[] c = b.clone();
    c[index] = value;
    return c;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
