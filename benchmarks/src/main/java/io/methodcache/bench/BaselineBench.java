package io.methodcache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What users would otherwise write, single-threaded: the uncached call, and cache-aside over
 * Caffeine in the usual forms. Every loader is {@link Twin}, so a miss runs the same body as the
 * agent's {@link Target}. Caches are filled in set-up; the measured calls are hits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BaselineBench {
  /** Room for every key set of the suite, so nothing is evicted during a hit row. */
  static final int MAX = 100_000;
  /** The TTL of the agent's rules, for the expiring baseline. */
  static final Duration TTL = Duration.ofMinutes(10);

  Twin twin;
  Cache<String, String> floor;
  Cache<Long, String> floorLong;
  Cache<String, String> expiring;
  LoadingCache<String, String> loading;
  Cache<MethodKey, Object> generic;

  @Setup(Level.Trial)
  public void setup(Keys keys) {
    twin = new Twin();
    floor = Caffeine.newBuilder().maximumSize(MAX).build();
    floorLong = Caffeine.newBuilder().maximumSize(MAX).build();
    expiring = Caffeine.newBuilder().maximumSize(MAX).expireAfterWrite(TTL).build();
    loading = Caffeine.newBuilder().maximumSize(MAX).build(twin::lookup);
    generic = Caffeine.newBuilder().maximumSize(MAX).build();
    for (int i = 0; i < keys.size; i++) {
      floor.put(keys.stored[i], twin.lookup(keys.stored[i]));
      floorLong.put(keys.ids[i], twin.byId(keys.ids[i]));
      expiring.put(keys.stored[i], twin.lookup(keys.stored[i]));
      loading.get(keys.stored[i]);
      generic.put(new MethodKey(LOOKUP, new Object[] {keys.stored[i]}), twin.lookup(keys.stored[i]));
    }
  }

  /** The method itself, uncached: what every hit saves. */
  @Benchmark
  public String direct(Keys k, Cursor c) {
    return twin.lookup(k.probe[c.next(k.size)]);
  }

  /** Hand-written cache-aside, getIfPresent, maximumSize, no expiry: the floor. */
  @Benchmark
  public String caffeineFloor(Keys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    String v = floor.getIfPresent(key);
    if (v == null) {
      v = twin.lookup(key);
      floor.put(key, v);
    }
    return v;
  }

  /** The floor for a {@code long} id: the key is boxed, as the agent must box it too. */
  @Benchmark
  public String caffeineFloorLong(Keys k, Cursor c) {
    long id = k.ids[c.next(k.size)];
    String v = floorLong.getIfPresent(id);
    if (v == null) {
      v = twin.byId(id);
      floorLong.put(id, v);
    }
    return v;
  }

  /** The floor plus expireAfterWrite with Caffeine's default ticker: what users write. */
  @Benchmark
  public String caffeineExpireAfterWrite(Keys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    String v = expiring.getIfPresent(key);
    if (v == null) {
      v = twin.lookup(key);
      expiring.put(key, v);
    }
    return v;
  }

  /** Caffeine's LoadingCache.get. */
  @Benchmark
  public String caffeineLoading(Keys k, Cursor c) {
    return loading.get(k.probe[c.next(k.size)]);
  }

  /**
   * A naive generic method cache: one shared cache, a composite key (method id + the argument
   * array, value equality) built on every call, as an interceptor that sees Object[] args would.
   */
  @Benchmark
  public String compositeKey(Keys k, Cursor c) {
    String key = k.probe[c.next(k.size)];
    MethodKey mk = new MethodKey(LOOKUP, new Object[] {key});
    Object v = generic.getIfPresent(mk);
    if (v == null) {
      v = twin.lookup(key);
      generic.put(mk, v);
    }
    return (String) v;
  }

  static final String LOOKUP = "io.methodcache.bench.Twin#lookup(java.lang.String)";

  /** The composite key of the naive generic cache. */
  static final class MethodKey {
    final String method;
    final Object[] args;
    final int hash;

    MethodKey(String method, Object[] args) {
      this.method = method;
      this.args = args;
      this.hash = 31 * method.hashCode() + Arrays.hashCode(args);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof MethodKey)) {
        return false;
      }
      MethodKey k = (MethodKey) o;
      return hash == k.hash && method.equals(k.method) && Arrays.equals(args, k.args);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
