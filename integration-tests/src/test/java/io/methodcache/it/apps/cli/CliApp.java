package io.methodcache.it.apps.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The command-line tests' app. With {@code --background} a daemon thread asks {@link PriceOrigin}
 * for ten SKUs round and round (about a thousand calls a second), so a rule attached later has
 * something to cache. Prints "READY", then answers each stdin line with one {@code > } line:
 * {@code call SKU} -> {@code > price(SKU)=N} (N: origin computations of SKU so far);
 * {@code count} -> {@code > origin=O calls=C} (origin computations and background calls so far).
 */
public final class CliApp {
  private static final AtomicLong CALLS = new AtomicLong();
  /** Held for each background call and by {@code count}, so the two figures agree. */
  private static final Object STEP = new Object();

  public static void main(String[] args) throws Exception {
    PriceOrigin origin = new PriceOrigin();
    if (args.length > 0 && args[0].equals("--background")) {
      Thread t = new Thread(() -> {
        for (long i = 0; ; i++) {
          synchronized (STEP) {
            origin.price("bg-" + (i % 10));
            CALLS.incrementAndGet();
          }
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "cli-app-background");
      t.setDaemon(true);
      t.start();
    }
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String raw; (raw = in.readLine()) != null; ) {
      String line = raw.trim();
      if (line.startsWith("call ")) {
        System.out.println("> " + origin.price(line.substring(5)));
      } else if (line.equals("count")) {
        String counts;
        synchronized (STEP) {
          counts = "origin=" + PriceOrigin.ORIGIN.get() + " calls=" + CALLS.get();
        }
        System.out.println("> " + counts);
      } else if (line.equals("exit")) {
        break;
      } else if (!line.isEmpty()) {
        System.out.println("> unknown command: " + line);
      }
      System.out.flush();
    }
  }
}
