package io.methodcache.agent.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Run in a fresh JVM by {@link QuietLoggingTest}: a healthy start of the L2 tier, some traffic,
 * the invalidation log. Prints "OK" and the non-daemon threads it left, and returns from main
 * without closing anything: the JVM must still exit by itself.
 */
public final class SilentStartMain {
  private SilentStartMain() {}

  public static void main(String[] args) throws Exception {
    // A cold JVM's first commands load and link Lettuce's codec paths; the 50 ms production default
    // can expire on a loaded CI box. This test is about silence, not latency.
    RedisSettings s = RedisSettings.builder().uri(args[0]).namespace(args[1])
        .timeout(Duration.ofSeconds(5)).build();
    String k = args[1] + ":k";
    String lock = args[1] + ":lock";
    long t0 = System.nanoTime();
    L2Client c = L2Client.start(s);
    long startMicros = (System.nanoTime() - t0) / 1_000;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!c.isConnected()) {
      if (System.nanoTime() > deadline) {
        System.out.println("NOT CONNECTED " + c.status());
        System.exit(2);
      }
      Thread.sleep(5);
    }
    if (!c.set(k, new byte[] {1, 2}, 10_000).toCompletableFuture().get(5, TimeUnit.SECONDS)
        || !c.get(k).isHit()) {
      System.out.println("NO ROUND TRIP " + c.status() + " timeouts=" + c.timeouts() + " last error=" + c.lastError());
      System.exit(3);
    }
    String token = c.tryLock(lock, 1_000);
    c.unlock(lock, token);
    InvalidationLog log = InvalidationLog.start(c, new InvalidationLog.Listener() {
      @Override public void onEvent(InvalidationLog.Event event) {}
      @Override public void onGap() {}
      @Override public void onOverflow(Set<String> rules) {}
    });
    while (!log.isLive()) {
      if (System.nanoTime() > deadline) {
        System.out.println("LOG NOT LIVE");
        System.exit(4);
      }
      Thread.sleep(5);
    }
    log.publish(InvalidationLog.Event.key("r", "k"));
    long connectedMs = (System.nanoTime() - t0) / 1_000_000;
    List<String> nonDaemon = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !t.isDaemon() && t != Thread.currentThread() && !t.getName().equals("DestroyJavaVM")) {
        nonDaemon.add(t.getName());
      }
      if (t.getName().startsWith("methodcache") || t.getName().contains("lettuce")) {
        ours.add(t.getName());
      }
    }
    System.out.println("OK gaps=" + log.gaps() + " sent=" + log.sent());
    System.out.println("NONDAEMON:" + nonDaemon);
    System.out.println("THREADS:" + ours);
    System.out.println("TIMES: start() returned in " + startMicros + " us (cold JVM), connected and used within "
        + connectedMs + " ms");
  }
}
