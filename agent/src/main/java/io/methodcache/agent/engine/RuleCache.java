package io.methodcache.agent.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.Stampede;
import io.methodcache.agent.config.Tier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A rule's caching: its L1 (one bounded Caffeine cache for all the methods the rule caches, so
 * {@code max-entries} bounds the rule), its link to the shared tier, and its in-flight loads.
 *
 * <p>Invariants: an entry is written only by the caller that ran the body for that key (the
 * leader), from a value found in L2, or by a refresh-ahead reload; only when the body returned
 * normally; a load or reload that started before an invalidation of the rule is not written (its
 * generation is stale); a flight is removed by its leader in every outcome, or by a waiter that
 * finds it older than the stampede bound; an asynchronous result that fails is removed.
 */
final class RuleCache {
  private final Cache<Object, Entry> cache;
  private final boolean l1;
  /**
   * L1 may serve hits: {@code l1}, except for an L2-backed rule until this JVM hears every
   * invalidation ({@link SharedTier}); entries written meanwhile are dropped then.
   */
  private volatile boolean l1Reads;
  private final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
  /**
   * Keys this JVM invalidated in the last moments (rendered → until, ticker time): their reads skip
   * L2, where a racing load in another JVM may still write the old value (read-your-writes).
   */
  private final ConcurrentHashMap<String, Long> recentlyInvalidated = new ConcurrentHashMap<>();
  /** Rendered key → L1 key, for invalidations that arrive as text from other JVMs. */
  private final ConcurrentHashMap<String, Object> byRendered;
  private final AtomicLong generation = new AtomicLong();
  private final RuleStats stats;
  private final boolean stampede;
  private final long stampedeTimeoutNanos;
  private volatile long ttlNanos;
  private final long nullTtlNanos;
  private final long l1TtlNanos;
  private final double jitter;
  /** Refresh-ahead: the fraction of an entry's TTL after which a hit reloads it; 0 = never. */
  private final double refreshFraction;
  /** XFetch's beta (early-expiry: xfetch), or 0 without probabilistic early recompute. */
  private final double xfetchBeta;
  /** Null when the rule does not use the shared tier (or none is configured). */
  private volatile L2Binding l2;
  /** Null for a rule without {@code tags:}. */
  private final RuleTags tags;
  /**
   * Values a {@code put:} wrote for keys this JVM had not cached (rendered → entry): the write
   * method knows the key only as text, the L1 key object is made by the first read, which takes
   * the entry from here. Bounded by max-entries; any invalidation of the key removes it.
   */
  private final ConcurrentHashMap<String, Entry> written = new ConcurrentHashMap<>();
  private final long maxEntries;
  /** Entries hold {@link Frozen} values; every hit hands out a fresh copy. */
  private final boolean copyOnRead;

  /**
   * @param keyTarget a write rule names this rule's entries by key ({@code put:} or
   *     {@code evict: {key: …}}): keys are then indexed by their text even without the shared
   *     tier, so such a write finds its entry without scanning the cache
   */
  RuleCache(RuleConfig c, RuleStats stats, boolean keyTarget) {
    this.stats = stats;
    this.stampede = c.stampede() != Stampede.NONE; // distributed also coordinates locally
    this.stampedeTimeoutNanos = c.stampedeTimeout().toNanos();
    this.ttlNanos = c.ttl().toNanos();
    this.nullTtlNanos = c.cacheNulls() == null ? -1 : c.cacheNulls().toNanos();
    this.l1TtlNanos = c.l1Ttl() == null ? Long.MAX_VALUE : c.l1Ttl().toNanos();
    this.jitter = c.jitter();
    this.refreshFraction = c.mode() == io.methodcache.agent.config.Mode.REFRESH_AHEAD
        ? c.refreshAt() : 0;
    this.xfetchBeta = c.earlyExpiry() == null ? 0 : c.earlyExpiry().beta();
    this.l1 = c.uses(Tier.L1);
    this.l1Reads = l1;
    this.tags = RuleTags.of(c.tags());
    this.maxEntries = c.maxEntries();
    this.copyOnRead = c.copyOnRead();
    this.byRendered = c.uses(Tier.L2) || keyTarget ? new ConcurrentHashMap<>() : null;
    // Caffeine expires entries by the longest TTL the rule can give (fixed expiry is ~3x cheaper
    // per read than per-entry expiry: measured 10.8 vs 31.5 ns/op); each entry's own deadline
    // (jitter, shorter TTL of nulls or of L1) is checked on the hit path.
    Caffeine<Object, Object> builder = Caffeine.newBuilder()
        .maximumSize(l1 ? c.maxEntries() : 0)
        .expireAfterWrite(Math.max(ttlNanos, nullTtlNanos), TimeUnit.NANOSECONDS)
        .ticker(CoarseTicker.INSTANCE)
        .executor(Maintenance.EXECUTOR);
    builder.removalListener((Object key, Entry e, RemovalCause cause) -> {
      if (cause.wasEvicted()) {
        stats.evictions.increment();
      }
      if (byRendered != null && e != null && e.rendered != null
          && cause != RemovalCause.REPLACED) {
        unindex(e.rendered, key);
      }
    });
    this.cache = builder.build();
  }

