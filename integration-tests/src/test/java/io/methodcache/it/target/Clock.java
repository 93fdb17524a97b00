package io.methodcache.it.target;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bodies for expiry and size bounds; each records when it last ran for a key. */
public class Clock {
  public static final Map<Integer, Long> JITTER_LOADED_AT = new ConcurrentHashMap<>();

  public String tick(String key) {
    Bodies.ran("short-ttl");
    return "tick-" + key;
  }

  public String jittered(int key) {
    Bodies.ran("jitter:" + key);
    JITTER_LOADED_AT.put(key, System.nanoTime());
    return "j" + key;
  }

  public String bounded(int key) {
    Bodies.ran("bounded");
    return "b" + key;
  }

  public String wideA(int key) {
    Bodies.ran("wide-a");
    return "a" + key;
  }

  public String wideB(int key) {
    Bodies.ran("wide-b");
    return "b" + key;
  }
}
