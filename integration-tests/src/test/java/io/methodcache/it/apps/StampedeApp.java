package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.put;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Race;
import io.methodcache.it.target.SlowLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Many threads on one cold key: single flight, a failing leader, bounded waits, and no guard. */
public final class StampedeApp {
  static final int THREADS = 64;

  public static void main(String[] args) throws Exception {
    SlowLoader loader = new SlowLoader();

    // 64 threads, one cold key: one body run, everyone gets the leader's instance
    List<Object> results = race(THREADS, () -> loader.load("k1"));
    put("single-flight.bodies", Bodies.count("single-flight"));
    put("single-flight.releasedByCondition", SlowLoader.RELEASED_BY_CONDITION.get());
    put("single-flight.distinct", distinct(results));
    put("single-flight.sameInstance", results.stream().allMatch(r -> r == results.get(0)));
    alone();
    put("single-flight.afterwards", Report.outcome(() -> loader.load("k1")));
    put("single-flight.bodiesAfterwards", Bodies.count("single-flight"));

    // the leader throws: every caller gets an exception of that type, nothing is cached
    SlowLoader.RELEASED_BY_CONDITION.set(false);
    List<Object> failures = race(THREADS, () -> loader.loadOrFail("k2"));
    put("leader-fails.bodies", Bodies.count("leader-fails"));
    put("leader-fails.releasedByCondition", SlowLoader.RELEASED_BY_CONDITION.get());
    put("leader-fails.distinct", distinct(failures));
    alone();
    put("leader-fails.afterwards", Report.outcome(() -> loader.loadOrFail("k2")));
    put("leader-fails.bodiesAfterwards", Bodies.count("leader-fails"));

    // stampede-timeout: a leader that takes too long; waiters give up and run the body themselves
    SlowLoader.RELEASED_BY_CONDITION.set(false);
    int callers = 8;
    List<Object> slow = race(callers, () -> loader.slowLeader("k3", callers));
    put("waiter-timeout.bodies", Bodies.count("waiter-timeout"));
    put("waiter-timeout.releasedByCondition", SlowLoader.RELEASED_BY_CONDITION.get());
    put("waiter-timeout.distinct", distinct(slow));

    // stampede: none - no single flight at all
    SlowLoader.RELEASED_BY_CONDITION.set(false);
    List<Object> free = race(callers, () -> loader.unguarded("k4", callers));
    put("no-stampede.bodies", Bodies.count("no-stampede"));
    put("no-stampede.releasedByCondition", SlowLoader.RELEASED_BY_CONDITION.get());
    put("no-stampede.distinct", distinct(free));

    interruptedWaiter(loader);
    soak(loader);

    AgentProbe.reportAgent();
    AgentProbe.reportRule("single-flight", "Hits", "Misses", "Loads", "StampedeWaits");
    AgentProbe.reportRule("leader-fails", "LoadFailures", "Size");
    put("done", true);
  }

  /**
   * A follower interrupted while it waits for the leader: it must get the value (waiting on or
   * running the body itself), never an exception its method does not declare, and keep its
   * interrupt status.
   */
  static void interruptedWaiter(SlowLoader loader) throws Exception {
    SlowLoader.RELEASED_BY_CONDITION.set(false);
    String[] leaderOutcome = new String[1];
    String[] followerOutcome = new String[2];
    Thread leader = new Thread(() -> leaderOutcome[0] = Report.outcome(() -> loader.patient("k5")), "leader");
    leader.start();
    waitUntil(() -> Bodies.count("interrupted-waiter") >= 1);
    Thread follower = new Thread(() -> {
      followerOutcome[0] = Report.outcome(() -> loader.patient("k5"));
      followerOutcome[1] = String.valueOf(Thread.currentThread().isInterrupted());
      SlowLoader.FOLLOWER_DONE.countDown();
    }, "follower");
    follower.start();
    waitUntil(() -> follower.getState() == Thread.State.WAITING || follower.getState() == Thread.State.TIMED_WAITING
        || !follower.isAlive());
    put("interrupted-waiter.parked", follower.isAlive());
    follower.interrupt();
    follower.join(30_000);
    leader.join(30_000);
    put("interrupted-waiter.follower", followerOutcome[0]);
    put("interrupted-waiter.followerStillInterrupted", followerOutcome[1]);
    put("interrupted-waiter.leader", leaderOutcome[0]);
  }

  /**
   * 8 threads, 30,000 calls over 300 keys on a rule with 50 entries and a 20 ms TTL, while another
   * thread keeps invalidating the rule and switching it off and on over JMX: every call must return
   * its key's value.
   */
  static void soak(SlowLoader loader) throws Exception {
    int threads = 8;
    int calls = 30_000;
    java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstWrong = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    AgentProbe.awaitRegistered(AgentProbe.ruleName("soak"), 10_000);
    Thread chaos = new Thread(() -> {
      javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
      int i = 0;
      while (!stop.get()) {
        try {
          if (i % 3 == 0) {
            server.invoke(AgentProbe.ruleName("soak"), "invalidateAll", new Object[0], new String[0]);
          } else {
            AgentProbe.setRuleEnabled("soak", i % 3 == 2);
          }
          Thread.sleep(2);
        } catch (Exception e) {
          firstWrong.compareAndSet(null, "chaos: " + e);
        }
        i++;
      }
    }, "chaos");
    chaos.start();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      java.util.Random random = new java.util.Random(t);
      workers[t] = new Thread(() -> {
        for (int i = 0; i < calls / threads; i++) {
          int key = random.nextInt(300);
          String expected = "soak-" + key * 31;
          String actual = Report.outcome(() -> loader.soak(key));
          if (!expected.equals(actual)) {
            wrong.incrementAndGet();
            firstWrong.compareAndSet(null, "key " + key + ": " + actual);
          }
        }
      });
      workers[t].start();
    }
    for (Thread w : workers) w.join(60_000);
    stop.set(true);
    chaos.join(10_000);
    AgentProbe.setRuleEnabled("soak", true);
    put("soak.wrong", wrong.get());
    put("soak.firstWrong", String.valueOf(firstWrong.get()));
    put("soak.bodies", Bodies.count("soak"));
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(1);
  }

  /** From now on the main thread is the only caller: a body run by it need not wait for others. */
  static void alone() {
    Race.reset(List.of(Thread.currentThread()));
    Race.entering();
  }

  /** Starts n threads that call at once; returns each one's value, or its throwable rendered. */
  static List<Object> race(int n, Callable<Object> call) throws InterruptedException {
    Object[] results = new Object[n];
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(new Thread(() -> {
        ready.countDown();
        try {
          go.await();
          Race.entering();
          results[index] = call.call();
        } catch (Throwable e) {
          results[index] = Report.thrown(e);
        }
      }, "racer-" + i));
    }
    Race.reset(threads);
    threads.forEach(Thread::start);
    ready.await();
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      if (t.isAlive()) throw new IllegalStateException(t.getName() + " still running after 60 s");
    }
    List<Object> list = new ArrayList<>();
    for (Object r : results) list.add(r);
    return list;
  }

  /** The distinct outcomes, sorted, rendered: one entry means everyone got the same. */
  static String distinct(List<Object> results) {
    Set<String> set = new HashSet<>();
    for (Object r : results) set.add(Report.render(r));
    List<String> sorted = new ArrayList<>(set);
    sorted.sort(null);
    return sorted.size() + " " + sorted;
  }
}
