package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Readers and an evicting writer race on a few keys: once the writer stops, every key reads its
 * last written version (no load that read older data stays cached).
 */
class EvictRaceTest {
  private static final SourcePosition AT = new SourcePosition("rules.yaml", 1, 1);

  @Test
  void afterTheWriterStopsEveryKeyReadsItsLastVersion() throws Exception {
    RuleConfig byId = RuleConfig.builder().name("byId").position(AT)
        .method(MethodPattern.parse("com.shop.Repo#find(java.lang.Long)")).build();
    RuleConfig save = RuleConfig.builder().name("save").position(AT)
        .method(MethodPattern.parse("com.shop.Repo#save(java.lang.Long)"))
        .evict(List.of(EvictTarget.key("byId", KeyTemplate.parse("{0}"), false, AT))).build();
    Engine e = new Engine(List.of(byId, save));
    e.addSite(e.rule("byId"), new Site.MethodInfo("com.shop.Repo#find(java.lang.Long)", 1,
        "java.lang.Integer", null));
    e.addSite(e.rule("save"), new Site.MethodInfo("com.shop.Repo#save(java.lang.Long)", 1,
        "void", null));
    int keys = 4;
    AtomicIntegerArray db = new AtomicIntegerArray(keys);
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      Thread r = new Thread(() -> {
        while (!stop.get()) {
          read(e, db, ThreadLocalRandom.current().nextInt(keys));
        }
      });
      r.start();
      readers.add(r);
    }
    for (int i = 0; i < 20_000; i++) {
      int k = i % keys;
      Object state = e.enter1(1, null, (long) k);
      db.incrementAndGet(k);
      e.exit(state, null, null);
    }
    stop.set(true);
    for (Thread r : readers) {
      r.join();
    }
    for (int k = 0; k < keys; k++) {
      assertEquals(db.get(k), read(e, db, k), "key " + k);
    }
  }

  private static int read(Engine e, AtomicIntegerArray db, int k) {
    Object state = e.enter1(0, null, (long) k);
    if (state instanceof Hit) {
      return (Integer) e.exit(state, null, null);
    }
    Integer v = db.get(k);
    return state == null ? v : (Integer) e.exit(state, v, null);
  }
}
