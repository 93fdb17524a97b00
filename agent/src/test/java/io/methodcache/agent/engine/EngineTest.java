package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.SourcePosition;
import io.methodcache.agent.config.Stampede;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine driven exactly as the inlined advice drives it: enter, then the body only when enter
 * did not return a Hit, then exit with the body's result or throwable.
 */
class EngineTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static RuleConfig.Builder rule(String name) {
    return RuleConfig.builder().name(name)
        .method(MethodPattern.parse("com.example.Repo#find(..)"))
        .position(new SourcePosition("rules.yaml", 1, 1));
  }

  /** One call of a one-argument cached method whose body is {@code body}. */
  private static Object call(Engine engine, int site, Object arg, Function<Object, Object> body) {
    Object state = engine.enter1(site, null, arg);
    Object returned = null;
    Throwable thrown = null;
    if (!(state instanceof Hit)) {
      try {
        returned = body.apply(arg);
      } catch (Throwable t) {
        thrown = t;
      }
    }
    Object result = state == null ? returned : engine.exit(state, returned, thrown);
    if (thrown != null) {
      throw (RuntimeException) thrown;
    }
    return result;
  }

  private static Engine engine(RuleConfig config) {
    return new Engine(List.of(config));
  }

  private static int site(Engine engine, String rule, int arity) {
    return engine.addSite(engine.rule(rule),
        new Site.MethodInfo("com.example.Repo#find", arity, "java.lang.Object", null));
  }

  @Test
  void secondCallIsAHitThatSkipsTheBody() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    Function<Object, Object> body = a -> "v" + a + runs.incrementAndGet();
    assertEquals("v71", call(e, s, 7, body));
    assertEquals("v71", call(e, s, 7, body));
    assertEquals("v82", call(e, s, 8, body));
    assertEquals(2, runs.get());
    RuleStats st = e.rule("r").stats();
    assertEquals(1, st.hits());
    assertEquals(2, st.misses());
    assertEquals(2, st.loads());
  }

  @Test
  void aHitAllocatesNothingItReturnsTheStoredEntry() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    call(e, s, "k", a -> "v");
    assertSame(e.enter1(s, null, "k"), e.enter1(s, null, "k"));
  }

  @Test
  void exceptionsAreNeverCachedAndReachTheCallerUnchanged() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    for (int i = 0; i < 3; i++) {
      IllegalStateException seen = assertThrows(IllegalStateException.class,
          () -> call(e, s, 1, a -> { runs.incrementAndGet(); throw boom; }));
      assertSame(boom, seen);
    }
    assertEquals(3, runs.get());
    assertEquals(0, e.rule("r").size());
  }

  @Test
  void nullsAreCachedOnlyWithCacheNulls() {
    Engine plain = engine(rule("r").build());
    int s1 = site(plain, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    call(plain, s1, 1, a -> { runs.incrementAndGet(); return null; });
    call(plain, s1, 1, a -> { runs.incrementAndGet(); return null; });
    assertEquals(2, runs.get());

    Engine nulls = engine(rule("n").cacheNulls(Duration.ofMinutes(1)).build());
    int s2 = site(nulls, "n", 1);
    runs.set(0);
    assertNull(call(nulls, s2, 1, a -> { runs.incrementAndGet(); return null; }));
    assertNull(call(nulls, s2, 1, a -> { runs.incrementAndGet(); return null; }));
    assertEquals(1, runs.get());
  }

  @Test
  void anEmptyOptionalIsAnEmptyResultGovernedByCacheNulls() {
    Engine plain = engine(rule("r").build());
    int s = site(plain, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    call(plain, s, 1, a -> { runs.incrementAndGet(); return java.util.Optional.empty(); });
    call(plain, s, 1, a -> { runs.incrementAndGet(); return java.util.Optional.empty(); });
    assertEquals(2, runs.get());
    call(plain, s, 2, a -> { runs.incrementAndGet(); return java.util.Optional.of("x"); });
    call(plain, s, 2, a -> { runs.incrementAndGet(); return java.util.Optional.of("x"); });
    assertEquals(3, runs.get());
  }

  @Test
  void methodsOfOneRuleShareItsBoundButNeverEachOthersValues() {
    Engine e = engine(rule("r").maxEntries(100).build());
    int first = site(e, "r", 1);
    int second = e.addSite(e.rule("r"),
        new Site.MethodInfo("com.example.Repo#other", 1, "java.lang.Object", null));
    assertEquals("first", call(e, first, 1, a -> "first"));
    assertEquals("second", call(e, second, 1, a -> "second"));
    assertEquals("first", call(e, first, 1, a -> "wrong"));
    assertEquals("second", call(e, second, 1, a -> "wrong"));
    for (int i = 0; i < 1_000; i++) {
      call(e, i % 2 == 0 ? first : second, i, a -> a);
    }
    assertTrue(e.rule("r").size() <= 100, "size " + e.rule("r").size());
  }

  @Test
  void aWaiterThatGetsTheLeadersValueCountsAsAHit() throws Exception {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> leader = pool.submit(() -> call(e, s, "k", a -> { await(release); return "v"; }));
    waitUntil(() -> e.rule("r").stats().misses() == 1);
    Future<Object> waiter = pool.submit(() -> call(e, s, "k", a -> "waiter ran the body"));
    waitUntil(() -> e.rule("r").stats().stampedeWaits() == 1);
    release.countDown();
    assertEquals("v", waiter.get(10, TimeUnit.SECONDS));
    assertEquals("v", leader.get(10, TimeUnit.SECONDS));
    assertEquals(1, e.rule("r").stats().misses());
    assertEquals(1, e.rule("r").stats().hits());
  }

  @Test
  void sixtyFourCallersOfAColdKeyRunTheBodyOnce() throws Exception {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier start = new CyclicBarrier(64);
    List<Future<Object>> results = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return call(e, s, "cold", a -> {
          runs.incrementAndGet();
          await(release);
          return "loaded";
        });
      }));
    }
    // Release the leader only once the 63 others are waiting on its flight.
    waitUntil(() -> e.rule("r").stats().stampedeWaits() == 63);
    release.countDown();
    for (Future<Object> f : results) {
      assertEquals("loaded", f.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, runs.get());
  }

  @Test
  void waitersGetTheLeadersThrowable() throws Exception {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalArgumentException boom = new IllegalArgumentException("leader failed");
    Future<Object> leader = pool.submit(() -> call(e, s, "k", a -> { await(release); throw boom; }));
    waitUntil(() -> e.rule("r").stats().misses() == 1);
    Future<Object> waiter = pool.submit(() -> call(e, s, "k", a -> "waiter ran the body"));
    waitUntil(() -> e.rule("r").stats().stampedeWaits() == 1);
    release.countDown();
    Exception w = assertThrows(Exception.class, () -> waiter.get(10, TimeUnit.SECONDS));
    assertSame(boom, w.getCause());
    Exception l = assertThrows(Exception.class, () -> leader.get(10, TimeUnit.SECONDS));
    assertSame(boom, l.getCause());
  }

  @Test
  void aWaitersWaitIsBoundedThenItRunsTheBodyItself() throws Exception {
    Engine e = engine(rule("r").stampedeTimeout(Duration.ofMillis(50)).build());
    int s = site(e, "r", 1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> leader = pool.submit(() -> call(e, s, "k", a -> { await(release); return "slow"; }));
    waitUntil(() -> e.rule("r").stats().misses() == 1);
    assertEquals("own", call(e, s, "k", a -> "own"));
    assertEquals(1, e.rule("r").stats().stampedeTimeouts());
    release.countDown();
    assertEquals("slow", leader.get(10, TimeUnit.SECONDS));
  }

  @Test
  void withoutStampedeProtectionEveryMissRunsTheBody() throws Exception {
    Engine e = engine(rule("r").stampede(Stampede.NONE).build());
    int s = site(e, "r", 1);
    CountDownLatch inBody = new CountDownLatch(2);
    AtomicInteger runs = new AtomicInteger();
    Future<Object> a = pool.submit(() -> call(e, s, "k", x -> { runs.incrementAndGet(); inBody.countDown(); await(inBody); return 1; }));
    Future<Object> b = pool.submit(() -> call(e, s, "k", x -> { runs.incrementAndGet(); inBody.countDown(); await(inBody); return 1; }));
    a.get(10, TimeUnit.SECONDS);
    b.get(10, TimeUnit.SECONDS);
    assertEquals(2, runs.get());
  }

  @Test
  void aThrowingPropertyGetterIsAFaultAndTheBodyRunsUncached() {
    Engine e = engine(rule("r").key(KeyTemplate.parse("{0.explode}")).build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    Exploding arg = new Exploding();
    assertEquals("body", call(e, s, arg, a -> { runs.incrementAndGet(); return "body"; }));
    assertEquals("body", call(e, s, arg, a -> { runs.incrementAndGet(); return "body"; }));
    assertEquals(2, runs.get());
    assertEquals(2, e.rule("r").stats().errors());
  }

  @Test
  void propertyPathsSelectTheKey() {
    Engine e = engine(rule("r").key(KeyTemplate.parse("id-{0.id}")).build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    assertEquals(1, call(e, s, new Product(5, "a"), a -> runs.incrementAndGet()));
    assertEquals(1, call(e, s, new Product(5, "b"), a -> runs.incrementAndGet()));
    assertEquals(2, call(e, s, new Product(6, "a"), a -> runs.incrementAndGet()));
  }

  @Test
  void argumentsWithoutValueEqualityAreNotCached() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    Object identity = new Object();
    call(e, s, identity, a -> runs.incrementAndGet());
    call(e, s, identity, a -> runs.incrementAndGet());
    assertEquals(2, runs.get());
    assertEquals(2, e.rule("r").stats().uncacheable());
    assertEquals(0, e.rule("r").size());
  }

  @Test
  void arrayArgumentsAreCopiedAndComparedByContent() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    long[] ids = {1, 2};
    call(e, s, ids, a -> runs.incrementAndGet());
    call(e, s, new long[] {1, 2}, a -> runs.incrementAndGet());
    assertEquals(1, runs.get());
    ids[0] = 9; // the caller reuses its array: the cached key must not change with it
    call(e, s, new long[] {9, 2}, a -> runs.incrementAndGet());
    assertEquals(2, runs.get());
  }

  @Test
  void disablingTakesEffectOnTheNextCall() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    call(e, s, 1, a -> runs.incrementAndGet());
    e.rule("r").setEnabled(false);
    assertNull(e.enter1(s, null, 1));
    e.rule("r").setEnabled(true);
    assertInstanceOf(Hit.class, e.enter1(s, null, 1));
    e.setEnabled(false);
    assertNull(e.enter1(s, null, 1));
  }

  @Test
  void maxEntriesBoundsTheCache() {
    Engine e = engine(rule("r").maxEntries(100).build());
    int s = site(e, "r", 1);
    for (int i = 0; i < 1_000; i++) {
      call(e, s, i, a -> a);
    }
    assertTrue(e.rule("r").size() <= 100, "size " + e.rule("r").size());
  }

  @Test
  void entriesExpireAfterTheirTtlShortenedByAtMostTheJitter() {
    Engine e = engine(rule("r").ttl(Duration.ofMillis(200)).jitter(0.5).build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    long start = System.nanoTime();
    call(e, s, 1, a -> runs.incrementAndGet());
    waitUntil(() -> {
      call(e, s, 1, a -> runs.incrementAndGet());
      return runs.get() == 2;
    });
    long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(lived >= 100 - 2, "expired after " + lived + " ms, before TTL minus jitter");
  }

  @Test
  void jitterSpreadsTtlsOverTheConfiguredFraction() {
    Engine e = engine(rule("r").ttl(Duration.ofSeconds(100)).jitter(0.1).build());
    Site site = findSite(e, site(e, "r", 1));
    long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
    for (int i = 0; i < 10_000; i++) {
      long ttl = site.cache.ttlFor(false);
      min = Math.min(min, ttl);
      max = Math.max(max, ttl);
    }
    long full = Duration.ofSeconds(100).toNanos();
    assertTrue(max <= full && min >= full * 0.9, "TTLs outside [90 s, 100 s]: " + min + ".." + max);
    assertTrue(max - min > full * 0.05, "TTLs barely spread: " + min + ".." + max);
  }

  private static Site findSite(Engine e, int id) {
    for (Site s : e.rule("r").sites()) {
      if (s.id == id) {
        return s;
      }
    }
    throw new AssertionError("no site " + id);
  }

  @Test
  void anInvalidationDuringALoadKeepsTheStaleResultOutOfTheCache() throws Exception {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> load = pool.submit(() -> call(e, s, "k", a -> { await(release); return "old"; }));
    waitUntil(() -> e.rule("r").stats().misses() == 1);
    e.invalidateAll("r");
    release.countDown();
    assertEquals("old", load.get(10, TimeUnit.SECONDS));
    assertEquals("new", call(e, s, "k", a -> "new"));
  }

  @Test
  void aTtlChangedAtRunTimeAppliesToEntriesWrittenAfterIt() {
    Engine e = engine(rule("r").ttl(Duration.ofMinutes(10)).build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    call(e, s, 1, a -> runs.incrementAndGet());
    e.rule("r").setTtlMillis(50);
    assertEquals(50, e.rule("r").ttlMillis());
    call(e, s, 2, a -> runs.incrementAndGet());
    waitUntil(() -> {
      call(e, s, 2, a -> runs.incrementAndGet());
      return runs.get() == 3;
    });
    call(e, s, 1, a -> runs.incrementAndGet());
    assertEquals(3, runs.get(), "the entry written before the change keeps its 10-minute TTL");
    assertEquals(0, e.rule("r").stats().invalidations());
  }

  @Test
  void refreshAheadReloadsHotKeysInTheBackgroundSoCallersNeverMiss() {
    Engine e = engine(rule("r").ttl(Duration.ofMillis(400))
        .mode(io.methodcache.agent.config.Mode.REFRESH_AHEAD).refreshAt(0.25).build());
    Clock clock = new Clock();
    int s = e.addSite(e.rule("r"), new Site.MethodInfo("Clock#now", 1, "java.lang.String",
        Clock.class.getClassLoader(), Clock.class.getName(), "now", List.of("java.lang.String")));
    assertEquals("k1", callOn(e, s, clock, "k"));
    // Keep hitting: past 25% of the TTL a hit triggers one background reload, whose value
    // replaces the entry before it expires.
    waitUntil(() -> "k2".equals(callOn(e, s, clock, "k")));
    RuleStats st = e.rule("r").stats();
    assertEquals(1, st.misses(), "only the very first call missed");
    assertTrue(st.refreshes() >= 1);
    assertEquals(2, clock.calls.get(), "one load, one reload");
  }

  @Test
  void aFailedReloadKeepsTheOldValueAndIsCounted() {
    Engine e = engine(rule("r").ttl(Duration.ofSeconds(30))
        .mode(io.methodcache.agent.config.Mode.REFRESH_AHEAD).refreshAt(0.01).build());
    Clock clock = new Clock();
    int s = e.addSite(e.rule("r"), new Site.MethodInfo("Clock#now", 1, "java.lang.String",
        Clock.class.getClassLoader(), Clock.class.getName(), "now", List.of("java.lang.String")));
    assertEquals("k1", callOn(e, s, clock, "k"));
    clock.failing = true;
    waitUntil(() -> {
      assertEquals("k1", callOn(e, s, clock, "k"));
      return e.rule("r").stats().refreshFailures() == 1;
    });
    assertEquals("k1", callOn(e, s, clock, "k"));
  }

  /** A call of Clock#now through the engine, the body being the real method. */
  private static Object callOn(Engine e, int site, Clock clock, String arg) {
    Object state = e.enter1(site, clock, arg);
    Object returned = state instanceof Hit ? null : clock.now(arg);
    return state == null ? returned : e.exit(state, returned, null);
  }

  public static final class Clock {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    public String now(String k) {
      if (failing) {
        throw new IllegalStateException("origin down");
      }
      return k + calls.incrementAndGet();
    }
  }

  @Test
  void xfetchRecomputesEarlyInsteadOfAStampedeAtExpiry() throws Exception {
    Engine e = engine(rule("r").ttl(Duration.ofMillis(400))
        .earlyExpiry(new io.methodcache.agent.config.EarlyExpiry(
            io.methodcache.agent.config.EarlyExpiry.Strategy.XFETCH, 1.0)).build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    Function<Object, Object> body = a -> {
      int now = concurrent.incrementAndGet();
      maxConcurrent.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(5); // the load time XFetch scales by: 1/80 of the TTL
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      concurrent.decrementAndGet();
      return runs.incrementAndGet();
    };
    call(e, s, "k", body);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_000); // five TTL periods
    List<Future<?>> load = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      load.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          call(e, s, "k", body);
        }
        return null;
      }));
    }
    for (Future<?> f : load) {
      f.get(10, TimeUnit.SECONDS);
    }
    RuleStats st = e.rule("r").stats();
    assertTrue(st.earlyRecomputes() >= 3, "early recomputes: " + st.earlyRecomputes());
    assertEquals(1, maxConcurrent.get(), "never two loads of the key at once");
    assertTrue(runs.get() <= 10, "about one load per period, not a crowd: " + runs.get());
    assertEquals(1, st.misses() - st.earlyRecomputes(), "no caller waited at an expiry");
  }

  @Test
  void aFutureIsSharedWhileInFlightAndDroppedWhenItFails() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    java.util.concurrent.CompletableFuture<String> pending = new java.util.concurrent.CompletableFuture<>();
    AtomicInteger runs = new AtomicInteger();
    assertSame(pending, call(e, s, "k", a -> { runs.incrementAndGet(); return pending; }));
    assertSame(pending, call(e, s, "k", a -> { runs.incrementAndGet(); return "no"; }));
    pending.completeExceptionally(new IllegalStateException("remote failed"));
    Object next = call(e, s, "k", a -> { runs.incrementAndGet(); return "fresh"; });
    assertEquals("fresh", next, "a failed future is not served again");
    assertEquals(2, runs.get());
  }

  @Test
  void invalidateByRenderedKeyDropsThatKeyOnly() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 2);
    AtomicInteger runs = new AtomicInteger();
    Function<Object, Object> body = a -> runs.incrementAndGet();
    call2(e, s, "bob", 7, body);
    call2(e, s, "ann", 7, body);
    e.rule("r").invalidateRendered("bob,7");
    call2(e, s, "bob", 7, body);
    call2(e, s, "ann", 7, body);
    assertEquals(3, runs.get());
  }

  private static Object call2(Engine engine, int site, Object a0, Object a1,
      Function<Object, Object> body) {
    Object state = engine.enter2(site, null, a0, a1);
    Object returned = state instanceof Hit ? null : body.apply(a0);
    return state == null ? returned : engine.exit(state, returned, null);
  }

  @Test
  void invalidateByArgumentsDropsThatKeyOnly() {
    Engine e = engine(rule("r").build());
    int s = site(e, "r", 1);
    AtomicInteger runs = new AtomicInteger();
    call(e, s, 1, a -> runs.incrementAndGet());
    call(e, s, 2, a -> runs.incrementAndGet());
    assertTrue(e.invalidate("r", new Object[] {1}));
    call(e, s, 1, a -> runs.incrementAndGet());
    call(e, s, 2, a -> runs.incrementAndGet());
    assertEquals(3, runs.get());
  }

  static final class Exploding {
    public String getExplode() {
      throw new IllegalStateException("getter failed");
    }
  }

  static final class Product {
    private final long id;
    private final String name;

    Product(long id, String name) {
      this.id = id;
      this.name = name;
    }

    public long getId() { return id; }
    public String getName() { return name; }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
