package io.methodcache.agent.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.methodcache.agent.Log;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cross-JVM invalidation that cannot silently lose messages: a Redis Stream per namespace
 * ({@code <namespace>:invalidations}) instead of fire-and-forget pub/sub.
 *
 * <ul>
 *   <li>{@link #publish} appends {@code sender type rule value} (keys and tags, never values) with
 *       {@code XADD … MAXLEN ~ N}.</li>
 *   <li>A daemon reader thread on its own connection runs {@code XREAD BLOCK 1000} from the last id
 *       it saw and hands events of other senders to the {@link Listener}. It starts at the
 *       stream's current end.</li>
 *   <li>Before each read it checks that the entry it saw last still exists (we never XDEL, and
 *       trimming removes oldest first, so if it is there nothing after it was lost). If it is
 *       gone — trimmed while this JVM lagged, or the stream was lost with a Redis restart — or a
 *       reconnect happened while it had no entry to check against, that is a <b>gap</b>:
 *       {@link Listener#onGap()} (the engine clears L1 of every L2-backed rule).</li>
 *   <li>While Redis is unusable, publishes are queued (bounded) and replayed in order by the
 *       reader thread once it is back. On overflow the queue is dropped and, on recovery,
 *       {@link Listener#onOverflow} gets the affected rules (the engine bumps their generations).</li>
 * </ul>
 */
public final class InvalidationLog implements AutoCloseable {
  /** Random per JVM: readers skip their own events. */
  public static final String JVM_SENDER_ID = newSenderId();

  static final long BLOCK_MILLIS = 1_000;
  private static final int READ_COUNT = 512;
  private static final String NO_ID = "0-0";

  public enum Type {
    KEY, ALL, TAG,
    /**
     * A key event sent again by a JVM that, on receiving it, deleted the key under its own
     * generation because the sender's differed ({@link Listener#generationOf}): a JVM may have
     * read the old value from L2 between the two deletions, so every JVM drops its L1 copy once
     * more. Handled as {@link #KEY}, but never echoed again.
     */
    KEY_ECHO,
    /**
     * Written by a reader that finds the stream empty when it takes its position, so that it has
     * an entry to check against: a stream deleted later (FLUSHALL, DEL) is then a gap it sees.
     * Carries no invalidation.
     */
    HELLO;

    String wire() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    static Type parse(String s) {
      switch (s) {
        case "key": return KEY;
        case "all": return ALL;
        case "tag": return TAG;
        case "key-echo": return KEY_ECHO;
        case "hello": return HELLO;
        default: return null;
      }
    }
  }

  /** One invalidation: which rule, and which key or tag of it (empty for ALL). Never a value. */
  public static final class Event {
    private final String sender;
    private final Type type;
    private final String rule;
    private final String value;
    private final long generation;

    public Event(String sender, Type type, String rule, String value) {
      this(sender, type, rule, value, -1);
    }

    public Event(String sender, Type type, String rule, String value, long generation) {
      this.sender = sender;
      this.type = Objects.requireNonNull(type, "type");
      this.rule = Objects.requireNonNull(rule, "rule");
      this.value = value == null ? "" : value;
      this.generation = generation < 0 ? -1 : generation;
    }

    /** One key of a rule (the rendered cache key, as the engine names it). */
    public static Event key(String rule, String key) { return new Event(null, Type.KEY, rule, key); }

    /** Every entry of a rule (published after its generation was bumped). */
    public static Event all(String rule) { return new Event(null, Type.ALL, rule, ""); }

    public static Event tag(String rule, String tag) { return new Event(null, Type.TAG, rule, tag); }

    /** See {@link Type#KEY_ECHO}. */
    public static Event keyEcho(String rule, String key) {
      return new Event(null, Type.KEY_ECHO, rule, key);
    }

    /** Who published it; null on an event not yet published. */
    public String sender() { return sender; }
    public Type type() { return type; }
    public String rule() { return rule; }
    public String value() { return value; }

    /**
     * On a key event: the rule's generation under which the sender deleted the key in L2, as the
     * sender knew it ({@link Listener#generationOf}); -1 when not sent or not known.
     */
    public long generation() { return generation; }

    Event withSender(String s) {
      return Objects.equals(s, sender) ? this : new Event(s, type, rule, value, generation);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Event)) {
        return false;
      }
      Event e = (Event) o;
      return Objects.equals(sender, e.sender) && type == e.type && rule.equals(e.rule)
          && value.equals(e.value) && generation == e.generation;
    }

    @Override
    public int hashCode() { return Objects.hash(sender, type, rule, value, generation); }

    @Override
    public String toString() { return type.wire() + " " + rule + " " + value + " from " + sender; }
  }

  /** Called on the reader thread, one call at a time; exceptions are caught and counted. */
  public interface Listener {
    /** An event from another JVM. */
    void onEvent(Event event);

    /** Events may have been missed: treat every L2-backed entry of L1 as stale. */
    void onGap();

    /**
     * The reader has taken its first position in the stream. Events published before it (while
     * this JVM was starting) are not delivered, so what L1 loaded until now must be dropped.
     */
    default void onPositioned() {}

    /**
     * Redis could not be reached before the reader took its position: this JVM runs as in any
     * outage (L1 serves), and {@link #onGap} follows once it is positioned.
     */
    default void onUnreachable() {}

    /**
     * Redis is usable again after the replay queue overflowed: the dropped invalidations concerned
     * these rules (bump their generations, e.g. by publishing {@link Event#all} with a bump
     * {@link Effect}).
     */
    void onOverflow(Set<String> rules);

    /**
     * The generation under which this JVM's invalidations of {@code rule} take effect in L2, sent
     * with each key event (-1: none). A receiver whose generation differs deletes the key under
     * its own as well: after a {@code FLUSHALL} erased the generation key, JVMs that have not yet
     * noticed keep deleting under the erased one while others already fill under a new one.
     */
    default long generationOf(String rule) {
      return -1;
    }
  }

  /**
   * L2 work that must happen before an event is announced (e.g. DEL of the L2 key, INCR of a
   * generation). It runs in {@link #publish} when L2 is usable, otherwise it is queued with the
   * event and run again, before the event, on replay — so an invalidation issued during an outage
   * also removes the L2 copy once Redis is back. Must be idempotent enough to run twice; return
   * true when done (false keeps it queued).
   */
  @FunctionalInterface
  public interface Effect {
    boolean apply(L2Client l2);
  }

  private static final class Pending {
    final Event event;
    Effect effect; // null once done (reader thread only)

    Pending(Event event, Effect effect) {
      this.event = event;
      this.effect = effect;
    }
  }

  private final L2Client l2;
  private final Listener listener;
  private final String senderId;
  private final String streamKey;
  private final int maxLength;
  private final int queueBound;
  private final Thread reader;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by lock
  private boolean overflowed;                                   // guarded by lock
  private boolean overflowReported;                             // guarded by lock; once an outage
  private Set<String> overflowRules = new HashSet<>();          // guarded by lock

  private volatile boolean closed;
  private volatile StatefulConnection<String, byte[]> readerConnection;
  private volatile String lastId;
  private volatile boolean live;

  private final LongAdder sent = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder queuedTotal = new LongAdder();
  private final LongAdder replayed = new LongAdder();
  private final LongAdder overflows = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder listenerErrors = new LongAdder();

  private InvalidationLog(L2Client l2, Listener listener, String senderId) {
    this.l2 = l2;
    this.listener = listener;
    this.senderId = senderId;
    this.streamKey = l2.settings().namespace() + ":invalidations";
    this.maxLength = l2.settings().streamMaxLength();
    this.queueBound = l2.settings().replayQueueBound();
    this.reader = new Thread(this::readLoop, "methodcache-redis-invalidations");
    this.reader.setDaemon(true);
  }

  /** Starts the reader thread (returns at once) with this JVM's sender id. */
  public static InvalidationLog start(L2Client l2, Listener listener) {
    return start(l2, listener, JVM_SENDER_ID);
  }

  /** As {@link #start(L2Client, Listener)} with an explicit sender id (tests: two "JVMs" in one). */
  public static InvalidationLog start(L2Client l2, Listener listener, String senderId) {
    InvalidationLog log = new InvalidationLog(l2, Objects.requireNonNull(listener, "listener"),
        Objects.requireNonNull(senderId, "senderId"));
    log.reader.start();
    return log;
  }

  // ---------------------------------------------------------------- publishing

  public void publish(Event event) {
    publish(event, null);
  }

  /**
   * Runs the effect (if any) and appends the event; while L2 is unusable both are queued. Blocks
   * at most about two L2 timeouts (effect and XADD); never throws.
   */
  public void publish(Event event, Effect effect) {
    Event stamped = event.withSender(senderId);
    boolean usable = l2.isUsable();
    boolean effectDone = effect == null || (usable && apply(effect));
    boolean queueEmpty;
    synchronized (lock) {
      if (overflowed) {
        overflowRules.add(stamped.rule()); // covered by the generation bump on recovery
        return;
      }
      queueEmpty = queue.isEmpty();
    }
    // Behind queued events this one waits its turn, so the stream keeps publication order.
    if (queueEmpty && usable && effectDone && append(stamped)) {
      return;
    }
    enqueue(new Pending(stamped, effectDone ? null : effect));
  }

  private boolean apply(Effect effect) {
    try {
      return effect.apply(l2);
    } catch (RuntimeException e) {
      Log.debug("redis: invalidation effect failed: " + e);
      return false;
    }
  }

  /** XADD, bounded by the L2 timeout; true when Redis has it. */
  private boolean append(Event e) {
    Map<String, byte[]> body = new LinkedHashMap<>();
    body.put("sender", utf8(e.sender()));
    body.put("type", utf8(e.type().wire()));
    body.put("rule", utf8(e.rule()));
    body.put("value", utf8(e.value()));
    if (e.type() == Type.KEY || e.type() == Type.KEY_ECHO) {
      long gen = generationOf(e.rule());
      if (gen >= 0) {
        body.put("gen", utf8(Long.toString(gen)));
      }
    }
    XAddArgs args = new XAddArgs().maxlen(maxLength).approximateTrimming();
    boolean ok = l2.call(c -> c.xadd(streamKey, args, body)).ok;
    if (ok) {
      sent.increment();
    }
    return ok;
  }

  private long generationOf(String rule) {
    try {
      return listener.generationOf(rule);
    } catch (RuntimeException e) {
      listenerErrors.increment();
      return -1;
    }
  }

  private void enqueue(Pending p) {
    synchronized (lock) {
      if (overflowed) {
        overflowRules.add(p.event.rule());
        return;
      }
      if (queue.size() >= queueBound) {
        overflowed = true;
        overflows.increment();
        for (Pending q : queue) {
          overflowRules.add(q.event.rule());
        }
        overflowRules.add(p.event.rule());
        queue.clear();
        if (!overflowReported) {
          overflowReported = true;
          Log.warn("more than " + queueBound + " invalidations issued while L2 " + l2.where()
              + " is unreachable; the affected rules' generations will be bumped when it is back");
        }
        return;
      }
      queue.addLast(p);
      queuedTotal.increment();
    }
  }

  /** Reader thread: overflow recovery first, then the queue in order, while L2 stays usable. */
  private void drain() {
    if (!l2.isUsable()) {
      return;
    }
    Set<String> rules = null;
    synchronized (lock) {
      if (overflowed) {
        rules = Collections.unmodifiableSet(overflowRules);
        overflowRules = new HashSet<>();
        overflowed = false;
      }
    }
    if (rules != null) {
      try {
        listener.onOverflow(rules);
      } catch (RuntimeException e) {
        listenerErrors.increment();
        Log.debug("redis: invalidation listener failed on overflow: " + e);
      }
    }
    while (!closed) {
      Pending p;
      synchronized (lock) {
        p = queue.peekFirst();
        if (p == null && !overflowed) {
          overflowReported = false; // all replayed: a later outage gets its own warning
        }
      }
      if (p == null) {
        return;
      }
      if (p.effect != null) {
        if (!apply(p.effect)) {
          return; // L2 failed again: retry on a later round
        }
        p.effect = null;
      }
      if (!append(p.event)) {
        return;
      }
      synchronized (lock) {
        if (queue.peekFirst() == p) { // an overflow may have cleared the queue meanwhile
          queue.pollFirst();
        }
      }
      replayed.increment();
    }
  }

  // ---------------------------------------------------------------- reading

  private void readLoop() {
    boolean positioned = false;
    boolean unverified = false; // a failure happened since the last successful check
    int failures = 0;
    while (!closed) {
      try {
        drain();
      } catch (RuntimeException e) {
        Log.debug("redis: invalidation replay failed: " + e);
      }
      try {
        if (!l2.isConnected()) {
          // L2 is connecting or down (its status says which). Once positioned, this means a
          // reconnect is coming that must be verified; before, connectFailures() tells.
          unverified |= positioned;
          live = false;
          if (!positioned && l2.connectFailures() > 0 && !toldUnreachable) {
            toldUnreachable = true;
            try {
              listener.onUnreachable();
            } catch (RuntimeException e) {
              listenerErrors.increment();
            }
          }
          noteDown(positioned, "the invalidation log cannot be read");
          pause(Math.min(1_000, 50L << Math.min(failures++, 5)));
          continue;
        }
        RedisClusterAsyncCommands<String, byte[]> c = readerCommands();
        if (!positioned) {
          lastId = currentEnd(c);
          if (NO_ID.equals(lastId)) {
            lastId = hello(c);
          }
          positioned = true;
          if (unverified || l2.connectFailures() > 0) {
            // L2 was unreachable after start: L1 may hold values another JVM invalidated meanwhile.
            gap("L2 was unreachable when this JVM started");
          } else {
            try {
              listener.onPositioned();
            } catch (RuntimeException e) {
              listenerErrors.increment();
              Log.debug("redis: invalidation listener failed when positioned: " + e);
            }
          }
        } else if (NO_ID.equals(lastId) ? unverified : !stillPresent(c, lastId)) {
          String end = currentEnd(c); // read before the clear: anything up to it is covered by it
          String missed = lastId;
          lastId = end;
          gap(NO_ID.equals(missed) ? "reconnected without an entry to check against"
              : "entry " + missed + " is gone (trimmed or stream lost)");
        }
        unverified = false;
        live = true;
        downSinceNanos = 0;
        l2.readerUp();
        List<StreamMessage<String, byte[]>> messages = c.xread(
            XReadArgs.Builder.block(BLOCK_MILLIS).count(READ_COUNT),
            XReadArgs.StreamOffset.from(streamKey, lastId))
            .get(BLOCK_MILLIS + 3_000, TimeUnit.MILLISECONDS);
        if (messages != null && !messages.isEmpty() && !NO_ID.equals(lastId)
            && !stillPresent(c, lastId)) {
          // The stream was deleted (FLUSHALL, DEL) and re-created by a later XADD while this
          // reader was blocked: it reads on past the loss, so the check before the read cannot
          // see it. What came before these entries may have been lost.
          String missed = lastId;
          lastId = messages.get(0).getId();
          gap("entry " + missed + " is gone (the stream was re-created)");
        }
        if (messages != null) {
          for (StreamMessage<String, byte[]> m : messages) {
            lastId = m.getId();
            deliver(m.getBody());
          }
        }
        failures = 0;
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
      } catch (Exception e) {
        if (closed) {
          return;
        }
        unverified = true;
        live = false;
        noteDown(positioned, "the invalidation log cannot be read: " + L2Client.describe(e));
        Log.debug("redis: invalidation reader: " + L2Client.describe(e));
        pause(Math.min(1_000, 50L << Math.min(failures++, 5)));
      }
    }
  }

  /** Reader thread: since when the log cannot be read (0: it can). */
  private long downSinceNanos;
  private boolean toldUnreachable;

  /** A second without reading the log is an outage, said even if no call touches L2. */
  private void noteDown(boolean positioned, String what) {
    long now = System.nanoTime();
    if (downSinceNanos == 0) {
      downSinceNanos = now;
    } else if (positioned && now - downSinceNanos > TimeUnit.SECONDS.toNanos(1)) {
      l2.readerDown(what);
    }
  }

  /**
   * Appends a {@link Type#HELLO} entry and returns its id (or 0-0 if that failed): a reader needs
   * an entry to check against, or the loss of the whole stream would go unnoticed.
   */
  private String hello(RedisClusterAsyncCommands<String, byte[]> c) throws Exception {
    Map<String, byte[]> body = new LinkedHashMap<>();
    body.put("sender", utf8(senderId));
    body.put("type", utf8(Type.HELLO.wire()));
    body.put("rule", utf8(""));
    body.put("value", utf8(""));
    XAddArgs args = new XAddArgs().maxlen(maxLength).approximateTrimming();
    String id = c.xadd(streamKey, args, body).get(BLOCK_MILLIS + 3_000, TimeUnit.MILLISECONDS);
    return id == null ? NO_ID : id;
  }

  private RedisClusterAsyncCommands<String, byte[]> readerCommands() throws Exception {
    StatefulConnection<String, byte[]> conn = readerConnection;
    if (conn == null) {
      // Own connection: a blocked XREAD would hold up every command queued behind it.
      conn = l2.openConnection()
          .get(l2.settings().connectTimeout().toMillis() + 2_000, TimeUnit.MILLISECONDS);
      if (closed) {
        conn.closeAsync();
        throw new InterruptedException("closed");
      }
      readerConnection = conn;
    }
    return LettuceTopology.commands(conn);
  }

  /** The id of the stream's newest entry, or 0-0 when the stream does not exist. */
  private String currentEnd(RedisClusterAsyncCommands<String, byte[]> c) throws Exception {
    List<StreamMessage<String, byte[]>> last = c.xrevrange(streamKey, Range.unbounded(), Limit.from(1))
        .get(BLOCK_MILLIS + 3_000, TimeUnit.MILLISECONDS);
    return last == null || last.isEmpty() ? NO_ID : last.get(0).getId();
  }

  /** True when the entry with this id is still in the stream. */
  private boolean stillPresent(RedisClusterAsyncCommands<String, byte[]> c, String id) throws Exception {
    List<StreamMessage<String, byte[]>> first = c.xrange(streamKey,
        Range.from(Range.Boundary.including(id), Range.Boundary.unbounded()), Limit.from(1))
        .get(BLOCK_MILLIS + 3_000, TimeUnit.MILLISECONDS);
    return first != null && !first.isEmpty() && id.equals(first.get(0).getId());
  }

  private void gap(String why) {
    gaps.increment();
    Log.info("invalidation log " + streamKey + ": possible gap (" + why
        + "); clearing L1 of L2-backed rules");
    try {
      listener.onGap();
    } catch (RuntimeException e) {
      listenerErrors.increment();
      Log.debug("redis: invalidation listener failed on gap: " + e);
    }
  }

  private void deliver(Map<String, byte[]> body) {
    String sender = text(body.get("sender"));
    Type type = body.get("type") == null ? null : Type.parse(text(body.get("type")));
    String rule = text(body.get("rule"));
    if (sender == null || type == null || rule == null) {
      malformed.increment();
      return;
    }
    if (sender.equals(senderId) || type == Type.HELLO) {
      return;
    }
    received.increment();
    try {
      listener.onEvent(new Event(sender, type, rule, text(body.get("value")),
          number(text(body.get("gen")))));
    } catch (RuntimeException e) {
      listenerErrors.increment();
      Log.debug("redis: invalidation listener failed: " + e);
    }
  }

  /** A non-negative decimal, or -1 (absent or garbled: the receiver then assumes it differs). */
  private static long number(String text) {
    if (text == null) {
      return -1;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      // close() interrupts; the loop condition ends the thread
    }
  }

  // ---------------------------------------------------------------- state

  public String senderId() { return senderId; }
  public String streamKey() { return streamKey; }
  /** True while the reader is positioned and its last round succeeded. */
  public boolean isLive() { return live; }
  /** The id of the last entry read (0-0 before any); for tests and diagnostics. */
  public String lastId() { return lastId; }
  public long sent() { return sent.sum(); }
  public long received() { return received.sum(); }
  public long gaps() { return gaps.sum(); }
  /** Events put in the replay queue since start. */
  public long queuedTotal() { return queuedTotal.sum(); }
  public long replayed() { return replayed.sum(); }
  public long overflows() { return overflows.sum(); }
  public long malformed() { return malformed.sum(); }
  public long listenerErrors() { return listenerErrors.sum(); }

  /**
   * True while invalidations made here have not all reached Redis (queued, or dropped by an
   * overflow whose generation bumps are still owed): until then L2 may hold values this JVM has
   * invalidated, so it must not read them back.
   */
  public boolean hasPending() {
    synchronized (lock) {
      return overflowed || !queue.isEmpty();
    }
  }

  /** Events waiting for Redis now. */
  public int queueSize() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** Stops the reader (bounded, about 2 s at most) and closes its connection. Queued events are dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StatefulConnection<String, byte[]> conn = readerConnection;
    if (conn != null) {
      conn.closeAsync(); // fails the blocked XREAD at once
    }
    reader.interrupt();
    try {
      reader.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static String newSenderId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE) + "-" + ProcessHandle.current().pid();
  }
}
