package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.PutTarget;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Write-through ({@code put:}), tags and {@code copy-on-read}, in one JVM, driven as the advice
 * drives the engine: enter, the body unless enter returned a Hit, exit.
 */
class WritePatternsTest {
  private static final SourcePosition AT = new SourcePosition("rules.yaml", 3, 5);

  private static RuleConfig.Builder rule(String name, String method) {
    return RuleConfig.builder().name(name).method(MethodPattern.parse(method)).position(AT);
  }

  /** One call with these arguments; the body runs unless the engine has the result. */
  private static Object call(Engine e, int site, Supplier<Object> body, Object... args) {
    Object state = args.length == 1 ? e.enter1(site, null, args[0])
        : args.length == 0 ? e.enter0(site, null) : e.enterN(site, null, args.clone());
    if (state instanceof Hit) {
      return e.exit(state, null, null);
    }
    Object returned = body.get();
    return state == null ? returned : e.exit(state, returned, null);
  }

  private static int site(Engine e, String rule, String description, int arity, String returns) {
    return e.addSite(e.rule(rule), new Site.MethodInfo(description, arity, returns, null));
  }

  // ---- put: write-through

  private static Engine withPut(String writeReturns) {
    RuleConfig byId = rule("byId", "com.shop.Repo#find(java.lang.String)").build();
    RuleConfig save = rule("save", "com.shop.Repo#save(java.lang.String,java.lang.String)")
        .put(new PutTarget("byId", KeyTemplate.parse("{0}"), AT)).build();
    Engine e = new Engine(List.of(byId, save));
    site(e, "byId", "com.shop.Repo#find(java.lang.String)", 1, "java.lang.String");
    site(e, "save", "com.shop.Repo#save(java.lang.String,java.lang.String)", 2, writeReturns);
    return e;
  }

  @Test
  void aPutReplacesTheCachedValueWithTheWriteMethodsResult() {
    Engine e = withPut("java.lang.String");
    AtomicInteger loads = new AtomicInteger();
    assertEquals("v1", call(e, 0, () -> "v" + loads.incrementAndGet(), "k"));
    assertEquals("v2-saved", call(e, 1, () -> "v2-saved", "k", "v2"));
    assertEquals("v2-saved", call(e, 0, () -> "v" + loads.incrementAndGet(), "k"));
    assertEquals(1, loads.get(), "the read after the put is a hit on the written value");
    assertEquals(1, e.rule("byId").stats().puts());
  }

  @Test
  void aPutCachesAKeyNeverReadHereBeforeForItsFirstRead() {
    Engine e = withPut("java.lang.String");
    call(e, 1, () -> "fresh", "n", "x");
    AtomicInteger loads = new AtomicInteger();
    assertEquals("fresh", call(e, 0, () -> "loaded" + loads.incrementAndGet(), "n"));
    assertEquals("fresh", call(e, 0, () -> "loaded" + loads.incrementAndGet(), "n"));
    assertEquals(0, loads.get());
  }

  @Test
  void aLoadThatStartedBeforeThePutDoesNotOverwriteIt() {
    Engine e = withPut("java.lang.String");
    Object load = e.enter1(0, null, "m"); // a reader misses and starts its (slow) load
    assertInstanceOf(Load.class, load);
    call(e, 1, () -> "new", "m", "new");
    assertEquals("old", e.exit(load, "old", null), "the reader returns what its body returned");
    assertEquals("new", call(e, 0, () -> "loaded", "m"), "but the cache keeps the put's value");
  }

  @Test
  void aPutWhoseValueTheCachedMethodCouldNotReturnEvictsInstead() {
    Engine e = withPut("java.lang.Integer");
    AtomicInteger loads = new AtomicInteger();
    call(e, 0, () -> "v" + loads.incrementAndGet(), "k");
    call(e, 1, () -> 42, "k", "ignored");
    assertEquals("v2", call(e, 0, () -> "v" + loads.incrementAndGet(), "k"),
        "the key was evicted: the next read loads");
    assertEquals(0, e.rule("byId").stats().puts());
  }

  @Test
  void aWriteThatThrowsPutsNothing() {
    Engine e = withPut("java.lang.String");
    call(e, 0, () -> "v1", "k");
    Object state = e.enterN(1, null, new Object[] {"k", "v2"});
    e.exit(state, null, new IllegalStateException("rolled back"));
    assertEquals("v1", call(e, 0, () -> "loaded", "k"));
  }

