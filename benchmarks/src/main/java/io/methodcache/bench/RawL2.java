package io.methodcache.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The L2 baseline: what an application would write by hand against the same Redis, with its own
 * (not relocated) Lettuce — a synchronous {@code GET} of String key / byte[] value, then decoding
 * the bytes the agent stored: its envelope read by hand (the layout of the agent's
 * {@code io.methodcache.agent.redis.ValueEnvelope}, which is relocated inside the agent jar and so
 * not usable here) and the payload read with a plain {@link ObjectInputStream}.
 *
 * <p>Client resources as the agent's (2 I/O and 2 computation threads, no latency recorder), so
 * the two rows differ in the code path, not in Netty's thread count. Also the benchmarks' window
 * on the server: key existence, the rule's generation counter, {@code INFO commandstats}.
 */
public final class RawL2 implements AutoCloseable {
  /** As the agent's connection: UTF-8 String keys, raw byte[] values. */
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisCommands<String, byte[]> sync;

  private RawL2(ClientResources resources, RedisClient client,
      StatefulRedisConnection<String, byte[]> connection) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.sync = connection.sync();
  }

  public static RawL2 connect(String uri) {
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        .build();
    RedisClient client = RedisClient.create(resources);
    try {
      return new RawL2(resources, client, client.connect(CODEC, RedisURI.create(uri)));
    } catch (RuntimeException e) {
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The measured baseline: one GET, then the envelope and the payload decoded. */
  public Object getAndDecode(String key) throws IOException, ClassNotFoundException {
    return decode(sync.get(key));
  }

  public byte[] get(String key) {
    return sync.get(key);
  }

  public boolean exists(String key) {
    return sync.exists(key) == 1L;
  }

  /** A counter key's value (the rule's generation), 0 when absent. */
  public long counter(String key) {
    byte[] v = sync.get(key);
    return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
  }

  /** Calls per command name since the server started ({@code INFO commandstats}). */
  public Map<String, Long> commandCalls() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : sync.info("commandstats").split("\r?\n")) {
      // cmdstat_get:calls=123,usec=456,usec_per_call=3.7,rejected_calls=0,failed_calls=0
      if (line.startsWith("cmdstat_")) {
        int colon = line.indexOf(':');
        int calls = line.indexOf("calls=", colon);
        int end = line.indexOf(',', calls);
        out.put(line.substring("cmdstat_".length(), colon),
            Long.parseLong(line.substring(calls + "calls=".length(), end < 0 ? line.length() : end)));
      }
    }
    return out;
  }

  /**
   * The agent's envelope, by hand (big-endian): magic 'M' 'C', version 1, codec id (1 length
   * byte + ASCII), flags (bit 0: null value), written-at millis, ttl millis (0: none), payload
   * (4 length bytes + bytes). An expired copy is a miss (null), as for the agent.
   */
  public static Object decode(byte[] bytes) throws IOException, ClassNotFoundException {
    if (bytes == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (b.get() != 'M' || b.get() != 'C' || b.get() != 1) {
      throw new StreamCorruptedException("not a methodcache envelope (version 1)");
    }
    int idLength = b.get() & 0xFF;
    if (idLength != 3 || b.get() != 'j' || b.get() != 'd' || b.get() != 'k') {
      throw new StreamCorruptedException("not the JDK codec");
    }
    int flags = b.get();
    long writtenAt = b.getLong();
    long ttl = b.getLong();
    int length = b.getInt();
    if (length != b.remaining()) {
      throw new StreamCorruptedException("payload length " + length + ", " + b.remaining() + " bytes left");
    }
    if (ttl > 0 && System.currentTimeMillis() - writtenAt >= ttl) {
      return null;
    }
    if ((flags & 1) != 0) {
      return null;
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes, b.position(), length))) {
      return in.readObject();
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
