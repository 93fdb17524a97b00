package io.methodcache.agent.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs Caffeine's maintenance (expiry and eviction clean-up) on one daemon thread of our own
 * rather than the application's ForkJoinPool.commonPool(); it lets the thread go when idle.
 */
final class Maintenance {
  static final Executor EXECUTOR;

  static {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "methodcache-maintenance");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    EXECUTOR = pool;
  }

  private Maintenance() {}
}
