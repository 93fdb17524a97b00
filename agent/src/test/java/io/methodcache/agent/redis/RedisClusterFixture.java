package io.methodcache.agent.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 3-master Redis Cluster on free loopback ports (no replicas): each node started with
 * {@code --cluster-enabled yes} and its own config file, slots 0-5460 / 5461-10922 / 10923-16383
 * assigned with CLUSTER ADDSLOTS (ADDSLOTSRANGE needs Redis 7), joined with CLUSTER MEET, ready
 * once every node reports cluster_state:ok and knows all three masters. Always local processes.
 */
public final class RedisClusterFixture implements AutoCloseable {
  private static final int[][] RANGES = {{0, 5460}, {5461, 10922}, {10923, 16383}};

  private final List<RedisServerFixture> nodes = new ArrayList<>();

  private RedisClusterFixture() {}

  public static RedisClusterFixture start() {
    RedisClusterFixture c = new RedisClusterFixture();
    try {
      c.boot();
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void boot() {
    for (int i = 0; i < RANGES.length; i++) {
      RedisServerFixture n = RedisServerFixture.localUnstarted(true,
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
          "--cluster-node-timeout", "3000");
      nodes.add(n);
      n.restart();
    }
    for (int i = 0; i < RANGES.length; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add("CLUSTER");
      cmd.add("ADDSLOTS");
      for (int s = RANGES[i][0]; s <= RANGES[i][1]; s++) {
        cmd.add(Integer.toString(s));
      }
      expectOk(nodes.get(i).call(cmd.toArray(new String[0])));
    }
    for (int i = 1; i < nodes.size(); i++) {
      expectOk(nodes.get(0).call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port())));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!ready()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("cluster not ok within 30 s: " + nodes.get(0).call("CLUSTER", "INFO"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private boolean ready() {
    for (RedisServerFixture n : nodes) {
      String info = String.valueOf(n.call("CLUSTER", "INFO"));
      if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")) {
        return false;
      }
      Object slots = n.call("CLUSTER", "SLOTS");
      if (!(slots instanceof List) || ((List<?>) slots).size() != 3) {
        return false;
      }
    }
    return true;
  }

  private static void expectOk(Object reply) {
    if (!"OK".equals(reply)) {
      throw new IllegalStateException("cluster setup: " + reply);
    }
  }

  public List<RedisServerFixture> nodes() {
    return nodes;
  }

  public List<String> nodeUris() {
    List<String> uris = new ArrayList<>();
    for (RedisServerFixture n : nodes) {
      uris.add(n.uri());
    }
    return uris;
  }

  /** The node serving this slot (by the fixed assignment). */
  public RedisServerFixture nodeForSlot(int slot) {
    for (int i = 0; i < RANGES.length; i++) {
      if (slot >= RANGES[i][0] && slot <= RANGES[i][1]) {
        return nodes.get(i);
      }
    }
    throw new IllegalArgumentException("slot " + slot);
  }

  @Override
  public void close() {
    for (RedisServerFixture n : nodes) {
      n.close();
    }
  }
}
