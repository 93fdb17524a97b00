package io.methodcache.agent.metrics;

import io.methodcache.agent.Log;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;

/**
 * Shows every rule in the application's Micrometer, without configuration: watches for a class
 * loader defining Micrometer's {@code MeterRegistry} (the agent transforms nothing here, it only
 * looks at the name), then, from its own daemon thread, registers function meters for each rule
 * in that loader's {@code Metrics.globalRegistry}. Spring Boot adds its registries to the global
 * one when it creates them, later ({@code management.metrics.use-global-registry}, default true).
 * Anything Micrometer refuses is said once and the application runs on without the meters.
 */
public final class MicrometerBridge implements ClassFileTransformer {
  static final String WATCHED = "io/micrometer/core/instrument/MeterRegistry";

  private final Engine engine;
  private final Set<ClassLoader> seen = Collections.newSetFromMap(new WeakHashMap<>());
  private final List<Binding> bindings = new ArrayList<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "methodcache-micrometer");
    t.setDaemon(true);
    return t;
  });

  public MicrometerBridge(Engine engine) {
    this.engine = engine;
  }

  /** Off with {@code -Dmethodcache.micrometer=false}. */
  public static boolean wanted() {
    return !"false".equalsIgnoreCase(System.getProperty("methodcache.micrometer", "true").trim());
  }

  public void install(Instrumentation inst) {
    inst.addTransformer(this, false);
    for (Class<?> c : inst.getAllLoadedClasses()) { // attached to a running JVM
      if (c.getName().equals("io.micrometer.core.instrument.MeterRegistry")) {
        found(c.getClassLoader());
      }
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
      ProtectionDomain domain, byte[] bytes) {
    if (redefined == null && WATCHED.equals(className)) {
      found(loader);
    }
    return null; // never changes a class
  }

  private void found(ClassLoader loader) {
    synchronized (seen) {
      if (loader == null || !seen.add(loader)) {
        return;
      }
    }
    // not here: the loader is in the middle of defining MeterRegistry
    worker.execute(() -> bind(loader));
  }

  /** Binds to the Micrometer of {@code loader} now (the worker does it for found loaders). */
  void bind(ClassLoader loader) {
    MicrometerRegistry registry;
    try {
      registry = MicrometerRegistry.in(loader);
    } catch (Throwable e) {
      Log.warnOnce("micrometer|" + e.getClass().getName(), "rules not shown in Micrometer (the"
          + " application's Micrometer in " + loader + " is not usable: " + e + "); JMX (and"
          + " the metrics endpoint, when on) still show them");
      return;
    }
    Binding b = new Binding(registry);
    synchronized (this) {
      bindings.add(b);
      b.sync();
    }
    Log.info("rules shown in Micrometer (Metrics.globalRegistry of " + loader + ")");
  }

  /** After a reload: meters for new rules, none for removed ones. */
  public void sync() {
    worker.execute(this::syncNow);
  }

  synchronized void syncNow() {
    for (Binding b : bindings) {
      b.sync();
    }
  }

  /** One registry's meters, per rule. */
  private final class Binding {
    private final MicrometerRegistry registry;
    private final Map<String, RuleMeters> rules = new LinkedHashMap<>();

    Binding(MicrometerRegistry registry) {
      this.registry = registry;
    }

    void sync() {
      Map<String, RuleRuntime> current = engine.rules();
      for (RuleMeters m : new ArrayList<>(rules.values())) {
        RuleRuntime r = current.get(m.rule);
        if (r == null || r.config().isWriteRule() != m.writeRule) {
          m.remove(registry);
          rules.remove(m.rule);
        }
      }
      for (RuleRuntime r : current.values()) {
        if (!rules.containsKey(r.name())) {
          RuleMeters m = new RuleMeters(r.name(), r.config().isWriteRule());
          rules.put(r.name(), m);
          m.register(registry, r);
        }
      }
    }
  }

  /**
   * The meters of one rule, and the object they read through: Micrometer holds function meters'
   * objects weakly, this map holds it strongly. The rule is looked up by name at each reading, so
   * a reload that replaces the rule's runtime needs no new meters.
   */
  private final class RuleMeters {
    final String rule;
    final boolean writeRule;
    final List<Object> meters = new ArrayList<>();

    RuleMeters(String rule, boolean writeRule) {
      this.rule = rule;
      this.writeRule = writeRule;
    }

    void register(MicrometerRegistry registry, RuleRuntime runtime) {
      for (Figure f : Figures.ALL_FIGURES) {
        if (f.meter() == null || !f.appliesTo(runtime)) {
          continue;
        }
        List<String> tags = f.meter().ruleTags(rule);
        if (f.tagKey() != null) {
          tags.add(f.tagKey());
          tags.add(f.tagValue());
        }
        ToDoubleFunction<Object> read = self -> {
          RuleRuntime r = engine.rule(rule);
          return r == null ? Double.NaN : f.exportedValue(r);
        };
        try {
          meters.add(registry.register(f, tags, this, read));
        } catch (Throwable e) {
          Throwable cause = e instanceof java.lang.reflect.InvocationTargetException
              ? e.getCause() : e;
          Log.warnOnce("micrometer-meter|" + f.meter().name(), "Micrometer refused the meter "
              + f.meter().name() + " of rule '" + rule + "' (" + cause + "); the other meters"
              + " and JMX still show it");
        }
      }
    }

    void remove(MicrometerRegistry registry) {
      for (Object m : meters) {
        try {
          registry.remove(m);
        } catch (Throwable e) {
          Log.warnOnce("micrometer-remove", "a removed rule's meter stays in Micrometer: " + e);
        }
      }
      meters.clear();
    }
  }
}
