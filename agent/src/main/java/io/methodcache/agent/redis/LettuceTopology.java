package io.methodcache.agent.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.methodcache.agent.Log;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce side of one topology (standalone/Sentinel or Cluster): client resources with few
 * daemon threads, the client with fail-fast options, and asynchronous connects. Everything
 * Lettuce-specific about building a client lives here so {@link L2Client} stays about semantics.
 */
final class LettuceTopology {
  /** String keys, byte[] values (values are already-encoded envelopes). */
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Commands waiting to be written while Redis is slow; beyond this they fail at once. */
  private static final int REQUEST_QUEUE_SIZE = 10_000;

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final RedisURI standaloneUri;
  private final boolean cluster;
  private volatile boolean partitionsLoaded;

  private LettuceTopology(ClientResources resources, AbstractRedisClient client,
      RedisURI standaloneUri, boolean cluster) {
    this.resources = resources;
    this.client = client;
    this.standaloneUri = standaloneUri;
    this.cluster = cluster;
  }

  /** Builds resources and client; opens nothing. Call {@link QuietLogging#install()} first. */
  static LettuceTopology create(RedisSettings settings) {
    ClientResources resources = ClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        // Daemon threads with our names: the agent must never keep an application's JVM alive.
        .threadFactoryProvider(pool -> new DefaultThreadFactory("methodcache-redis-" + pool, true))
        .commandLatencyRecorder(CommandLatencyRecorder.disabled())
        // Lettuce's default back-off grows to 30 s; L2 should resume within seconds of Redis.
        .reconnectDelay(Delay.equalJitter(Duration.ofMillis(20), settings.reconnectMaxDelay(), 2,
            TimeUnit.MILLISECONDS))
        .build();
    try {
      List<RedisURI> uris = new ArrayList<>();
      for (String u : settings.uris()) {
        uris.add(toRedisUri(u, settings));
      }
      if (settings.cluster()) {
        RedisClusterClient c = RedisClusterClient.create(resources, uris);
        c.setOptions(clusterOptions(settings));
        return new LettuceTopology(resources, c, null, true);
      }
      RedisClient c = RedisClient.create(resources);
      c.setOptions(applyCommon(ClientOptions.builder(), settings).build());
      return new LettuceTopology(resources, c, uris.get(0), false);
    } catch (RuntimeException e) {
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static RedisURI toRedisUri(String u, RedisSettings settings) {
    RedisURI uri = RedisURI.create(u);
    if (settings.password() != null) {
      uri = RedisURI.builder(uri).withPassword(settings.password().toCharArray()).build();
    }
    // Lettuce bounds the connection handshake (HELLO, AUTH, SELECT) and cluster topology reads by
    // the URI timeout. Those run in the background, so they get the connect timeout: with the
    // 50 ms command timeout a cold JVM's first handshake can miss it and print a false outage.
    // Commands get their own bound from CommandTimeouts.
    uri.setTimeout(settings.connectTimeout());
    return uri;
  }

  private static ClientOptions.Builder applyCommon(ClientOptions.Builder b, RedisSettings s) {
    return b.autoReconnect(true)
        // While disconnected, fail commands at once instead of buffering them: a caller must
        // never wait on a dead connection, and nothing piles up in memory.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .timeoutOptions(TimeoutOptions.builder().timeoutSource(new CommandTimeouts(s.timeout())).build())
        .socketOptions(SocketOptions.builder().connectTimeout(s.connectTimeout()).keepAlive(true).build())
        // Maintenance push notifications are a Redis Enterprise/Cloud handshake; plain Redis
        // answers with an error at every connect.
        .maintNotificationsConfig(MaintNotificationsConfig.disabled())
        .suspendReconnectOnProtocolFailure(false);
  }

  private static ClusterClientOptions clusterOptions(RedisSettings s) {
    ClusterClientOptions.Builder b = ClusterClientOptions.builder();
    applyCommon(b, s);
    // Per-node connections are created on demand (a new master after a failover, a re-sharded
    // slot): rejecting commands while such a connection is still being opened would fail calls
    // against a healthy cluster. Buffered commands stay bounded: callers wait at most the
    // timeout, Lettuce expires them after it (CommandTimeouts), the queue is capped, and the
    // breaker stops sending after consecutive failures.
    b.disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT);
    b.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
        .enableAllAdaptiveRefreshTriggers() // MOVED/ASK/reconnects refresh the slot map
        .enablePeriodicRefresh(Duration.ofSeconds(60))
        .build());
    return b.build();
  }

