package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.outcome;
import static io.methodcache.it.apps.Report.put;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.YamlSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.yaml.snakeyaml.Yaml;

/**
 * An app that carries its own Caffeine 2.x, Byte Buddy 1.14 and SnakeYAML 1.x and uses them while
 * the agent (with its own, shaded, newer copies) caches one of its methods.
 */
public final class ConflictApp {
  public static void main(String[] args) throws Exception {
    put("caffeine.jar", jarOf(Caffeine.class));
    put("caffeine.works", outcome(() -> {
      LoadingCache<String, Integer> lengths = Caffeine.newBuilder().maximumSize(10).recordStats()
          .build(String::length);
      Cache<String, String> plain = Caffeine.newBuilder().build();
      plain.put("k", "v");
      return lengths.get("four") + "," + lengths.get("four") + "," + lengths.stats().hitCount() + ","
          + plain.getIfPresent("k");
    }));

    put("snakeyaml.jar", jarOf(Yaml.class));
    put("snakeyaml.works", outcome(() -> {
      Map<String, Object> map = new Yaml().load("a: 1\nb: [x, y]");
      return map.get("a") + "," + map.get("b");
    }));

    put("bytebuddy.jar", jarOf(ByteBuddy.class));
    put("bytebuddy.works", outcome(() -> new ByteBuddy(ClassFileVersion.JAVA_V8)
        .subclass(Object.class)
        .method(ElementMatchers.named("toString"))
        .intercept(FixedValue.value("made by the app's byte buddy"))
        .make()
        .load(ConflictApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded()
        .getDeclaredConstructor()
        .newInstance()
        .toString()));

    YamlSettings settings = new YamlSettings();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) values.add(outcome(() -> settings.parse("name: shop\nsize: 3")));
    put("cached.values", String.join(" ; ", values));
    put("cached.bodies", Bodies.count("yaml-settings"));

    if (!java.util.Arrays.asList(args).contains("--without-agent")) {
      AgentProbe.reportAgent();
    }
    put("done", true);
  }

  static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath()
        .replaceAll(".*/", "");
  }
}
