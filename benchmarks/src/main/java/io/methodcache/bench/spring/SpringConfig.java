package io.methodcache.bench.spring;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** @Cacheable over CaffeineCacheManager, each cache built like the hand-written floor. */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class SpringConfig {
  public static final int MAX = 100_000;

  @Bean
  public CacheManager cacheManager() {
    CaffeineCacheManager manager = new CaffeineCacheManager();
    manager.setCaffeine(Caffeine.newBuilder().maximumSize(MAX));
    return manager;
  }

  @Bean
  public SpringTarget springTarget() {
    return new SpringTarget();
  }
}
