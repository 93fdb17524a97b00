package io.methodcache.agent.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.methodcache.agent.Log;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The shared L2 tier's connection: one Lettuce connection per topology, opened in the background.
 *
 * <p>Guarantees to callers: {@link #start} and every operation return at once while Redis is not
 * connected; no operation blocks longer than the configured timeout (plus scheduling noise);
 * nothing throws; while the circuit breaker is open every operation is skipped without touching
 * the network. Outcomes are counted for JMX, and an outage is summarised in one warning line when
 * L2 becomes unusable and one when it is back.
 *
 * <p>Blocking operations wait on the caller's thread; never call them from a Lettuce/Netty thread
 * (for example inside a completion callback of {@link #set}).
 */
public final class L2Client implements AutoCloseable {
  /** Compare-and-delete: a lock is released only by the holder of its token. */
  static final String UNLOCK_SCRIPT =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
  /** SHA-1 of UNLOCK_SCRIPT (a constant: computing it would load the security providers at start-up). */
  static final String UNLOCK_SHA = "e9f69f2beb755be68b5e456ee2ce9aadfbc4ebf4";

  private final RedisSettings settings;
  private final String where;
  private final long timeoutNanos;
  private final CircuitBreaker breaker;
  private final Thread connector;
  private final long startedNanos = System.nanoTime();

  private volatile boolean closed;
  private volatile LettuceTopology topology;
  private volatile StatefulConnection<String, byte[]> connection;
  private volatile RedisClusterAsyncCommands<String, byte[]> commands;
  private volatile String lastError;
  private volatile String misconfigured;
  /** Epoch millis since when the connection is down (0 = up or never connected). */
  private volatile long disconnectedSince;
  /** True while an "unreachable" warning is printed and its "reachable again" is owed. */
  private final AtomicBoolean reportedDown = new AtomicBoolean();
  private volatile long reportedDownAtNanos;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder writeFailures = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();

  private L2Client(RedisSettings settings) {
    this.settings = settings;
    this.where = settings.cluster() ? "cluster " + settings.redactedUris() : settings.redactedUris().get(0);
    this.timeoutNanos = settings.timeout().toNanos();
    this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor(),
        System::nanoTime, new CircuitBreaker.Listener() {
          @Override public void onOpen() {
            reportDown("unreachable (" + lastErrorOr("failures") + ")");
          }

          @Override public void onClose(long openNanos) {
            reportUp();
            releaseUnreleased();
          }
        });
    this.connector = new Thread(this::connectLoop, "methodcache-redis-connect");
    this.connector.setDaemon(true);
  }

  /**
   * Creates the client and starts connecting in the background; returns at once and never throws
   * for an unreachable Redis (settings are validated when built). The background thread installs
   * {@link QuietLogging} before it initialises any Lettuce, Netty or Reactor class (nothing in
   * this package initialises one on an application thread), which also keeps that class loading,
   * about 100 ms on a cold JVM, off the caller's thread.
   */
  public static L2Client start(RedisSettings settings) {
    L2Client client = new L2Client(settings);
    client.connector.start();
    return client;
  }

  /** The bound of one command, {@code redis.timeout}: also the bound of decoding its reply. */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  // ---------------------------------------------------------------- operations

  /** GET: HIT with the bytes, MISS, or why L2 could not answer. */
  public L2Result get(String key) {
    Reply<byte[]> r = call(c -> c.get(key));
    if (!r.ok) {
      return L2Result.failed(r.failure);
    }
    if (r.value == null) {
      misses.increment();
      return L2Result.MISS;
    }
    hits.increment();
    return L2Result.hit(r.value);
  }

  /**
   * SET with PX ttl (ttlMillis <= 0: no expiry), fire and forget: returns at once; the stage
   * completes with true when Redis stored it, false when skipped or failed (failures counted).
   * It completes on a Netty thread: never chain blocking work on it without an executor.
   */
  public CompletionStage<Boolean> set(String key, byte[] value, long ttlMillis) {
    RedisClusterAsyncCommands<String, byte[]> c = admit();
    if (c == null) {
      return CompletableFuture.completedFuture(false);
    }
    writes.increment();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    try {
      CompletionStage<String> f = ttlMillis > 0 ? c.set(key, value, SetArgs.Builder.px(ttlMillis))
          : c.set(key, value);
      // Runs on a Netty thread: counters and the breaker only, nothing blocking.
      f.whenComplete((ok, e) -> {
        if (e == null) {
          breaker.onSuccess();
          done.complete(true);
        } else {
          writeFailures.increment();
          failed(e);
          done.complete(false);
        }
      });
    } catch (RuntimeException e) {
      writeFailures.increment();
      failed(e);
      done.complete(false);
    }
    return done;
  }

  /**
   * A leased fill: SET key value PX ttl only if the key's invalidation marker still holds the
   * value it had when the load began ({@code lease}; empty when there was none). An invalidation
   * changes the marker first, so a load that read the origin before a write can never store its
   * old value after it, however slow it was (leases, as in memcache; checked atomically here).
   */
  static final String FILL_SCRIPT = "local m = redis.call('get', KEYS[2]) if (m == false and ARGV[1] == '') or m == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'px', ARGV[3]) return 1 end return 0";
  /** SHA-1 of FILL_SCRIPT. */
  static final String FILL_SHA = "11a152f58835affc095b069c545fa7d6712fcecf";

  /**
   * Asynchronous leased fill (see {@link #FILL_SCRIPT}); completes with 1 when Redis stored the
   * value, 0 when the lease was void (an invalidation came first: the value is dropped), -1 when
   * Redis did not answer.
   */
  public CompletionStage<Long> fill(String key, String markerKey, String lease, byte[] value,
      long ttlMillis) {
    RedisClusterAsyncCommands<String, byte[]> c = admit();
    if (c == null) {
      return CompletableFuture.completedFuture(-1L);
    }
    writes.increment();
    CompletableFuture<Long> done = new CompletableFuture<>();
    String[] keys = {key, markerKey};
    byte[][] args = {lease.getBytes(StandardCharsets.UTF_8), value,
        Long.toString(Math.max(1, ttlMillis)).getBytes(StandardCharsets.US_ASCII)};
    try {
      c.<Long>evalsha(FILL_SHA, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
          .handle((v, e) -> {
            if (e != null && (unwrap(e) instanceof RedisNoScriptException
                || String.valueOf(unwrap(e).getMessage()).startsWith("NOSCRIPT"))) {
              return c.<Long>eval(FILL_SCRIPT, ScriptOutputType.INTEGER, keys, args)
                  .toCompletableFuture();
            }
            CompletableFuture<Long> same = new CompletableFuture<>();
            if (e == null) {
              same.complete(v);
            } else {
              same.completeExceptionally(e);
            }
            return same;
          }).thenCompose(Function.identity())
          .whenComplete((stored, e) -> { // a Netty thread: counters and the breaker only
            if (e == null) {
              breaker.onSuccess();
              done.complete(stored != null && stored == 1L ? 1L : 0L);
            } else {
              writeFailures.increment();
              failed(e);
              done.complete(-1L);
            }
          });
    } catch (RuntimeException e) {
      writeFailures.increment();
      failed(e);
      done.complete(-1L);
    }
    return done;
  }

  /**
   * GET of a value and its invalidation marker in one command (MGET; the marker shares the key's
   * cluster slot, {@link #sameSlot}): a miss knows its lease without another round trip.
   */
  public L2Result getWithMarker(String key, String markerKey) {
    Reply<java.util.List<io.lettuce.core.KeyValue<String, byte[]>>> r =
        call(c -> c.mget(key, markerKey));
    if (!r.ok || r.value == null || r.value.size() != 2) {
      return L2Result.failed(r.ok ? L2Result.Outcome.ERROR : r.failure);
    }
    byte[] value = r.value.get(0).getValueOrElse(null);
    byte[] marker = r.value.get(1).getValueOrElse(null);
    if (value == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return L2Result.withMarker(value, marker == null ? "" : new String(marker, StandardCharsets.UTF_8));
  }

  /**
   * The value of an invalidation marker ({@link #fill}'s lease): "" when there is none, null
   * when Redis could not answer (then nothing may be filled).
   */
  public String marker(String markerKey) {
    Reply<byte[]> r = call(c -> c.get(markerKey));
    if (!r.ok) {
      return null;
    }
    return r.value == null ? "" : new String(r.value, StandardCharsets.UTF_8);
  }

  /**
   * Invalidates a key against fills in flight: a new random marker first (voiding every lease
   * taken before), then DEL of the value; bounded, true when Redis confirmed both.
   */
  public boolean invalidate(String key, String markerKey, long markerTtlMillis) {
    byte[] marker = newToken().getBytes(StandardCharsets.UTF_8);
    return call(c -> c.set(markerKey, marker, SetArgs.Builder.px(Math.max(1, markerTtlMillis)))
        .thenCompose(ignored -> c.del(key))).ok;
  }

  /**
   * A put's write: a new marker (so no load that began before it can overwrite it), then the
   * value; asynchronous, completes true when Redis stored both.
   */
  public CompletionStage<Boolean> replace(String key, String markerKey, long markerTtlMillis,
      byte[] value, long ttlMillis) {
    RedisClusterAsyncCommands<String, byte[]> c = admit();
    if (c == null) {
      return CompletableFuture.completedFuture(false);
    }
    writes.increment();
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    byte[] marker = newToken().getBytes(StandardCharsets.UTF_8);
    try {
      c.set(markerKey, marker, SetArgs.Builder.px(Math.max(1, markerTtlMillis)))
          .thenCompose(ignored -> c.set(key, value, SetArgs.Builder.px(Math.max(1, ttlMillis))))
          .whenComplete((ok, e) -> {
            if (e == null) {
              breaker.onSuccess();
              done.complete(true);
            } else {
              writeFailures.increment();
              failed(e);
              done.complete(false);
            }
          });
    } catch (RuntimeException e) {
      writeFailures.increment();
      failed(e);
      done.complete(false);
    }
    return done;
  }

  /**
   * A key in the same Redis Cluster slot as {@code key}, for a Lua script that touches both: its
   * hash tag if it has one (Redis hashes only the first {…}), else the whole key as the tag.
   */
  public static String sameSlot(String key, String suffix) {
    int open = key.indexOf('{');
    if (open >= 0) {
      int close = key.indexOf('}', open + 1);
      if (close > open + 1) {
        return key + suffix; // the same tag decides the slot
      }
    }
    return "{" + key + "}" + suffix;
  }

  /** SET with PX ttl, waiting for Redis (bounded by the timeout); true when it stored it. */
  public boolean setNow(String key, byte[] value, long ttlMillis) {
    return call(c -> c.set(key, value, SetArgs.Builder.px(Math.max(1, ttlMillis)))).ok;
  }

  /** DEL of any number of keys (any slots in a cluster); true when Redis confirmed it. */
  public boolean delete(String... keys) {
    if (keys.length == 0) {
      return true;
    }
    return call(c -> c.del(keys)).ok;
  }

  /**
   * The number stored at {@code key}, first set to {@code fresh} if the key is absent (SET NX,
   * then GET, in one bounded call): every JVM that finds it missing — at first use, or after a
   * flush or an eviction lost it — ends up with the same value. Empty when L2 could not answer
   * or the key does not hold a number.
   */
  public OptionalLong numberOrSet(String key, long fresh) {
    byte[] value = Long.toString(fresh).getBytes(StandardCharsets.US_ASCII);
    Reply<byte[]> r = call(c -> c.set(key, value, SetArgs.Builder.nx())
        .thenCompose(ignored -> c.get(key)));
    if (!r.ok || r.value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(new String(r.value, StandardCharsets.US_ASCII)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** SET of a number, bounded; true when Redis has it. */
  public boolean setNumber(String key, long value) {
    byte[] bytes = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    return call(c -> c.set(key, bytes)).ok;
  }

  /** INCR (generation counters): the new value, or empty when L2 could not answer. */
  public OptionalLong incr(String key) {
    Reply<Long> r = call(c -> c.incr(key));
    return r.ok && r.value != null ? OptionalLong.of(r.value) : OptionalLong.empty();
  }

  /**
   * GET of a counter written by {@link #incr}: its value, 0 when absent, empty when L2 could not
   * answer or the key does not hold a number.
   */
  public OptionalLong counter(String key) {
    Reply<byte[]> r = call(c -> c.get(key));
    if (!r.ok) {
      return OptionalLong.empty();
    }
    if (r.value == null) {
      return OptionalLong.of(0);
    }
    try {
      return OptionalLong.of(Long.parseLong(new String(r.value, StandardCharsets.US_ASCII)));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * SET key token NX PX ttl. HIT = acquired (value = the token's bytes), MISS = held by someone
   * else, ERROR/TIMEOUT/SKIPPED = L2 unusable (the caller should load by itself).
   */
  public L2Result lock(String key, long ttlMillis) {
    byte[] token = newToken().getBytes(StandardCharsets.US_ASCII);
    Reply<String> r = call(c -> c.set(key, token, SetArgs.Builder.nx().px(Math.max(1, ttlMillis))));
    if (!r.ok) {
      if (r.failure != L2Result.Outcome.SKIPPED) {
        // The SET was sent but not answered in time: a paused Redis runs it when it resumes,
        // taking a lock nobody holds. A compare-and-delete sent now follows it on the same
        // connection, so Redis runs it right after, whenever that is.
        releaseLater(key, new String(token, StandardCharsets.US_ASCII));
      }
      return L2Result.failed(r.failure);
    }
    return r.value != null ? L2Result.hit(token) : L2Result.MISS;
  }

  /** Sends {@link #unlock}'s compare-and-delete without waiting for it; nothing to count. */
  private void releaseLater(String key, String token) {
    RedisClusterAsyncCommands<String, byte[]> c = commands;
    if (closed || c == null) {
      return;
    }
    try {
      String[] keys = {key};
      byte[] arg = token.getBytes(StandardCharsets.US_ASCII);
      c.<Long>eval(UNLOCK_SCRIPT, ScriptOutputType.INTEGER, keys, arg);
    } catch (RuntimeException e) {
      // the connection is gone: so is the SET it would have followed
    }
  }

  /** The lock's token when acquired, null when not (held elsewhere or L2 unusable; see {@link #lock}). */
  public String tryLock(String key, long ttlMillis) {
    L2Result r = lock(key, ttlMillis);
    return r.isHit() ? new String(r.value(), StandardCharsets.US_ASCII) : null;
  }

  /**
   * Deletes the lock only if it still holds this token (a lock that expired and was taken by
   * another holder is left alone). EVALSHA, falling back to EVAL when the server does not know the
   * script (first use, restart, SCRIPT FLUSH). True when this call released it.
   */
  public boolean unlock(String key, String token) {
    String[] keys = {key};
    byte[] arg = token.getBytes(StandardCharsets.US_ASCII);
    Reply<Long> r = call(c -> {
      CompletableFuture<Long> sha =
          c.<Long>evalsha(UNLOCK_SHA, ScriptOutputType.INTEGER, keys, arg).toCompletableFuture();
      return sha.handle((v, e) -> {
        if (e == null) {
          return CompletableFuture.completedFuture(v);
        }
        if (unwrap(e) instanceof RedisNoScriptException || String.valueOf(unwrap(e).getMessage()).startsWith("NOSCRIPT")) {
          return c.<Long>eval(UNLOCK_SCRIPT, ScriptOutputType.INTEGER, keys, arg).toCompletableFuture();
        }
        CompletableFuture<Long> failed = new CompletableFuture<>();
        failed.completeExceptionally(e);
        return failed;
      }).thenCompose(Function.identity());
    });
    if (!r.ok) {
      // Not released: every other JVM would wait on it until it expires. Sent on, or when the
      // connection is back if it is down now (compare-and-delete: harmless if it expired).
      if (r.failure == L2Result.Outcome.SKIPPED) {
        if (unreleased.size() < 1_000) {
          unreleased.add(new String[] {key, token});
        }
      } else {
        releaseLater(key, token);
      }
    }
    return r.ok && r.value != null && r.value == 1L;
  }

  /** Locks whose release could not even be sent: released once Redis answers again. */
  private final java.util.concurrent.ConcurrentLinkedQueue<String[]> unreleased =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private void releaseUnreleased() {
    if (commands == null) {
      return; // not connected yet: the next connection event sends them
    }
    for (String[] lock; (lock = unreleased.poll()) != null; ) {
      releaseLater(lock[0], lock[1]);
    }
  }

  // ---------------------------------------------------------------- state

  /** Connected now (the connection's channel is active). */
  public boolean isConnected() {
    StatefulConnection<String, byte[]> c = connection;
    return !closed && c != null && c.isOpen();
  }

  /** Connected and the breaker would let a call through now. */
  public boolean isUsable() {
    return isConnected() && breaker.wouldAllow();
  }

  /** One line for JMX: connecting / connected / down since … / breaker open since …. */
  public String status() {
    if (closed) {
      return "closed";
    }
    if (misconfigured != null) {
      return "misconfigured: " + misconfigured;
    }
    StatefulConnection<String, byte[]> c = connection;
    if (c == null) {
      return "connecting to " + where + (lastError == null ? "" : " (last attempt: " + lastError + ")");
    }
    if (breaker.state() != CircuitBreaker.State.CLOSED) {
      long ms = breaker.openForSoFarNanos() / 1_000_000;
      return "breaker " + breaker.state().name().toLowerCase(Locale.ROOT) + " since "
          + Instant.ofEpochMilli(System.currentTimeMillis() - ms) + " (" + lastErrorOr("failures")
          + "), L2 skipped";
    }
    long down = disconnectedSince;
    if (!c.isOpen()) {
      return "down since " + (down == 0 ? "?" : Instant.ofEpochMilli(down).toString())
          + ", reconnecting to " + where;
    }
    return "connected to " + where;
  }

  public CircuitBreaker breaker() { return breaker; }
  public RedisSettings settings() { return settings; }
  public long hits() { return hits.sum(); }
  public long misses() { return misses.sum(); }
  /** Operations that failed with an error (connection lost, error reply, rejected). */
  public long errors() { return errors.sum(); }
  public long timeouts() { return timeouts.sum(); }
  /** Operations not attempted: not connected yet, or breaker open. */
  public long skipped() { return skipped.sum(); }
  public long writes() { return writes.sum(); }
  public long writeFailures() { return writeFailures.sum(); }
  /** Failed initial connect attempts (Redis absent or refusing at start). */
  public long connectFailures() { return connectFailures.sum(); }
  public String lastError() { return lastError; }

  /** Closes the connection and stops every thread of this client; bounded (about 2 s at most). */
  @Override
  public void close() {
    LettuceTopology t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      t = topology;
    }
    connector.interrupt();
    try {
      connector.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t != null) {
      t.shutdown(); // closes the data connection and any dedicated one (invalidation log) too
    }
  }

  // ---------------------------------------------------------------- internals shared with the log

  /** Result of one bounded call: ok with a value (possibly null), or the failure outcome. */
  static final class Reply<T> {
    final boolean ok;
    final T value;
    final L2Result.Outcome failure;

    private Reply(boolean ok, T value, L2Result.Outcome failure) {
      this.ok = ok;
      this.value = value;
      this.failure = failure;
    }

    static <T> Reply<T> ok(T value) { return new Reply<>(true, value, null); }
    static <T> Reply<T> failed(L2Result.Outcome why) { return new Reply<>(false, null, why); }
  }

  /**
   * Runs one command (or a short chain) bounded by the timeout, recording the outcome in the
   * breaker and the counters. Never throws.
   */
  <T> Reply<T> call(Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
    long deadline = System.nanoTime() + timeoutNanos;
    RedisClusterAsyncCommands<String, byte[]> c = admit();
    if (c == null) {
      return Reply.failed(L2Result.Outcome.SKIPPED);
    }
    CompletableFuture<T> f = null;
    try {
      f = command.apply(c).toCompletableFuture();
      T value = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      breaker.onSuccess();
      return Reply.ok(value);
    } catch (TimeoutException e) {
      f.cancel(false);
      timeouts.increment();
      lastError = "timeout after " + settings.timeout().toMillis() + " ms";
      breaker.onFailure();
      return Reply.failed(L2Result.Outcome.TIMEOUT);
    } catch (InterruptedException e) {
      // The caller's thread was interrupted: not Redis's fault, so the breaker is not told.
      Thread.currentThread().interrupt();
      if (f != null) {
        f.cancel(false);
      }
      errors.increment();
      return Reply.failed(L2Result.Outcome.ERROR);
    } catch (ExecutionException | RuntimeException e) {
      return Reply.failed(failed(e));
    }
  }

  /**
   * The commands to use, or null when the call must be skipped (not connected, breaker open,
   * closed). Skipping because the connection dropped counts as a breaker failure, so an outage
   * opens the breaker and shows in the status even when it costs the callers nothing.
   */
  private RedisClusterAsyncCommands<String, byte[]> admit() {
    RedisClusterAsyncCommands<String, byte[]> c = commands;
    StatefulConnection<String, byte[]> open = connection;
    if (closed || c == null || open == null) {
      skipped.increment();
      return null;
    }
    if (!breaker.tryAcquire()) {
      skipped.increment();
      return null;
    }
    if (!open.isOpen()) {
      lastError = "disconnected";
      breaker.onFailure();
      skipped.increment();
      return null;
    }
    return c;
  }

  /** Counts a failed command and tells the breaker; returns TIMEOUT or ERROR. */
  private L2Result.Outcome failed(Throwable e) {
    Throwable cause = unwrap(e);
    breaker.onFailure();
    if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
      timeouts.increment();
      lastError = "timeout after " + settings.timeout().toMillis() + " ms";
      return L2Result.Outcome.TIMEOUT;
    }
    errors.increment();
    lastError = describe(cause);
    return L2Result.Outcome.ERROR;
  }

  /** A dedicated connection on the same client (the invalidation log's blocking reader). */
  CompletableFuture<StatefulConnection<String, byte[]>> openConnection() {
    LettuceTopology t = topology;
    if (closed || t == null) {
      CompletableFuture<StatefulConnection<String, byte[]>> f = new CompletableFuture<>();
      f.completeExceptionally(new IllegalStateException(closed ? "closed" : "not started"));
      return f;
    }
    return t.connect();
  }

  boolean isClosed() { return closed; }

  String where() { return where; }

  // ---------------------------------------------------------------- connecting

  private void connectLoop() {
    QuietLogging.install(); // first: nothing of Netty/Reactor/Lettuce may initialise before it
    long delayMs = 50;
    long maxDelayMs = settings.reconnectMaxDelay().toMillis();
    while (!closed) {
      CompletableFuture<StatefulConnection<String, byte[]>> f = null;
      try {
        LettuceTopology t = topology;
        if (t == null) {
          t = LettuceTopology.create(settings);
          t.addListener(new StateListener());
          synchronized (this) {
            if (closed) {
              t.shutdown();
              return;
            }
            topology = t;
          }
        }
        f = t.connect();
        StatefulConnection<String, byte[]> c =
            f.get(settings.connectTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
        synchronized (this) {
          if (closed) {
            c.closeAsync();
            return;
          }
          // commands first: isConnected() reads connection, and a caller that sees it connected
          // must find the commands too (else its first calls are skipped as "not connected").
          commands = LettuceTopology.commands(c);
          connection = c;
        }
        lastError = null;
        Log.debug("redis: connected to " + where + " after "
            + (System.nanoTime() - startedNanos) / 1_000_000 + " ms");
        reportUp();
        return;
      } catch (InterruptedException e) {
        return; // close()
      } catch (IllegalArgumentException e) {
        // A URI Lettuce refuses (validated syntax, but e.g. a bad Sentinel form): retrying is useless.
        misconfigured = describe(e);
        Log.warn("L2 disabled, redis settings refused: " + misconfigured);
        return;
      } catch (Exception e) {
        if (f != null) {
          // A connect that completes after we gave up must not leak a connection.
          f.thenAccept(StatefulConnection::closeAsync);
        }
        connectFailures.increment();
        lastError = tlsHint(describe(unwrap(e)), unwrap(e));
        reportDown("not reachable (" + lastError + "); connecting in the background");
      }
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        return;
      }
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }

  /** Connection events of every connection of this client (data and invalidation reader). */
  private final class StateListener implements RedisConnectionStateListener {
    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
      disconnectedSince = 0;
      breaker.probeNow(); // no need to wait out open-for: the next call checks Redis at once
      releaseUnreleased();
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
      if (disconnectedSince == 0) {
        disconnectedSince = System.currentTimeMillis();
      }
    }
  }

  /**
   * The invalidation log's reader could not read for a while: an outage, reported like one even
   * when no application call touches L2 (a JVM serving everything from L1 would stay silent).
   */
  void readerDown(String what) {
    reportDown("unreachable (" + what + ")");
  }

  /** The reader reads again; "reachable" is said only if the data connection agrees. */
  void readerUp() {
    if (reportedDown.get() && isUsable()) {
      reportUp();
    }
  }

  private void reportDown(String what) {
    if (reportedDown.compareAndSet(false, true)) {
      reportedDownAtNanos = System.nanoTime();
      Log.warn("L2 " + where + " " + what + "; cached methods use L1 and their bodies until it is back");
    }
  }

  private void reportUp() {
    if (reportedDown.compareAndSet(true, false)) {
      long ms = (System.nanoTime() - reportedDownAtNanos) / 1_000_000;
      Log.warn("L2 " + where + " reachable again after "
          + (ms < 1_000 ? ms + " ms" : (ms / 1000) + "." + (ms % 1000 / 100) + " s"));
    }
  }

  /**
   * A TLS handshake with a plain-text port gets no answer it understands and simply times out
   * ("Connection initialization timed out"), which says nothing of the cause: name it.
   */
  private String tlsHint(String error, Throwable cause) {
    boolean tls = settings.redactedUris().stream().anyMatch(u -> u.startsWith("rediss"));
    boolean handshake = cause instanceof javax.net.ssl.SSLException
        || error.toLowerCase(Locale.ROOT).contains("timed out");
    return tls && handshake ? error + "; the URI asks for TLS (rediss://): check that the server"
        + " speaks TLS on that port, or use redis:// for a plain one" : error;
  }

  private String lastErrorOr(String fallback) {
    String e = lastError;
    return e == null ? fallback : e;
  }

  // ---------------------------------------------------------------- helpers

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Short cause text for status and log lines: the deepest cause's message. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    return msg == null || msg.isEmpty() ? t.getClass().getSimpleName() : msg;
  }

  private static String newToken() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
  }
}
