package io.methodcache.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a fixed, seeded workload against the catalog and prints calls, origin calls, hit ratio and
 * latency. The code has no idea whether a caching agent is attached; compare a run with
 * {@code -javaagent:methodcache-agent.jar=config-samples/quickstart.yaml} to one without.
 *
 * <pre>
 * java -cp ... io.methodcache.sample.CatalogApp [--calls 4000] [--threads 4] [--seed 42] [--machine]
 * </pre>
 *
 * {@code --machine} prints {@code RESULT key=value} lines instead of the table.
 */
public final class CatalogApp {
  /** Share of calls that open a product page; the rest open a category page. */
  private static final double PRODUCT_PAGE_SHARE = 0.85;
  /** Zipf exponent for the key popularity: a few hot products, a long tail. */
  private static final double ZIPF_S = 1.0;

  public static void main(String[] args) throws Exception {
    int calls = intArg(args, "--calls", 4000);
    int threads = intArg(args, "--threads", 4);
    long seed = intArg(args, "--seed", 42);
    boolean machine = Arrays.asList(args).contains("--machine");

    try (CatalogDatabase db = CatalogDatabase.create("catalog", seed)) {
      CatalogService catalog = new CatalogService(
          new ProductRepository(db), new CategoryRepository(db), new PriceService());
      Zipf products = new Zipf(CatalogDatabase.PRODUCTS, ZIPF_S);
      Zipf categories = new Zipf(CatalogDatabase.CATEGORIES, ZIPF_S);

      long[] latencies = new long[calls];
      AtomicLong checksum = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = calls * t / threads;
        int to = calls * (t + 1) / threads;
        Random random = new Random(seed * 31 + t);
        Thread worker = new Thread(() -> {
          try {
            start.await();
            long sum = 0;
            for (int i = from; i < to; i++) {
              boolean productPage = random.nextDouble() < PRODUCT_PAGE_SHARE;
              int rank = productPage ? products.next(random) : categories.next(random);
              long t0 = System.nanoTime();
              Object result = productPage
                  ? catalog.productPage(scatter(rank, CatalogDatabase.PRODUCTS))
                  : catalog.categoryPage(rank);
              latencies[i] = System.nanoTime() - t0;
              sum += result.hashCode();
            }
            checksum.addAndGet(sum);
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "catalog-worker-" + t);
        workers.add(worker);
        worker.start();
      }
      long wallStart = System.nanoTime();
      start.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      long wallNanos = System.nanoTime() - wallStart;
      if (failure.get() != null) {
        throw new IllegalStateException("workload failed", failure.get());
      }

      Arrays.sort(latencies);
      long lookups = CatalogService.LOOKUPS.sum();
      long dbQueries = OriginCalls.DB_QUERIES.sum();
      long quotes = OriginCalls.PRICE_QUOTES.sum();
      long origin = dbQueries + quotes;
      double p50 = percentile(latencies, 0.50) / 1e3;
      double p99 = percentile(latencies, 0.99) / 1e3;
      if (machine) {
        String[][] results = {
          {"calls", Integer.toString(calls)}, {"threads", Integer.toString(threads)},
          {"lookups", Long.toString(lookups)}, {"origin", Long.toString(origin)},
          {"db", Long.toString(dbQueries)}, {"quotes", Long.toString(quotes)},
          {"p50us", String.format(Locale.ROOT, "%.1f", p50)},
          {"p99us", String.format(Locale.ROOT, "%.1f", p99)},
          {"wallms", Long.toString(wallNanos / 1_000_000)}, {"checksum", Long.toString(checksum.get())},
        };
        for (String[] r : results) {
          System.out.println("RESULT " + r[0] + "=" + r[1]);
        }
      } else {
        System.out.printf(Locale.ROOT, "catalog workload: %d calls on %d threads (seed %d)%n", calls, threads, seed);
        System.out.printf(Locale.ROOT, "  calls         %10d%n", calls);
        System.out.printf(Locale.ROOT, "  origin calls  %10d   (db queries %d, price quotes %d)%n", origin, dbQueries, quotes);
        System.out.printf(Locale.ROOT, "  hit ratio     %9.1f%%%n", hitRatio(lookups, origin) * 100);
        System.out.printf(Locale.ROOT, "  latency p50   %10s%n", millis(p50));
        System.out.printf(Locale.ROOT, "  latency p99   %10s%n", millis(p99));
        System.out.printf(Locale.ROOT, "  wall time     %7d ms%n", wallNanos / 1_000_000);
      }
    }
  }

  /** Share of lookups answered without running the origin. */
  static double hitRatio(long lookups, long origin) {
    return lookups == 0 ? 0 : Math.max(0, 1 - (double) origin / lookups);
  }

  static String millis(double micros) {
    return String.format(Locale.ROOT, "%.3f ms", micros / 1e3);
  }

  private static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Maps a popularity rank to an id, so hot products are spread over the table, not ids 1, 2, 3. */
  private static long scatter(int rank, int n) {
    return 1 + ((rank - 1) * 7L + 3) % n;
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
    }
    return dflt;
  }

  /** Zipf-distributed ranks 1..n by inverse transform over the cumulative distribution. */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double s) {
      cdf = new double[n];
      double sum = 0;
      for (int k = 1; k <= n; k++) {
        sum += 1 / Math.pow(k, s);
        cdf[k - 1] = sum;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= sum;
      }
    }

    int next(Random random) {
      int i = Arrays.binarySearch(cdf, random.nextDouble());
      return 1 + (i >= 0 ? i : Math.min(cdf.length - 1, -i - 1));
    }
  }
}
