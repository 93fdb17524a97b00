package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkValueCodecTest {
  private static final ClassLoader LOADER = JdkValueCodecTest.class.getClassLoader();
  private static final String PRODUCT = Product.class.getName();

  /** Set by the gadgets; must stay false whenever their class is refused. */
  static final class Flags {
    static volatile boolean baseConstructed;
    static volatile boolean readObject;
    static volatile boolean readResolve;
    static volatile boolean hashCode;
    static volatile boolean staticInit;

    static void reset() {
      baseConstructed = readObject = readResolve = hashCode = false;
    }

    static boolean any() {
      return baseConstructed || readObject || readResolve || hashCode;
    }
  }

  static class NonSerializableBase {
    NonSerializableBase() {
      Flags.baseConstructed = true; // deserialization runs this no-arg constructor
    }
  }

  static class Gadget extends NonSerializableBase implements Serializable {
    private static final long serialVersionUID = 1L;
    String payload = "boom";

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      Flags.readObject = true;
      in.defaultReadObject();
    }

    private Object readResolve() {
      Flags.readResolve = true;
      return this;
    }

    @Override
    public int hashCode() {
      Flags.hashCode = true;
      return 1;
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }
  }

  /** Serialized, then renamed to ShapeB in the bytes: ShapeB itself is never touched by the test. */
  static class ShapeA implements Serializable {
    private static final long serialVersionUID = 7L;
    int size = 3;
  }

  static class ShapeB implements Serializable {
    private static final long serialVersionUID = 7L;
    int size;

    static {
      Flags.staticInit = true;
    }
  }

  static final class Product implements Serializable {
    private static final long serialVersionUID = 1L;
    final String name;
    final BigDecimal price;
    final List<String> tags;

    Product(String name, BigDecimal price, List<String> tags) {
      this.name = name;
      this.price = price;
      this.tags = tags;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Product && ((Product) o).name.equals(name) && ((Product) o).price.equals(price)
          && ((Product) o).tags.equals(tags);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }
  }

  interface Shape extends Serializable {
    int size();
  }

  static final class Handler implements InvocationHandler, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      return 1;
    }
  }

  /** Records every class name it is asked for. */
  static final class RecordingLoader extends ClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingLoader() {
      super(LOADER);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }

  private final JdkValueCodec jdkOnly = new JdkValueCodec();
  private final JdkValueCodec withProduct = new JdkValueCodec(List.of(PRODUCT));

  @BeforeEach
  void reset() {
    Flags.reset();
  }

  private static Object roundTrip(JdkValueCodec codec, Object value) throws Exception {
    return codec.decode(codec.encode(value), LOADER);
  }

  @Test
  void jdkValueTypesRoundTrip() throws Exception {
    TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("a", 1);
    reversed.put("b", 2);
    TreeSet<String> caseInsensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    caseInsensitive.addAll(List.of("B", "a"));
    List<Object> values = Arrays.asList(
        42, 42L, (short) 4, (byte) 2, 'c', 1.5f, 2.5d, true, "text",
        new BigDecimal("12.3400"), new BigInteger("123456789012345678901234567890"), RoundingMode.HALF_UP,
        Instant.ofEpochSecond(1_700_000_000L, 5), LocalDate.of(2024, 2, 29),
        LocalDateTime.of(2024, 1, 2, 3, 4, 5), ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneId.of("Europe/Paris")),
        OffsetDateTime.parse("2024-01-02T03:04:05+02:00"), Duration.ofMillis(1234), DayOfWeek.FRIDAY,
        TimeUnit.SECONDS, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new Date(12345L),
        URI.create("https://example.org/a?b=c"),
        new ArrayList<>(List.of(1, 2, 3)), new LinkedList<>(List.of("x", "y")),
        new HashMap<>(Map.of("k", List.of(1L, 2L))), new LinkedHashMap<>(Map.of("k", "v")), reversed,
        new HashSet<>(Set.of(1, 2)), new LinkedHashSet<>(List.of("a", "b")), caseInsensitive,
        new CopyOnWriteArrayList<>(List.of("a")),
        List.of(), List.of(1), List.of(1, 2, 3), Set.of("a", "b", "c"), Map.of("a", 1, "b", 2),
        Collections.unmodifiableList(new ArrayList<>(List.of(1))), Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))),
        Collections.synchronizedList(new ArrayList<>(List.of(3))), Collections.emptyList(), Collections.emptyMap(),
        Collections.singletonList("s"), Collections.singletonMap("k", "v"), Arrays.asList("p", "q"));
    for (Object v : values) {
      Object back = roundTrip(jdkOnly, v);
      assertEquals(v, back, "round trip of " + v.getClass().getName());
    }
    assertArrayEquals(new int[] {1, 2}, (int[]) roundTrip(jdkOnly, new int[] {1, 2}));
    assertArrayEquals(new String[] {"a", null}, (String[]) roundTrip(jdkOnly, new String[] {"a", null}));
    assertArrayEquals(new Long[][] {{1L}, {}}, (Long[][]) roundTrip(jdkOnly, new Long[][] {{1L}, {}}));
    assertNull(roundTrip(jdkOnly, null));
    // ArrayDeque has no equals()
    assertEquals(List.of(1, 2), new ArrayList<>((ArrayDeque<?>) roundTrip(jdkOnly, new ArrayDeque<>(List.of(1, 2)))));
  }

  @Test
  void allowedApplicationClassRoundTripsWithTheGivenLoader() throws Exception {
    Product p = new Product("pen", new BigDecimal("1.20"), List.of("office"));
    assertEquals(p, roundTrip(withProduct, p));
    assertEquals(List.of(p), roundTrip(withProduct, new ArrayList<>(List.of(p))));
    assertArrayEquals(new Product[] {p}, (Product[]) roundTrip(withProduct, new Product[] {p}));
  }

  @Test
  void applicationClassOutsideTheListIsRefused() throws Exception {
    byte[] bytes = jdkOnly.encode(new Product("pen", BigDecimal.ONE, List.of()));
    JdkValueCodec.RefusedClassException e = assertThrows(JdkValueCodec.RefusedClassException.class,
        () -> jdkOnly.decode(bytes, LOADER));
    assertTrue(e.getMessage().contains(PRODUCT), e.getMessage());
  }

  @Test
  void refusedGadgetIsNeverInstantiatedWhereverItSits() throws Exception {
    JdkValueCodec codec = new JdkValueCodec(List.of(PRODUCT)); // same package, but not Gadget
    List<Object> carriers = List.of(
        new Gadget(),
        new ArrayList<>(List.of("ok", new Gadget())),
        new HashMap<>(Map.of(new Gadget(), "value")),
        new HashSet<>(Set.of(new Gadget())),
        new Object[] {new Gadget()},
        Collections.singletonMap("k", new Gadget()));
    for (Object carrier : carriers) {
      byte[] bytes = codec.encode(carrier);
      Flags.reset();
      RecordingLoader loader = new RecordingLoader();
      assertThrows(JdkValueCodec.RefusedClassException.class, () -> codec.decode(bytes, loader),
          carrier.getClass().getName());
      assertFalse(Flags.any(), "nothing of the gadget ran for " + carrier.getClass().getName());
      assertFalse(loader.requested.contains(Gadget.class.getName()), "not even loaded");
    }
  }

  @Test
  void refusedClassIsNeitherLoadedNorInitialised() throws Exception {
    byte[] bytes = rename(jdkOnly.encode(new ShapeA()), "$ShapeA", "$ShapeB");
    RecordingLoader loader = new RecordingLoader();
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> jdkOnly.decode(bytes, loader));
    assertFalse(loader.requested.contains(ShapeB.class.getName()));
    assertFalse(Flags.staticInit);
    // control: the renamed stream is valid, and allowing the class makes it load and run
    Object b = new JdkValueCodec(List.of(ShapeB.class.getName())).decode(bytes, LOADER);
    assertInstanceOf(ShapeB.class, b);
    assertEquals(3, ((ShapeB) b).size);
    assertTrue(Flags.staticInit);
  }

  @Test
  void proxiesAreRefusedEvenWhenTheirPackageIsAllowed() throws Exception {
    JdkValueCodec codec = new JdkValueCodec(List.of("io.methodcache.agent.redis.**"));
    Object proxy = Proxy.newProxyInstance(LOADER, new Class<?>[] {Shape.class}, new Handler());
    byte[] bytes = codec.encode(proxy);
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> codec.decode(bytes, LOADER));
  }

  @Test
  void hugeArrayLengthIsRefusedBeforeAllocation() throws Exception {
    byte[] bytes = jdkOnly.encode(new long[4]);
    int lengthAt = bytes.length - 4 * 8 - 4;
    assertEquals(4, bytes[lengthAt + 3]);
    bytes[lengthAt] = 0x7F;
    bytes[lengthAt + 1] = (byte) 0xFF;
    bytes[lengthAt + 2] = (byte) 0xFF;
    bytes[lengthAt + 3] = (byte) 0xFF;
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> jdkOnly.decode(bytes, LOADER));
  }

  @Test
  void depthReferencesAndBytesAreLimited() throws Exception {
    List<Object> deep = new ArrayList<>();
    List<Object> cur = deep;
    for (int i = 0; i < 150; i++) {
      List<Object> next = new ArrayList<>();
      cur.add(next);
      cur = next;
    }
    byte[] deepBytes = jdkOnly.encode(deep);
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> jdkOnly.decode(deepBytes, LOADER));

    JdkValueCodec small = new JdkValueCodec(SerialAllowList.jdkOnly(), new JdkValueCodec.Limits(100, 50, 1000, 500));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      many.add("s" + i);
    }
    byte[] manyBytes = small.encode(many);
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> small.decode(manyBytes, LOADER));
    byte[] big = small.encode("x".repeat(1_000));
    assertThrows(JdkValueCodec.RefusedClassException.class, () -> small.decode(big, LOADER));
  }

  @Test
  void trailingBytesAndGarbageAreErrorsNotValues() throws Exception {
    byte[] ok = jdkOnly.encode("v");
    byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
    assertThrows(IOException.class, () -> jdkOnly.decode(trailing, LOADER));
    assertThrows(IOException.class, () -> jdkOnly.decode("not java serialization".getBytes(StandardCharsets.UTF_8), LOADER));
    assertThrows(IOException.class, () -> jdkOnly.decode(new byte[0], LOADER));
  }

  @Test
  void fuzzedPayloadsFailWithExceptionsNeverErrors() throws Exception {
    Map<String, List<Integer>> value = new HashMap<>();
    value.put("a", new ArrayList<>(List.of(1, 2, 3)));
    value.put("b", new LinkedList<>(List.of(4)));
    byte[] base = withProduct.encode(value);
    Random r = new Random(3);
    for (int i = 0; i < 5_000; i++) {
      byte[] b = base.clone();
      for (int f = 1 + r.nextInt(3); f > 0; f--) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      try {
        withProduct.decode(b, LOADER);
      } catch (Exception expected) {
        // a miss for the caller
      } catch (Throwable t) {
        fail("an Error escaped decoding: " + t);
      }
    }
  }

  /**
   * The SerialDOS payload: nested HashSets whose two members at each level share their children,
   * so reading it hashes 2^depth sets. Small (a few KB) and made of JDK value types only.
   */
  static byte[] setBomb(int depth) throws Exception {
    java.util.Set<Object> root = new java.util.HashSet<>();
    java.util.Set<Object> s1 = root;
    java.util.Set<Object> s2 = new java.util.HashSet<>();
    for (int i = 0; i < depth; i++) {
      java.util.Set<Object> t1 = new java.util.HashSet<>();
      java.util.Set<Object> t2 = new java.util.HashSet<>();
      t1.add("x" + i); // t1 and t2 differ, so both stay in their parents
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return new JdkValueCodec().encode(root);
  }

  @Test
  void aCollectionBombOfAnyDepthStopsWithinTheBudget() throws Exception {
    JdkValueCodec codec = new JdkValueCodec();
    long budget = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);
    for (int depth : new int[] {8, 20, 26, 40, 100}) {
      byte[] bomb = setBomb(depth);
      assertTrue(bomb.length < 8_000, "a small payload: " + bomb.length);
      long started = System.nanoTime();
      try {
        codec.decode(bomb, getClass().getClassLoader(), budget);
      } catch (JdkValueCodec.RefusedClassException refused) {
        // refused by its time budget, or (depth 100) by the depth limit first
        assertTrue(refused.getMessage().contains("budget")
            || refused.getMessage().contains("depth"), refused.getMessage());
      }
      long took = System.nanoTime() - started;
      // ~2x the budget at most (the hashing that overshoots it), with room for a loaded machine
      assertTrue(took < 8 * budget, "depth " + depth + " took " + took / 1_000_000 + " ms");
    }
    // an honest value is not affected by the budget
    assertEquals(java.util.Set.of("a", "b"),
        codec.decode(codec.encode(new java.util.HashSet<>(java.util.Set.of("a", "b"))),
            getClass().getClassLoader(), budget));
  }

  @Test
  void supportsSerializableTypes() {
    assertTrue(jdkOnly.supports(String.class));
    assertTrue(jdkOnly.supports(int.class));
    assertTrue(jdkOnly.supports(ArrayList.class));
    assertFalse(jdkOnly.supports(Object.class));
    assertFalse(jdkOnly.supports(Thread.class));
    assertEquals("jdk", jdkOnly.id());
    assertTrue(withProduct.readable(Product.class));
    assertFalse(jdkOnly.readable(Product.class));
  }

  private static byte[] rename(byte[] bytes, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    assertEquals(f.length, t.length);
    byte[] out = bytes.clone();
    int found = 0;
    outer:
    for (int i = 0; i + f.length <= out.length; i++) {
      for (int j = 0; j < f.length; j++) {
        if (out[i + j] != f[j]) {
          continue outer;
        }
      }
      System.arraycopy(t, 0, out, i, t.length);
      found++;
    }
    assertEquals(1, found);
    return out;
  }
}