  /**
   * Lettuce's own expiry of every command, so nothing lingers on a hung server (a fire-and-forget
   * SET fails after the timeout and is counted). Application threads never rely on it: they wait
   * on the future with their own bound. The invalidation reader's stream commands, on their own
   * connection, get the XREAD BLOCK time plus a margin.
   */
  static final class CommandTimeouts extends TimeoutOptions.TimeoutSource {
    private final long dataMillis;

    CommandTimeouts(Duration data) {
      this.dataMillis = data.toMillis();
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      ProtocolKeyword type = command.getType();
      if (type == CommandType.XREAD || type == CommandType.XRANGE || type == CommandType.XREVRANGE) {
        return InvalidationLog.BLOCK_MILLIS + 2_000;
      }
      return dataMillis;
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.MILLISECONDS;
    }
  }

  boolean cluster() { return cluster; }

  ClientResources resources() { return resources; }

  void addListener(RedisConnectionStateListener listener) {
    client.addListener(listener);
  }

  /** Opens one connection asynchronously; the future fails when Redis is unreachable. */
  @SuppressWarnings("unchecked")
  CompletableFuture<StatefulConnection<String, byte[]>> connect() {
    if (cluster) {
      RedisClusterClient cc = (RedisClusterClient) client;
      // connectAsync needs the slot map already loaded (else it fails at once); the only
      // non-blocking way to load it first is refreshPartitionsAsync.
      CompletableFuture<Void> ready = partitionsLoaded ? CompletableFuture.completedFuture(null)
          : cc.refreshPartitionsAsync().toCompletableFuture().thenRun(() -> partitionsLoaded = true);
      return ready.thenCompose(v -> cc.connectAsync(CODEC))
          .thenCompose(LettuceTopology::openNodeConnections)
          .thenApply(c -> (StatefulConnection<String, byte[]>) c);
    }
    CompletableFuture<StatefulRedisConnection<String, byte[]>> f =
        ((RedisClient) client).connectAsync(CODEC, standaloneUri).toCompletableFuture();
    return f.thenApply(c -> (StatefulConnection<String, byte[]>) c);
  }

  /**
   * A cluster connection opens its per-node connections lazily, on the first command for a node.
   * Opening them up front (keyed by host and port, as slot routing looks them up) keeps the first
   * calls from paying for the connect. A node that cannot be reached now is left to Lettuce (the
   * cluster is partially usable).
   */
  private static CompletableFuture<StatefulRedisClusterConnection<String, byte[]>> openNodeConnections(
      StatefulRedisClusterConnection<String, byte[]> c) {
    List<CompletableFuture<?>> opening = new ArrayList<>();
    for (RedisClusterNode node : c.getPartitions()) {
      if (node.getRole().isUpstream()) {
        opening.add(c.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort(),
            ConnectionIntent.WRITE));
      }
    }
    return CompletableFuture.allOf(opening.toArray(new CompletableFuture<?>[0])).handle((ok, e) -> c);
  }

  /** The asynchronous command set common to both connection kinds. */
  static RedisClusterAsyncCommands<String, byte[]> commands(StatefulConnection<String, byte[]> c) {
    if (c instanceof StatefulRedisClusterConnection) {
      return ((StatefulRedisClusterConnection<String, byte[]>) c).async();
    }
    return ((StatefulRedisConnection<String, byte[]>) c).async();
  }

  /** Closes every connection, then the threads; bounded so a JVM shutdown never hangs on it. */
  void shutdown() {
    try {
      client.shutdownAsync(0, 1, TimeUnit.SECONDS).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      Log.debug("redis: client shutdown: " + e);
    }
    try {
      resources.shutdown(0, 1, TimeUnit.SECONDS).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      Log.debug("redis: resources shutdown: " + e);
    }
  }
}
