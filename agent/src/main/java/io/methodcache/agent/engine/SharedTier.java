package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import io.methodcache.agent.config.RedisConfig;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.redis.Codecs;
import io.methodcache.agent.redis.InvalidationLog;
import io.methodcache.agent.redis.L2Client;
import io.methodcache.agent.redis.RedisSettings;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared (L2) tier as the engine sees it: one Lettuce client per topology, the codecs, and
 * the invalidation log through which every JVM's L1 learns of writes made anywhere. Started in
 * the background: nothing here ever waits for Redis at start-up.
 */
public final class SharedTier implements InvalidationLog.Listener {
  /** Format version of L2 keys; bump when the key layout or the envelope changes meaning. */
  static final String KEY_VERSION = "v1";

  final L2Client client;
  final Codecs codecs;
  /** Null unless {@code redis.signing-key} is set: then values are signed and verified. */
  final io.methodcache.agent.redis.ValueSigner signer;
  final String namespace;
  private final InvalidationLog log;
  private final Map<String, L2Binding> bindings = new ConcurrentHashMap<>();
  private final LongAdder l1ClearsAfterGap = new LongAdder();

  private SharedTier(RedisConfig redis, RulesConfig config) {
    RedisSettings.Builder b = RedisSettings.builder()
        .timeout(redis.timeout())
        .breaker(redis.breakerFailures(), redis.breakerOpenFor())
        .namespace(config.namespace())
        .streamMaxLength((int) Math.min(Integer.MAX_VALUE, redis.streamMaxLength()))
        .replayQueueBound(redis.replayQueue());
    if (redis.cluster()) {
      b.nodes(redis.uris());
    } else {
      b.uri(redis.uris().get(0));
    }
    if (redis.password() != null) {
      b.password(redis.password());
    }
    this.namespace = config.namespace();
    this.client = L2Client.start(b.build());
    this.codecs = Codecs.load(config.serialization(), ClassLoader.getSystemClassLoader());
    this.signer = redis.signingKey() == null ? null
        : new io.methodcache.agent.redis.ValueSigner(redis.signingKey(),
            redis.previousSigningKey());
    this.log = InvalidationLog.start(client, this);
  }

  /** Null when the rules file has no (valid) {@code redis:} section. */
  public static SharedTier startIfConfigured(RulesConfig config) {
    return config.redis() == null ? null : new SharedTier(config.redis(), config);
  }

  /**
   * L1 of L2-backed rules may serve: the reader has its position in the log (so this JVM hears of
   * every invalidation from now on), or Redis was unreachable at start (then L1 serves as in any
   * outage, and is cleared when the reader positions). Before that, a value in L1 may already
   * have been invalidated by another JVM, unheard: reads go to L2, which writers keep current.
   */
  private volatile boolean l1Trusted;

  void bind(L2Binding binding) {
    bindings.put(binding.rule, binding);
    binding.cache.serveL1(l1Trusted);
  }

  private void trustL1() {
    l1Trusted = true;
    for (L2Binding b : bindings.values()) {
      b.cache.serveL1(true);
    }
  }

  /**
   * Invalidations made here have not all reached Redis yet (after an outage, until replayed):
   * L2 may still hold values this JVM invalidated, so it reads none (read-your-writes).
   */
  boolean invalidationsPending() {
    return log.hasPending();
  }

  // ---- invalidations made here ----

