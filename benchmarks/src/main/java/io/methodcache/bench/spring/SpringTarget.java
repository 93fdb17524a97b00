package io.methodcache.bench.spring;

import io.methodcache.bench.Work;
import org.springframework.cache.annotation.Cacheable;

/**
 * The same body as {@link io.methodcache.bench.Target#lookup}, cached the Spring way. No
 * interface, so Spring proxies it with CGLIB, as Spring Boot does by default.
 */
public class SpringTarget {
  /** Default key generator: the single argument itself (SimpleKeyGenerator). */
  @Cacheable("lookup")
  public String lookup(String key) {
    return Work.describe(key);
  }

  /** A SpEL key, as users write to name the key explicitly. */
  @Cacheable(cacheNames = "lookupSpel", key = "#key")
  public String lookupSpel(String key) {
    return Work.describe(key);
  }

  /** sync = true: Spring's stampede protection (Cache.get(key, loader)). */
  @Cacheable(cacheNames = "lookupSync", sync = true)
  public String lookupSync(String key) {
    return Work.describe(key);
  }
}