  @Test
  void aCallerAfterAnEvictionDoesNotJoinALoadThatStartedBeforeIt() throws Exception {
    RuleConfig byId = rule("byId", "com.shop.Repo#find(java.lang.String)").build();
    RuleConfig save = rule("save", "com.shop.Repo#save(java.lang.String)")
        .evict(List.of(EvictTarget.key("byId", KeyTemplate.parse("{0}"), false, AT))).build();
    Engine e = new Engine(List.of(byId, save));
    site(e, "byId", "com.shop.Repo#find(java.lang.String)", 1, "java.lang.String");
    site(e, "save", "com.shop.Repo#save(java.lang.String)", 1, "void");
    java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      // a reader misses and is loading (it read the data before the write)
      Object before = other.submit(() -> e.enter1(0, null, "k")).get(5, TimeUnit.SECONDS);
      assertInstanceOf(Load.class, before);
      call(e, 1, () -> null, "k"); // the write evicts k
      // a caller after the write leads a load of its own instead of waiting for the old one
      Object after = other.submit(() -> e.enter1(0, null, "k")).get(5, TimeUnit.SECONDS);
      assertInstanceOf(Load.class, after);
      assertEquals("new", e.exit(after, "new", null));
      assertEquals("old", e.exit(before, "old", null));
      assertEquals("new", call(e, 0, () -> "loaded", "k"), "the older load was not cached");
    } finally {
      other.shutdownNow();
    }
  }

  // ---- tags

  private static Engine withTags() {
    RuleConfig page = rule("page", "com.shop.Pages#render(java.lang.String)")
        .tags(List.of(KeyTemplate.parseTag("product:{0}"), KeyTemplate.parseTag("catalog")))
        .build();
    RuleConfig touch = rule("touch", "com.shop.Repo#touch(java.lang.String)")
        .evict(List.of(EvictTarget.tag(KeyTemplate.parseTag("product:{0}"), false, AT))).build();
    RuleConfig reload = rule("reload", "com.shop.Admin#reload()")
        .evict(List.of(EvictTarget.tag(KeyTemplate.parseTag("catalog"), false, AT))).build();
    Engine e = new Engine(List.of(page, touch, reload));
    site(e, "page", "com.shop.Pages#render(java.lang.String)", 1, "java.lang.String");
    site(e, "touch", "com.shop.Repo#touch(java.lang.String)", 1, "void");
    site(e, "reload", "com.shop.Admin#reload()", 0, "void");
    return e;
  }

  @Test
  void evictingATagDropsExactlyTheEntriesCarryingIt() {
    Engine e = withTags();
    AtomicInteger loads = new AtomicInteger();
    Supplier<Object> body = () -> "page" + loads.incrementAndGet();
    call(e, 0, body, "1");
    call(e, 0, body, "2");
    assertEquals(2, loads.get());
    call(e, 1, () -> null, "1"); // touch(1): evicts tag product:1
    assertEquals("page3", call(e, 0, body, "1"), "product:1 was evicted");
    assertEquals("page2", call(e, 0, body, "2"), "product:2 was not");
    call(e, 2, () -> null); // reload(): evicts tag catalog, carried by every page
    assertEquals("page4", call(e, 0, body, "1"));
    assertEquals("page5", call(e, 0, body, "2"));
    assertEquals("page5", call(e, 0, body, "2"));
  }

  @Test
  void aHitOfATaggedRuleAllocatesNothing() {
    Engine e = withTags();
    call(e, 0, () -> "page", "1");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    String key = "1";
    for (int i = 0; i < 1_000; i++) { // the counters' first increments
      e.exit(e.enter1(0, null, key), null, null);
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 100_000; i++) {
      e.exit(e.enter1(0, null, key), null, null);
    }
    long perHit = (threads.getThreadAllocatedBytes(id) - before) / 100_000;
    assertEquals(0, perHit, "bytes allocated per hit (the tags' argument array is for misses)");
  }

  @Test
  void aLoadInFlightDuringATagEvictionIsNotCached() {
    Engine e = withTags();
    Object load = e.enter1(0, null, "7");
    call(e, 1, () -> null, "7");
    assertEquals("before", e.exit(load, "before", null));
    assertEquals("after", call(e, 0, () -> "after", "7"), "the value read before was stale");
  }

  @Test
  void evictingATagVisitsNoEntry() {
    Engine e = withTags();
    for (int i = 0; i < 20_000; i++) {
      String id = Integer.toString(i);
      call(e, 0, () -> "p" + id, id);
    }
    RuleRuntime page = e.rule("page");
    long size = page.size();
    call(e, 2, () -> null); // catalog: carried by all 20,000
    assertEquals(size, page.size(), "nothing was removed one by one: the tag's version moved");
    AtomicInteger loads = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      call(e, 0, () -> "n" + loads.incrementAndGet(), Integer.toString(i));
    }
    assertEquals(100, loads.get(), "and every entry carrying it is stale");
  }

  @Test
  void aPutIntoATaggedRuleIsDroppedByAnyOfItsTagEvictions() {
    RuleConfig page = rule("page", "com.shop.Pages#render(java.lang.String)")
        .tags(List.of(KeyTemplate.parseTag("product:{0}"))).build();
    RuleConfig edit = rule("edit", "com.shop.Pages#edit(java.lang.String)")
        .put(new PutTarget("page", KeyTemplate.parse("{0}"), AT)).build();
    RuleConfig touch = rule("touch", "com.shop.Repo#touch(java.lang.String)")
        .evict(List.of(EvictTarget.tag(KeyTemplate.parseTag("product:{0}"), false, AT))).build();
    Engine e = new Engine(List.of(page, edit, touch));
    site(e, "page", "com.shop.Pages#render(java.lang.String)", 1, "java.lang.String");
    site(e, "edit", "com.shop.Pages#edit(java.lang.String)", 1, "java.lang.String");
    site(e, "touch", "com.shop.Repo#touch(java.lang.String)", 1, "void");
    call(e, 1, () -> "edited", "1");
    assertEquals("edited", call(e, 0, () -> "loaded", "1"), "write-through");
    call(e, 2, () -> null, "9"); // another product's tag: the put's own tags are unknown
    assertEquals("loaded", call(e, 0, () -> "loaded", "1"));
  }

  // ---- copy-on-read

  @Test
  void copyOnReadGivesEveryCallerItsOwnCopy() {
    RuleConfig list = rule("list", "com.shop.Repo#items(java.lang.String)").copyOnRead(true)
        .build();
    Engine e = new Engine(List.of(list));
    int s = site(e, "list", "com.shop.Repo#items(java.lang.String)", 1, "java.util.List");
    AtomicInteger loads = new AtomicInteger();
    Supplier<Object> body = () -> {
      loads.incrementAndGet();
      return new ArrayList<>(List.of("a", "b"));
    };
    @SuppressWarnings("unchecked") List<String> first = (List<String>) call(e, s, body, "k");
    first.add("changed by the first caller");
    @SuppressWarnings("unchecked") List<String> second = (List<String>) call(e, s, body, "k");
    @SuppressWarnings("unchecked") List<String> third = (List<String>) call(e, s, body, "k");
    assertEquals(1, loads.get(), "hits");
    assertEquals(List.of("a", "b"), second, "the cached value is the one the method returned");
    assertNotSame(second, third);
    second.clear();
    assertEquals(List.of("a", "b"), third);
  }

  @Test
  void copyOnReadDoesNotCacheAResultItCannotCopy() {
    RuleConfig r = rule("r", "com.shop.Repo#thing(java.lang.String)").copyOnRead(true)
        .ttl(Duration.ofMinutes(1)).build();
    Engine e = new Engine(List.of(r));
    int s = site(e, "r", "com.shop.Repo#thing(java.lang.String)", 1, "java.lang.Object");
    AtomicInteger loads = new AtomicInteger();
    Supplier<Object> body = () -> {
      loads.incrementAndGet();
      return new Object(); // not Serializable
    };
    Object a = call(e, s, body, "k");
    Object b = call(e, s, body, "k");
    assertNotSame(a, b);
    assertEquals(2, loads.get(), "never cached, so never shared");
    assertTrue(e.rule("r").stats().uncacheable() >= 2);
  }
}
