package io.methodcache.it.apps.l2;

import io.methodcache.api.MethodCache;
import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import io.methodcache.it.target.Bodies;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One JVM of an L2 test, driven over stdin so that steps across JVMs are sequenced without sleeps.
 * Prints {@code READY}, then answers each command with one {@code > …} line; ends on EOF or
 * {@code exit}. Multi-part answers are separated by {@code |}.
 *
 * <pre>
 *   get M ID              → BODIES OUTCOME          (BODIES: runs of M's body in this JVM so far)
 *   bodies-of M           → BODIES
 *   gets M FROM TO        → BODIES OUTCOME|OUTCOME|…
 *   save ID               → VERSION                 (Catalog#save: a write rule's method)
 *   update ID             → VALUE                   (Catalog#update: a put rule's method)
 *   touch ID | reindex    → ok | COUNT              (Catalog#touch, #reindex: tag evictions)
 *   inv RULE ID           → RESULT MICROS           (MethodCache.invalidate(rule, (long) id))
 *   invall RULE           → RESULT MICROS           (MethodCache.invalidateAll(rule))
 *   jmxinvall RULE        → ok MICROS               (the rule MBean's invalidateAll())
 *   rule RULE ATTR…       → V|V|…                   (the rule MBean's attributes)
 *   agent ATTR…           → V|V|…                   (the agent MBean's attributes)
 *   await-l2 MILLIS       → ok MS|STATUS or timeout|STATUS (until L2Status starts "connected")
 *   race M ID N           → armed                   (N threads parked on a latch)
 *   go                    → BODIES MAXMS OUTCOME|…  (released; answered when all are done)
 *   load …                → see {@link Load}
 *   mix …                 → see {@link Mix}          (one writer and many readers at once)
 *   fault …               → see {@link FaultLoad}    (the fault suite's steady load)
 * </pre>
 */
public final class L2App {
  private static final Catalog CATALOG = new Catalog();

  public static void main(String[] args) throws Exception {
    boolean agent = AgentProbe.awaitAgent(10_000);
    say("READY " + agent);
    Race race = null;
    Load load = null;
    Mix mix = null;
    FaultLoad fault = null;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String raw; (raw = in.readLine()) != null; ) {
      String[] w = raw.trim().split("\\s+");
      String answer;
      try {
        switch (w[0]) {
          case "":
            continue;
          case "get":
            answer = call(w[1], Long.parseLong(w[2]));
            answer = Bodies.count(w[1]) + " " + answer;
            break;
          case "gets": {
            List<String> values = new ArrayList<>();
            for (long id = Long.parseLong(w[2]); id <= Long.parseLong(w[3]); id++) {
              values.add(call(w[1], id));
            }
            answer = Bodies.count(w[1]) + " " + String.join("|", values);
            break;
          }
          case "bodies-of":
            answer = Integer.toString(Bodies.count(w[1]));
            break;
          case "save": {
            answer = Long.toString(CATALOG.save(Long.parseLong(w[1])));
            break;
          }
          case "update":
            answer = CATALOG.update(Long.parseLong(w[1]));
            break;
          case "touch":
            CATALOG.touch(Long.parseLong(w[1]));
            answer = "ok";
            break;
          case "reindex":
            answer = Integer.toString(CATALOG.reindex());
            break;
          case "inv": {
            long t0 = System.nanoTime();
            boolean done = MethodCache.invalidate(w[1], Long.parseLong(w[2]));
            answer = done + " " + (System.nanoTime() - t0) / 1_000;
            break;
          }
          case "invall": {
            long t0 = System.nanoTime();
            boolean done = MethodCache.invalidateAll(w[1]);
            answer = done + " " + (System.nanoTime() - t0) / 1_000;
            break;
          }
          case "jmxinvall": {
            long t0 = System.nanoTime();
            ManagementFactory.getPlatformMBeanServer()
                .invoke(AgentProbe.ruleName(w[1]), "invalidateAll", new Object[0], new String[0]);
            answer = "ok " + (System.nanoTime() - t0) / 1_000;
            break;
          }
          case "rule": {
            List<String> values = new ArrayList<>();
            for (int i = 2; i < w.length; i++) {
              values.add(String.valueOf(AgentProbe.rule(w[1], w[i])));
            }
            answer = String.join("|", values);
            break;
          }
          case "agent": {
            List<String> values = new ArrayList<>();
            for (int i = 1; i < w.length; i++) {
              values.add(String.valueOf(AgentProbe.agent(w[i])));
            }
            answer = String.join("|", values);
            break;
          }
          case "await-l2":
            answer = awaitL2(Long.parseLong(w[1]));
            break;
          case "race":
            race = new Race(w[1], Long.parseLong(w[2]), Integer.parseInt(w[3]));
            answer = "armed";
            break;
          case "go":
            answer = race.go();
            race = null;
            break;
          case "load":
            if (w[1].equals("start")) {
              load = Load.start(CATALOG, Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                  Integer.parseInt(w[4]), w.length > 5 ? w[5] : "warmup");
              answer = "started";
            } else {
              answer = load.command(w);
            }
            break;
          case "mix":
            if (mix == null) {
              mix = new Mix();
            }
            answer = mix.command(w);
            break;
          case "fault":
            if (fault == null) {
              fault = new FaultLoad(CATALOG);
            }
            answer = fault.command(w);
            break;
          case "exit":
            say("bye");
            return;
          default:
            answer = "unknown command: " + raw;
        }
      } catch (Throwable t) {
        answer = "!command failed: " + Report.thrown(t);
      }
      say("> " + answer);
    }
    if (load != null) {
      load.stopQuietly();
    }
    if (mix != null) {
      mix.stopReaders();
    }
    if (fault != null) {
      fault.stop();
    }
  }

  /** Calls the cached method named {@code method} and renders the outcome (never throws). */
  static String call(String method, long id) {
    return Report.outcome(invoker(method, id));
  }

  static Callable<Object> invoker(String method, long id) {
    switch (method) {
      case "lookup": return () -> CATALOG.lookup(id);
      case "page": return () -> CATALOG.page(id);
      case "price": return () -> CATALOG.price(id);
      case "item": return () -> CATALOG.item(id);
      case "maybe": return () -> CATALOG.maybe(id);
      case "direct": return () -> CATALOG.direct(id);
      case "widget": return () -> CATALOG.widget(id);
      case "slow": return () -> CATALOG.slow(id);
      case "load": return () -> CATALOG.load((int) id);
      default: throw new IllegalArgumentException("no method " + method);
    }
  }

  static String awaitL2(long millis) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + millis * 1_000_000;
    String status;
    while (true) {
      status = String.valueOf(AgentProbe.agent("L2Status"));
      // connected, and reading the invalidation log (whose start drops what L1 loaded before)
      if (status.startsWith("connected")
          && Boolean.TRUE.equals(AgentProbe.agent("InvalidationLogLive"))) {
        return "ok " + (System.nanoTime() - t0) / 1_000_000 + "|" + status;
      }
      if (System.nanoTime() > deadline) {
        return "timeout|" + status;
      }
      Thread.sleep(5);
    }
  }

  static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** N threads on one key, parked until {@link #go}. */
  static final class Race {
    private final String method;
    private final Thread[] threads;
    private final String[] outcomes;
    private final long[] millis;
    private final CountDownLatch ready;
    private final CountDownLatch start = new CountDownLatch(1);

    Race(String method, long id, int n) throws InterruptedException {
      this.method = method;
      threads = new Thread[n];
      outcomes = new String[n];
      millis = new long[n];
      ready = new CountDownLatch(n);
      Callable<Object> call = invoker(method, id);
      for (int i = 0; i < n; i++) {
        int index = i;
        threads[i] = new Thread(() -> {
          ready.countDown();
          try {
            start.await();
          } catch (InterruptedException e) {
            outcomes[index] = "!interrupted";
            return;
          }
          long t0 = System.nanoTime();
          outcomes[index] = Report.outcome(call);
          millis[index] = (System.nanoTime() - t0) / 1_000_000;
        }, "racer-" + i);
        threads[i].start();
      }
      ready.await();
    }

    String go() throws InterruptedException {
      start.countDown();
      for (Thread t : threads) {
        t.join(60_000);
        if (t.isAlive()) {
          return "!" + t.getName() + " still running after 60 s";
        }
      }
      long max = 0;
      for (long m : millis) {
        max = Math.max(max, m);
      }
      TreeSet<String> distinct = new TreeSet<>();
      for (String o : outcomes) {
        distinct.add(o);
      }
      return Bodies.count(method) + " " + max + " " + String.join("|", distinct);
    }
  }
}
