package io.methodcache.it.apps.refresh;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady load on one hot key of a refresh-ahead rule for a number of TTL periods. The body
 * counts where it ran: on the calling thread (a miss the caller waited for) or on the agent's
 * refresh thread (a background reload). Prints RESULT lines.
 */
public final class RatesApp {
  static final AtomicInteger callerLoads = new AtomicInteger();
  static final AtomicInteger backgroundLoads = new AtomicInteger();
  static final AtomicInteger version = new AtomicInteger();

  public static final class Rates {
    public String latest(String currency) {
      if (Thread.currentThread().getName().startsWith("methodcache-refresh")) {
        backgroundLoads.incrementAndGet();
      } else {
        callerLoads.incrementAndGet();
      }
      return currency + "@" + version.incrementAndGet();
    }

    public String cold(String currency) {
      callerLoads.incrementAndGet();
      return currency;
    }
  }

  public static void main(String[] args) throws Exception {
    long ttlMillis = Long.parseLong(args[0]);
    int periods = Integer.parseInt(args[1]);
    Rates rates = new Rates();
    long end = System.nanoTime() + ttlMillis * periods * 1_000_000L;
    long calls = 0;
    String last = null;
    int changes = 0;
    while (System.nanoTime() < end) {
      String v = rates.latest("EUR");
      if (!v.equals(last)) {
        changes++;
        last = v;
      }
      calls++;
      Thread.sleep(2); // a steady load: ~500 calls a second
    }
    System.out.println("RESULT calls=" + calls);
    System.out.println("RESULT callerLoads=" + callerLoads.get());
    System.out.println("RESULT backgroundLoads=" + backgroundLoads.get());
    System.out.println("RESULT valuesSeen=" + changes);
  }
}
