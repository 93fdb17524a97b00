package io.methodcache.agent.redis;

import io.methodcache.agent.Log;
import io.methodcache.agent.config.SerializationConfig;
import io.methodcache.api.ValueCodec;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The codecs L2 can read and write, by the id written in each envelope: the JDK codec (always
 * present, id "jdk") plus every {@link ValueCodec} found by {@link ServiceLoader}. A provider that
 * fails to load, or claims an id already taken, is skipped with a warning: a broken plug-in must
 * not take the cache down.
 */
public final class Codecs {
  private final ValueCodec defaultCodec;
  private final Map<String, ValueCodec> byId;

  public Codecs(ValueCodec defaultCodec, Iterable<? extends ValueCodec> others) {
    Map<String, ValueCodec> map = new LinkedHashMap<>();
    map.put(defaultCodec.id(), defaultCodec);
    for (ValueCodec c : others) {
      register(map, c);
    }
    this.defaultCodec = defaultCodec;
    this.byId = Collections.unmodifiableMap(map);
  }

  /** The JDK codec with these allow patterns, plus the providers visible from {@code spiLoader}. */
  public static Codecs load(List<String> allowPatterns, ClassLoader spiLoader) {
    return load(new SerializationConfig(allowPatterns, null), spiLoader);
  }

  /**
   * The JDK codec reading back what the rules file's {@code serialization:} section allows (as
   * parsed and checked with the rules), plus the providers visible from {@code spiLoader}.
   */
  public static Codecs load(SerializationConfig serialization, ClassLoader spiLoader) {
    JdkValueCodec jdk = new JdkValueCodec(SerialAllowList.of(serialization),
        JdkValueCodec.Limits.DEFAULT);
    Map<String, ValueCodec> found = new LinkedHashMap<>();
    try {
      Iterator<ValueCodec> it = ServiceLoader.load(ValueCodec.class, spiLoader).iterator();
      while (true) {
        ValueCodec c;
        try {
          if (!it.hasNext()) {
            break;
          }
          c = it.next();
        } catch (ServiceConfigurationError | LinkageError e) {
          Log.warn("a ValueCodec provider could not be loaded and is ignored: " + e.getMessage());
          continue;
        }
        found.put(c.getClass().getName(), c);
      }
    } catch (RuntimeException | ServiceConfigurationError e) {
      Log.warn("ValueCodec providers could not be listed: " + e);
    }
    return new Codecs(jdk, found.values());
  }

  private static void register(Map<String, ValueCodec> map, ValueCodec c) {
    String id;
    try {
      id = c.id();
    } catch (RuntimeException e) {
      Log.warn("ValueCodec " + c.getClass().getName() + " ignored: id() failed: " + e);
      return;
    }
    if (id == null || id.isEmpty() || id.length() > ValueEnvelope.MAX_CODEC_ID
        || id.chars().anyMatch(ch -> ch <= ' ' || ch >= 127)) {
      Log.warn("ValueCodec " + c.getClass().getName() + " ignored: id '" + id
          + "' is not 1.." + ValueEnvelope.MAX_CODEC_ID + " printable ASCII characters");
      return;
    }
    ValueCodec previous = map.putIfAbsent(id, c);
    if (previous != null && previous != c) {
      Log.warn("ValueCodec " + c.getClass().getName() + " ignored: id '" + id + "' is taken by "
          + previous.getClass().getName());
    }
  }

  public ValueCodec defaultCodec() {
    return defaultCodec;
  }

  /** The codec written with this id in an envelope, or null (the value is then a miss). */
  public ValueCodec byId(String id) {
    return id == null ? null : byId.get(id);
  }

  public Set<String> ids() {
    return byId.keySet();
  }
}
