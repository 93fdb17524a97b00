package io.methodcache.bench.run;

import java.util.Locale;

/**
 * Samples the 1-minute load average every 5 s while a JDK's rows run: on a shared 2-core machine
 * other work competes with the forks, and the results say how much.
 */
final class LoadSampler {
  private final Thread thread;
  private volatile double max;
  private volatile double sum;
  private volatile int samples;

  private LoadSampler() {
    thread = new Thread(this::run, "load-sampler");
    thread.setDaemon(true);
  }

  static LoadSampler start() {
    LoadSampler s = new LoadSampler();
    s.thread.start();
    return s;
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sample();
        Thread.sleep(5_000);
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  private void sample() {
    String[] f = Machine.loadAverage().split(" ");
    try {
      double one = Double.parseDouble(f[0]);
      max = Math.max(max, one);
      sum += one;
      samples++;
    } catch (NumberFormatException e) {
      // no /proc/loadavg
    }
  }

  /** "max M, mean A (1-min load average, N samples)". */
  String stop() {
    thread.interrupt();
    int n = samples;
    return n == 0 ? "unknown"
        : String.format(Locale.ROOT, "max %.2f, mean %.2f", max, sum / n);
  }
}