  /**
   * The shared tier for this key: none for a key qualified by a receiver the rule's template does
   * not name, whose text (the arguments only) cannot tell receivers apart.
   */
  private L2Binding l2For(Object key) {
    return ReceiverKey.qualified(key) ? null : l2;
  }

  /**
   * Drops the entries (and loads in flight) of {@code argumentsKey} for every receiver that
   * qualified it ({@link ReceiverKey}); a cheap no-op until a receiver first qualified a key.
   * Such keys are not in the text index, so an invalidation scans for them (a rare case: a rule
   * on a value class's method, or a service with several instances).
   */
  private boolean dropQualified(Object argumentsKey, String rendered) {
    if (!receiverKeys) {
      return false;
    }
    boolean dropped = cache.asMap().entrySet().removeIf(en -> {
      Object args = ReceiverKey.argumentsOf(en.getKey());
      return args != null && (args.equals(argumentsKey)
          || (rendered != null && rendered.equals(en.getValue().rendered)));
    });
    flights.keySet().removeIf(k -> {
      Object args = ReceiverKey.argumentsOf(k);
      return args != null && args.equals(argumentsKey);
    });
    return dropped; // true: an entry of this JVM was dropped
  }

  /** Set once a receiver has qualified a key of this rule. */
  private volatile boolean receiverKeys;

  /** See {@link #l1Reads}. */
  void serveL1(boolean trusted) {
    l1Reads = l1 && trusted;
  }

  void attach(L2Binding binding) {
    this.l2 = binding;
  }

  L2Binding l2() {
    return l2;
  }

  /**
   * The hit path: a look-up, a deadline (and tag) check and a counter, nothing else. {@code args}
   * are the call's arguments for a rule with tags (rendered on a miss only), else null.
   */
  Object lookup(Site site, Object key, Object[] args) {
    if (l1Reads) {
      Entry e = cache.getIfPresent(key);
      if (e != null && e.validAt(CoarseTicker.INSTANCE.read())) {
        if (xfetchBeta > 0 && recomputeEarly(e, key)) {
          return miss(site, key, true, args); // counted there if this caller does recompute
        }
        stats.hits.increment();
        return e;
      }
    }
    return miss(site, key, false, args);
  }

  /**
   * For a rule with tags: a plain L1 hit (counted), or null when the call needs the full
   * {@link #lookup}. The caller gathers the arguments for the tags only then, so a hit of a tagged
   * rule allocates nothing either. (XFetch rules always take the full look-up: its draw must be
   * made once per call.)
   */
  Entry hit(Object key) {
    if (!l1Reads || xfetchBeta > 0) {
      return null;
    }
    Entry e = cache.getIfPresent(key);
    if (e != null && e.validAt(CoarseTicker.INSTANCE.read())) {
      stats.hits.increment();
      return e;
    }
    return null;
  }

  boolean tagged() {
    return tags != null;
  }

