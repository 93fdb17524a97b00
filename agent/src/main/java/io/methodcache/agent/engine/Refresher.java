package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs refresh-ahead reloads on a bounded pool of daemon threads. A reload re-invokes the original
 * method on the captured receiver and arguments; its thread marks which site it reloads, so the
 * advice on that call runs the body untouched (a nested call of another cached method is served
 * normally). The queue is bounded: when it is full a refresh is simply skipped — the entry then
 * expires as in cache-aside and the next caller loads it.
 */
final class Refresher {
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(1_000), r -> new RefreshThread(r));

  static {
    POOL.allowCoreThreadTimeOut(true);
  }

  private Refresher() {}

  /** True when the calling thread is reloading this very site: the call must run its body. */
  static boolean isReloading(int site) {
    Thread t = Thread.currentThread();
    return t instanceof RefreshThread && ((RefreshThread) t).site == site;
  }

  /** Submits a reload; false when the pool is saturated (the refresh is skipped). */
  static boolean submit(Site site, Runnable reload) {
    try {
      POOL.execute(() -> {
        RefreshThread t = (RefreshThread) Thread.currentThread();
        t.site = site.id;
        try {
          reload.run();
        } finally {
          t.site = -1;
        }
      });
      return true;
    } catch (RejectedExecutionException saturated) {
      Log.debug("refresh-ahead queue full; refresh of " + site.method + " skipped");
      return false;
    }
  }

  private static final class RefreshThread extends Thread {
    volatile int site = -1;

    RefreshThread(Runnable r) {
      super(r, "methodcache-refresh");
      setDaemon(true);
    }
  }
}