  /**
   * Invalidates one key everywhere: DEL in L2, then the event to every JVM — and both once more
   * a moment later. A load that read the origin before the write but writes its (old) value to
   * L2 after the DEL would otherwise leave it there until its TTL (cache-aside's classic race;
   * the repeat bounds it to {@link #REPEAT_MILLIS}, except for loads slower than that).
   */
  void publishKey(L2Binding b, String rendered) {
    publishKeyOnce(b, rendered);
    REPEATS.schedule(() -> publishKeyOnce(b, rendered), REPEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void publishKeyOnce(L2Binding b, String rendered) {
    log.publish(InvalidationLog.Event.key(b.rule, rendered), l2 -> b.invalidate(l2, rendered));
  }

  /**
   * After a put wrote the key's new value to L2: the event tells every JVM to drop its copy (they
   * then read L2's). The repeat a moment later deletes L2's copy as {@link #publishKey} does: a
   * load that started elsewhere before the put may have overwritten it with the old value.
   */
  void publishKeyAfterPut(L2Binding b, String rendered) {
    log.publish(InvalidationLog.Event.key(b.rule, rendered));
    REPEATS.schedule(() -> publishKeyOnce(b, rendered), REPEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * An eviction of a tag: a new random version of it in Redis (so L2 values stamped with the old
   * one read as stale in every JVM), then the event (every JVM's L1). The version key outlives
   * every value that may carry its previous version; see {@link L2Binding#tagRetentionMillis}.
   */
  void publishTag(L2Binding b, String tag, TagVersion version, long ttlNanos, long nullTtlNanos) {
    long observed = version.local;
    long retention = L2Binding.tagRetentionMillis(Math.max(ttlNanos, nullTtlNanos));
    log.publish(InvalidationLog.Event.tag(b.rule, tag),
        l2 -> b.writeTagVersion(l2, tag, version, observed, retention));
  }

  /** How long after an invalidation it is repeated (see {@link #publishKey}). */
  static final long REPEAT_MILLIS = 1_000;
  private static final ScheduledExecutorService REPEATS =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "methodcache-invalidation-repeat");
        t.setDaemon(true);
        return t;
      });

  void publishAll(L2Binding b) {
    b.forgetGeneration();
    log.publish(InvalidationLog.Event.all(b.rule), l2 -> b.bumpGeneration(l2));
  }

  // ---- invalidations made elsewhere (the log's reader thread) ----

  @Override
  public void onEvent(InvalidationLog.Event event) {
    L2Binding b = bindings.get(event.rule());
    if (b == null) {
      return; // a rule this JVM does not have
    }
    switch (event.type()) {
      case KEY:
      case KEY_ECHO:
        // L2 first: once L1 drops the key, this JVM's next read must not find the old value there.
        if (b.invalidateUnderOwnGeneration(client, event.generation(), event.value())
            && event.type() == InvalidationLog.Type.KEY) {
          // The sender (and any JVM on its generation) may have read this generation's old value
          // before the delete above: tell every JVM to drop its L1 copy once more.
          log.publish(InvalidationLog.Event.keyEcho(b.rule, event.value()));
        }
        b.cache.invalidateRendered(event.value());
        break;
      case ALL:
        b.forgetGeneration();
        b.cache.clearLocal();
        break;
      case TAG:
        if (b.cache.tags() != null) {
          b.cache.tagEvictedElsewhere(event.value());
        }
        break;
      default:
        Log.debug("invalidation of type " + event.type() + " ignored by this version");
    }
  }

  @Override
  public long generationOf(String rule) {
    L2Binding b = bindings.get(rule);
    return b == null ? -1 : b.knownGeneration();
  }

  @Override
  public void onGap() {
    // Events may have been missed: nothing cached from L2 can be trusted any more.
    for (L2Binding b : bindings.values()) {
      b.forgetGeneration();
      b.cache.forgetSharedTags();
      b.cache.clearLocal();
    }
    trustL1(); // positioned now: every invalidation from here on is heard
    l1ClearsAfterGap.increment();
    Log.debug("invalidation log gap: L1 of every L2-backed rule cleared");
  }

  @Override
  public void onPositioned() {
    // Invalidations published while this JVM started, before its reader took a position in the
    // stream, are never delivered: drop what L1 loaded until now (it is in L2 if still valid).
    // Loads in flight are not cancelled: nothing says their values are stale, and cancelling
    // them would also cancel their L2 writes that other JVMs' stampede waiters are polling for.
    for (L2Binding b : bindings.values()) {
      b.cache.dropLocalEntries();
    }
    trustL1();
  }

  @Override
  public void onUnreachable() {
    trustL1(); // an outage at start: L1 serves, and is cleared once the reader positions
  }

  @Override
  public void onOverflow(Set<String> rules) {
    for (String rule : rules) {
      L2Binding b = bindings.get(rule);
      if (b != null) {
        publishAll(b);
      }
    }
  }

  // ---- figures ----

  public String status() { return client.status(); }
  /** The invalidation log's reader has its place in the stream and its last read succeeded. */
  public boolean invalidationLogLive() { return log.isLive(); }
  public String breakerState() { return client.breaker().state().name(); }
  public long invalidationsSent() { return log.sent(); }
  public long invalidationsReceived() { return log.received(); }
  public long l1ClearsAfterGap() { return l1ClearsAfterGap.sum(); }
}