  /**
   * XFetch (Vattani, Chierichetti, Lowenstein, "Optimal Probabilistic Cache Stampede
   * Prevention"): recompute early when {@code now - delta * beta * ln(random) >= expiry}, delta
   * being the value's own load time, so the chance rises as expiry nears and one caller (not a
   * crowd at the deadline) recomputes. A key already being recomputed is served from cache.
   */
  private boolean recomputeEarly(Entry e, Object key) {
    double draw = -Math.log(1.0 - java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    long gap = (long) (e.loadNanos * xfetchBeta * draw);
    return CoarseTicker.INSTANCE.read() + gap - e.expiresAt >= 0 && !flights.containsKey(key);
  }

  private Object miss(Site site, Object key, boolean early, Object[] args) {
    if (Load.nestedInSameRule(site, key)) {
      stats.misses.increment();
      return null; // runs inside the outer method's load, which caches the value once
    }
    long gen = generation.get();
    boolean qualified = ReceiverKey.qualified(key);
    if (qualified && !receiverKeys) {
      receiverKeys = true;
    }
    L2Binding b = qualified ? null : l2;
    // once per miss, for every L2 step and the text index
    String rendered = b == null && byRendered == null ? null : site.render(key);
    if (!written.isEmpty() && !early && !qualified) {
      Entry w = takeWritten(site, key, rendered, gen);
      if (w != null) {
        return w;
      }
    }
    // Stamped before the body runs: an eviction of one of these tags from now on makes the
    // value this call loads stale (it reads data older than the eviction).
    TagStamps stamps = tags == null ? null : tags.capture(args);
    if (stamps != null && b != null) {
      b.learnShared(stamps);
    }
    if (!stampede) {
      Object shared = early ? null : fromShared(site, key, gen, rendered, stamps);
      if (shared != null) {
        return shared;
      }
      if (early) {
        stats.earlyRecomputes.increment();
      }
      stats.misses.increment();
      return new Load(site, key, rendered, null, gen, null, stamps, lease(b, rendered)).start();
    }
    Flight mine = new Flight(rendered);
    Flight current = flights.putIfAbsent(key, mine);
    if (current != null) {
      return follow(key, current); // an early recompute that lost the race waits like any caller
    }
    if (early) {
      stats.earlyRecomputes.increment();
    }
    // Won the ticket; a leader may have published and left between our miss and now (an early
    // recompute knows there is a valid entry and wants a new one).
    Entry e = l1Reads && !early ? cache.getIfPresent(key) : null;
    if (e != null && e.validAt(CoarseTicker.INSTANCE.read())) {
      flights.remove(key, mine);
      mine.succeed(e.value);
      stats.hits.increment();
      return e;
    }
    boolean handedOver = false;
    try {
      Object shared = early ? null : fromShared(site, key, gen, rendered, stamps);
      if (shared != null) {
        mine.succeed(((Hit) shared).value);
        return shared;
      }
      String lock = early ? null : distributedLock(site, key, gen, mine, rendered, stamps);
      if (lock == FOUND) {
        return new Hit(mine.value());
      }
      stats.misses.increment();
      handedOver = true;
      return new Load(site, key, rendered, mine, gen, lock, stamps, lease(b, rendered)).start();
    } finally {
      if (!handedOver) {
        flights.remove(key, mine);
        if (!mine.isDone()) {
          mine.fail(null);
        }
      }
    }
  }

  private static final String FOUND = "found";

  /** The lease of a load about to run (see {@link L2Binding#lease}); null without L2. */
  private static String lease(L2Binding b, String rendered) {
    return b == null || rendered == null || !b.writable() ? null : b.lease(rendered);
  }

  /**
   * A value a {@code put:} wrote for this key before this JVM had cached it, now cached under the
   * key object this read made; null when there is none (or it expired).
   */
  private Entry takeWritten(Site site, Object key, String rendered, long gen) {
    Entry w = written.remove(rendered != null ? rendered : site.render(key));
    if (w == null || !w.validAt(CoarseTicker.INSTANCE.read())) {
      return null;
    }
    putIfCurrent(key, w, gen);
    stats.hits.increment();
    return w;
  }

  /** An L2 hit as this call's result (and a fresh L1 entry), or null. */
  private Object fromShared(Site site, Object key, long gen, String rendered, TagStamps stamps) {
    L2Binding b = l2For(key);
    if (b == null) {
      return null;
    }
    Long until = recentlyInvalidated.get(rendered);
    if (until != null) {
      if (until - CoarseTicker.INSTANCE.read() > 0) {
        return null; // invalidated here a moment ago: the origin is the only safe source
      }
      recentlyInvalidated.remove(rendered, until);
    }
    L2Binding.Found found = b.read(site, rendered, stats, stamps);
    if (found == null) {
      return null;
    }
    stats.hits.increment();
    long ttl = Math.min(Math.min(l1TtlNanos, isEmpty(found.value) ? nullTtlNanos : ttlNanos),
        TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(found.remainingMillis,
            Long.MAX_VALUE / 1_000_000))));
    long now = CoarseTicker.INSTANCE.read();
    // refresh once the value's whole age passes the refresh point (it was written elsewhere)
    long sharedLeft = TimeUnit.MILLISECONDS.toNanos(Math.min(found.remainingMillis,
        Long.MAX_VALUE / 1_000_000));
    Object kept = keep(site, found.value);
    if (kept == Site.UNCOPYABLE) {
      return null;
    }
    Entry e = new Entry(kept, now + ttl,
        refreshPoint(now, sharedLeft - (long) ((1 - refreshFraction) * ttlNanos)), rendered,
        stamps);
    if (l1 && (stamps == null || stamps.current())) {
      putIfCurrent(key, e, gen);
    }
    return e;
  }

  /**
   * With {@code stampede: distributed}: takes the rule's Redis lock for the key, or waits for the
   * JVM that holds it to publish the value (polling L2 with back-off) up to the stampede bound.
   * Returns the lock token to release after the load, null to load without one, or FOUND when
   * another JVM's value arrived (then in {@code flight}).
   */
  private String distributedLock(Site site, Object key, long gen, Flight flight,
      String rendered, TagStamps stamps) {
    L2Binding b = l2For(key);
    if (b == null || !b.distributedStampede) {
      return null;
    }
    // Waiting is only ever for a Redis that answers "held by another JVM": any lock command
    // that fails or times out ends the wait, so an outage costs a caller at most its commands'
    // timeouts, never the stampede bound.
    io.methodcache.agent.redis.L2Result lock = b.lock(rendered);
    if (lock.isHit()) {
      return loadedMeanwhile(site, key, gen, flight, b, rendered, b.token(lock), stamps);
    }
    if (!lock.isMiss()) {
      return null;
    }
    long deadline = System.nanoTime() + stampedeTimeoutNanos;
    long pause = TimeUnit.MILLISECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      LockSupport.parkNanos(Math.min(pause, deadline - System.nanoTime()));
      pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(100));
      Object shared = fromShared(site, key, gen, rendered, stamps);
      if (shared != null) {
        stats.stampedeWaits.increment();
        flight.succeed(((Hit) shared).value);
        return FOUND;
      }
      lock = b.lock(rendered);
      if (lock.isHit()) {
        // the holder released it: published (then found below) — or gave up or died: load here
        return loadedMeanwhile(site, key, gen, flight, b, rendered, b.token(lock), stamps);
      }
      if (!lock.isMiss()) {
        return null; // Redis stopped answering: load here rather than wait on it
      }
    }
    stats.stampedeTimeouts.increment();
    return null;
  }

  /**
   * Right after taking the lock: another JVM may have published and released between our last
   * look-up and the lock (check-then-act), so look once more before loading.
   */
  private String loadedMeanwhile(Site site, Object key, long gen, Flight flight, L2Binding b,
      String rendered, String token, TagStamps stamps) {
    Object shared = fromShared(site, key, gen, rendered, stamps);
    if (shared == null) {
      return token;
    }
    b.unlock(rendered, token);
    flight.succeed(((Hit) shared).value);
    return FOUND;
  }

  /**
   * Waits for another caller's load of the same key, within the rule's bound. A waiter that gets
   * the leader's value counts as a hit (it did not run the body), as in Guava and Caffeine.
   */
  private Object follow(Object key, Flight leader) {
    if (leader.leader == Thread.currentThread()) {
      stats.misses.increment();
      return null; // re-entrant call for the key this thread is loading: just run the body
    }
    stats.stampedeWaits.increment();
    boolean completed;
    try {
      completed = leader.await(stampedeTimeoutNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // keep the flag for the body, which runs now
      stats.misses.increment();
      return null;
    }
    if (!completed) {
      stats.stampedeTimeouts.increment();
      stats.misses.increment();
      if (System.nanoTime() - leader.startedNanos > stampedeTimeoutNanos) {
        flights.remove(key, leader); // let the next caller lead instead of waiting again
      }
      return null;
    }
    Throwable t = leader.failure();
    if (t != null) {
      stats.misses.increment();
      return new Failure(t);
    }
    if (leader.abandoned()) {
      stats.misses.increment();
      return null; // the leader's own look-up failed before it loaded: load here
    }
    stats.hits.increment();
    return new Hit(leader.value());
  }

  /** Exit of the caller that ran the body after a miss. */
  void complete(Load load, Object returned, Throwable thrown) {
    load.finished();
    L2Binding b = l2For(load.key);
    try {
      long took = System.nanoTime() - load.startedNanos;
      stats.loadNanos.add(took);
      stats.loadTimes.record(took);
      if (thrown != null) {
        stats.loadFailures.increment();
        if (load.flight != null) {
          load.flight.fail(thrown);
        }
        return;
      }
      stats.loads.increment();
      boolean empty = isEmpty(returned);
      Object kept = keep(load.site, returned);
      if (kept == Site.UNCOPYABLE) {
        if (load.flight != null) {
          load.flight.fail(null); // waiters run the body themselves: one object is never shared
        }
        return;
      }
      if (load.generation == generation.get() && (load.tags == null || load.tags.current())
          && (!empty || nullTtlNanos > 0)) {
        long ttl = ttlFor(empty);
        String rendered = load.rendered;
        boolean current = true;
        if (l1) {
          long now = CoarseTicker.INSTANCE.read();
          Entry fresh = new Entry(kept, now + Math.min(ttl, l1TtlNanos),
              refreshPoint(now, (long) (ttl * refreshFraction)), rendered, load.tags);
          fresh.loadNanos = took;
          current = putIfCurrent(load.key, fresh, load.generation);
          if (current) {
            forgetIfItFails(load.key, fresh, returned);
          }
        }
        if (current && b != null && rendered != null && load.lease != null && b.writable()
            && !(returned instanceof java.util.concurrent.CompletionStage)) {
          b.write(load.site, rendered, returned, TimeUnit.NANOSECONDS.toMillis(ttl), stats,
              load.tags, load.lease);
        }
      }
      if (load.flight != null) {
        load.flight.succeed(kept);
      }
    } finally {
      if (load.flight != null) {
        flights.remove(load.key, load.flight);
      }
      if (load.lockToken != null && b != null) {
        b.unlock(load.rendered, load.lockToken);
      }
    }
  }

  /**
   * An asynchronous result is cached at once, so concurrent callers share the one in-flight
   * future; if it completes exceptionally it is dropped (a failure is never cached). Futures stay
   * in this JVM: a pending future cannot be written to the shared tier.
   */
  private void forgetIfItFails(Object key, Entry entry, Object result) {
    if (result instanceof java.util.concurrent.CompletionStage) {
      ((java.util.concurrent.CompletionStage<?>) result).whenComplete((v, failure) -> {
        if (failure != null) {
          cache.asMap().remove(key, entry);
          if (entry.rendered != null) {
            written.remove(entry.rendered, entry);
          }
        }
      });
    }
  }

  private long refreshPoint(long now, long after) {
    return refreshFraction == 0 ? Long.MAX_VALUE : now + Math.max(0, after);
  }

  /**
   * Refresh-ahead, on a hit: past its refresh point an entry is reloaded once, in the background
   * (one reload per key per JVM; with the shared tier, one per group of JVMs through a Redis
   * lock), while this caller and every other gets the current value at once. A reload that throws
   * keeps the old value until its TTL (counted).
   */
  void maybeRefresh(Site site, Entry e, Object key, Object self, Object[] args) {
    if (!e.claimRefresh()) {
      return;
    }
    java.lang.reflect.Method method = site.reloadMethod();
    if (method == null) {
      return; // reported once; the entry simply expires
    }
    long gen = generation.get();
    if (!Refresher.submit(site, () -> reload(site, e, key, self, args, method, gen))) {
      e.releaseRefresh();
    }
  }

  private void reload(Site site, Entry e, Object key, Object self, Object[] args,
      java.lang.reflect.Method method, long gen) {
    L2Binding b = l2For(key);
    String lock = null;
    if (b != null && e.rendered != null) {
      io.methodcache.agent.redis.L2Result taken = b.lock("refresh:" + e.rendered);
      if (taken.isMiss()) {
        return; // another JVM is refreshing it; L2 will hold its value
      }
      lock = taken.isHit() ? b.token(taken) : null; // Redis did not answer: reload here
    }
    long started = System.nanoTime();
    String lease = lease(b, e.rendered);
    try {
      TagStamps stamps = tags == null ? null : tags.capture(args);
      if (stamps != null && b != null) {
        b.learnShared(stamps);
      }
      Object value = method.invoke(self, args);
      stats.refreshes.increment();
      stats.loadTimes.record(System.nanoTime() - started);
      boolean empty = isEmpty(value);
      Object kept = keep(site, value);
      if (kept != Site.UNCOPYABLE && gen == generation.get() && (stamps == null || stamps.current())
          && (!empty || nullTtlNanos > 0)) {
        long ttl = ttlFor(empty);
        long now = CoarseTicker.INSTANCE.read();
        boolean current = !l1 || putIfCurrent(key, new Entry(kept, now + Math.min(ttl, l1TtlNanos),
            refreshPoint(now, (long) (ttl * refreshFraction)), e.rendered, stamps), gen);
        if (current && b != null && e.rendered != null && lease != null && b.writable()) {
          b.write(site, e.rendered, value, TimeUnit.NANOSECONDS.toMillis(ttl), stats, stamps,
              lease);
        }
      }
    } catch (java.lang.reflect.InvocationTargetException failed) {
      stats.refreshFailures.increment(); // the method threw: the old value stays until its TTL
    } catch (Throwable t) {
      site.fault(t);
    } finally {
      if (lock != null) {
        b.unlock("refresh:" + e.rendered, lock);
      }
    }
  }

  /**
   * Drops an index mapping whose entry is gone. Runs after the removal (asynchronously), when
   * the same key may have been cached again: the mapping must then stay, or a later invalidation
   * from another JVM would not find the new entry.
   */
  private void unindex(String rendered, Object key) {
    if (!cache.asMap().containsKey(key)) {
      byRendered.remove(rendered, key);
      if (cache.asMap().containsKey(key)) {
        byRendered.putIfAbsent(rendered, key); // cached again meanwhile: keep it findable
      }
    }
  }

  /**
   * Caches {@code e} unless the rule was invalidated since {@code gen}. The check and the write
   * happen under the key's lock in the map, which an invalidation of the key also takes, and
   * invalidations bump the generation before they remove: a separate check-then-put would let an
   * invalidation land in between, find nothing, and leave the older value cached until its TTL.
   *
   * <p>The text index is written inside (so an invalidation by text that comes later finds the
   * key) and again after the entry exists (a removal listener of an earlier entry may have dropped
   * the mapping while the entry was not yet visible to it). A last check covers an invalidation
   * by text that ran in that gap. Returns whether the entry stayed.
   */
  private boolean putIfCurrent(Object key, Entry e, long gen) {
    boolean[] stored = {false};
    boolean indexed = byRendered != null && e.rendered != null && !ReceiverKey.qualified(key);
    cache.asMap().compute(key, (k, old) -> {
      if (indexed) {
        byRendered.put(e.rendered, k);
      }
      if (gen != generation.get()) {
        return old;
      }
      stored[0] = true;
      return e;
    });
    if (!stored[0]) {
      return false;
    }
    if (indexed) {
      byRendered.put(e.rendered, key);
    }
    if (gen != generation.get()) {
      cache.asMap().remove(key, e);
      return false;
    }
    return true;
  }

  private void put(Object key, Entry e) {
    cache.put(key, e);
    if (byRendered != null && e.rendered != null && !ReceiverKey.qualified(key)) {
      byRendered.put(e.rendered, key);
    }
  }

  /** Null and an empty Optional are the "empty" results {@code cache-nulls} governs. */
  static boolean isEmpty(Object value) {
    return value == null || (value instanceof Optional && ((Optional<?>) value).isEmpty());
  }

  long ttlFor(boolean empty) {
    long ttl = empty ? nullTtlNanos : ttlNanos;
    if (jitter > 0) {
      ttl -= (long) (ttl * jitter * ThreadLocalRandom.current().nextDouble());
    }
    return Math.max(ttl, 1);
  }

  /** What the cache keeps of a value: itself, or for copy-on-read its frozen form. */
  private Object keep(Site site, Object value) {
    return copyOnRead ? site.freeze(value) : value;
  }

  boolean indexed() {
    return byRendered != null;
  }

  /**
   * A put: {@code value} (the write method's result, already checked to fit this rule's method)
   * becomes the entry for the key rendered as {@code rendered} — in L1 at once, in L2, and in the
   * other JVMs, which drop their copy and read L2's. Loads in flight that started before it are
   * not written (their generation is stale), so an older value cannot overwrite it here.
   */
  void writeThrough(Site site, String rendered, Object value) {
    stats.puts.increment();
    generation.incrementAndGet();
    boolean empty = isEmpty(value);
    long ttl = ttlFor(empty);
    long now = CoarseTicker.INSTANCE.read();
    Object kept = keep(site, value);
    Entry e = new Entry(kept, now + Math.min(ttl, l1TtlNanos),
        refreshPoint(now, (long) (ttl * refreshFraction)), rendered,
        tags == null ? null : tags.unknownTags());
    dropQualified(null, rendered); // the write cannot say for which receiver its value is
    if (l1) {
      Object key = byRendered == null ? null : byRendered.get(rendered);
      if (kept == Site.UNCOPYABLE) {
        written.remove(rendered);
        if (key != null) {
          cache.invalidate(key); // not cached here; the old value must not stay either
        }
      } else {
        if (key != null) {
          put(key, e);
        } else {
          if (written.size() >= maxEntries) {
            written.clear(); // a bound, not a policy: those keys simply load on their next read
          }
          written.put(rendered, e);
        }
        forgetIfItFails(key != null ? key : rendered, e, value);
      }
    }
    L2Binding b = l2;
    if (b != null) {
      rememberLocalInvalidation(rendered); // a racing old load elsewhere may overwrite L2's copy
      if (tags != null) {
        // L2 values must carry their tags' versions, which a put cannot know: the old value is
        // deleted instead and the other JVMs load the new one
        b.tier.publishKey(b, rendered);
        return;
      }
      if (b.writable() && !(value instanceof java.util.concurrent.CompletionStage)) {
        b.write(site, rendered, value, TimeUnit.NANOSECONDS.toMillis(ttl), stats, null, null);
      }
      b.tier.publishKeyAfterPut(b, rendered);
    }
  }

  /**
   * An eviction of {@code tag} made here: the entries carrying it are stale at once (in L1, one
   * increment), in L2 (a new version of the tag in Redis) and in every JVM (the log).
   */
  void evictTag(String tag) {
    stats.invalidations.increment();
    tags.bump(tag);
    L2Binding b = l2;
    if (b != null) {
      b.tier.publishTag(b, tag, tags.version(tag), ttlNanos, nullTtlNanos);
    }
  }

  /** An eviction of {@code tag} made in another JVM (the log's reader thread). */
  void tagEvictedElsewhere(String tag) {
    stats.invalidations.increment();
    tags.bump(tag);
  }

  /** A gap in the log: tag versions learnt from Redis may be out of date. */
  void forgetSharedTags() {
    if (tags != null) {
      tags.forgetShared();
    }
  }

  RuleTags tags() {
    return tags;
  }

  /** Drops everything, here and (through the invalidation log) in every JVM and in L2. */
  void invalidateAll() {
    clearLocal();
    stats.invalidations.increment();
    L2Binding b = l2;
    if (b != null) {
      b.tier.publishAll(b);
    }
  }

  private void rememberLocalInvalidation(String rendered) {
    if (l2 == null) {
      return;
    }
    if (recentlyInvalidated.size() > 10_000) {
      recentlyInvalidated.clear(); // a bound, not a policy: the repeat still covers other JVMs
    }
    recentlyInvalidated.put(rendered, CoarseTicker.INSTANCE.read()
        + TimeUnit.MILLISECONDS.toNanos(2 * SharedTier.REPEAT_MILLIS));
  }

  /** Drops one key, here and (through the invalidation log) in every JVM and in L2. */
  void invalidate(Site site, Object key) {
    stats.invalidations.increment();
    generation.incrementAndGet();
    cache.invalidate(key);
    flights.remove(key); // later callers must not join a load that read the old data
    dropQualified(key, null);
    if (!written.isEmpty()) {
      written.remove(site.render(key));
    }
    L2Binding b = l2;
    if (b != null) {
      String rendered = site.render(key);
      rememberLocalInvalidation(rendered);
      b.tier.publishKey(b, rendered);
    }
  }

  /** This JVM's entries only; loads in flight still publish. */
  void dropLocalEntries() {
    cache.invalidateAll();
    written.clear();
  }

  /** This JVM's copy only (an invalidation made elsewhere, or a gap in the log). */
  void clearLocal() {
    generation.incrementAndGet();
    cache.invalidateAll();
    flights.clear();
    written.clear();
    if (byRendered != null) {
      byRendered.clear();
    }
  }

  /** An invalidation from another JVM, which knows the key only as text. */
  boolean invalidateRendered(String rendered) {
    stats.invalidations.increment();
    generation.incrementAndGet();
    written.remove(rendered);
    // in-flight loads are few (at most one per key being loaded): a scan is cheap
    flights.values().removeIf(f -> rendered.equals(f.rendered));
    Object key = byRendered == null ? null : byRendered.get(rendered);
    if (key != null) {
      cache.invalidate(key); // the removal listener drops the mapping
    }
    boolean qualified = dropQualified(null, rendered);
    return key != null || qualified;
  }

  /**
   * An operator's invalidation of one key given as text (JMX): here, and in L2 and every JVM
   * when the rule uses the shared tier. A rule without it keeps no text index, so its entries
   * are scanned (an operator action, not a hot path).
   */
  boolean invalidateRenderedEverywhere(String rendered,
      java.util.function.Predicate<Object> rendersAs) {
    rememberLocalInvalidation(rendered);
    boolean dropped;
    if (byRendered != null) {
      dropped = invalidateRendered(rendered);
    } else {
      generation.incrementAndGet();
      written.remove(rendered);
      flights.clear(); // their keys are not kept as text here
      dropped = cache.asMap().keySet().removeIf(rendersAs);
    }
    L2Binding b = l2;
    if (b != null) {
      b.tier.publishKey(b, rendered);
    }
    return dropped;
  }

  /**
   * A new TTL from JMX: entries written from now on live this long; those already cached keep
   * their deadlines. Caffeine's own expiry (the backstop that frees memory) is only ever widened:
   * narrowing it would cut the entries already written.
   */
  void setTtl(long nanos) {
    ttlNanos = nanos;
    cache.policy().expireAfterWrite().ifPresent(p -> {
      long longest = Math.max(Math.max(nanos, nullTtlNanos), p.getExpiresAfter(TimeUnit.NANOSECONDS));
      p.setExpiresAfter(longest, TimeUnit.NANOSECONDS);
    });
  }

  long ttlNanos() {
    return ttlNanos;
  }

  /** Exact after pending evictions are applied (they otherwise run in the background). */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
