package io.methodcache.bench;

import io.methodcache.bench.spring.SpringConfig;
import io.methodcache.bench.spring.SpringTarget;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.support.AopUtils;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Spring's @Cacheable over CaffeineCacheManager, single-threaded, on a proxied bean. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpringBench {
  AnnotationConfigApplicationContext context;
  SpringTarget target;

  @Setup(Level.Trial)
  public void setup(Keys k) {
    context = new AnnotationConfigApplicationContext(SpringConfig.class);
    target = context.getBean(SpringTarget.class);
    if (!AopUtils.isAopProxy(target)) {
      throw new IllegalStateException("SpringTarget is not proxied: @Cacheable would not apply");
    }
    for (int i = 0; i < k.size; i++) {
      target.lookup(k.stored[i]);
      target.lookupSpel(k.stored[i]);
      target.lookupSync(k.stored[i]);
    }
    CacheManager caches = context.getBean(CacheManager.class);
    for (String name : new String[] {"lookup", "lookupSpel", "lookupSync"}) {
      Object nativeCache = caches.getCache(name).getNativeCache();
      long size = ((com.github.benmanes.caffeine.cache.Cache<?, ?>) nativeCache).estimatedSize();
      if (size != k.size) {
        throw new IllegalStateException("Spring cache '" + name + "' holds " + size
            + " entries, expected " + k.size);
      }
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    context.close();
  }

  /** @Cacheable with the default key (the single argument). */
  @Benchmark
  public String springDefaultKey(Keys k, Cursor c) {
    return target.lookup(k.probe[c.next(k.size)]);
  }

  /** @Cacheable(key = "#key"): a SpEL expression evaluated per call. */
  @Benchmark
  public String springSpelKey(Keys k, Cursor c) {
    return target.lookupSpel(k.probe[c.next(k.size)]);
  }

  /** @Cacheable(sync = true). */
  @Benchmark
  public String springSync(Keys k, Cursor c) {
    return target.lookupSync(k.probe[c.next(k.size)]);
  }
}
