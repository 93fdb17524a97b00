package io.methodcache.it.target;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;

/**
 * A cached method of the conflict app that itself uses the app's own SnakeYAML and Caffeine, the
 * same libraries (other versions) the agent carries shaded.
 */
public class YamlSettings {
  private final Cache<String, Object> ownCache = Caffeine.newBuilder().maximumSize(100).build();

  public String parse(String yaml) {
    Bodies.ran("yaml-settings");
    Map<String, Object> map = new Yaml().load(yaml);
    ownCache.put(yaml, map);
    return new TreeMap<>(map).toString();
  }
}
