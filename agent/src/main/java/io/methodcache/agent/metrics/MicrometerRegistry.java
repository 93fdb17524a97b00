package io.methodcache.agent.metrics;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One application's Micrometer, reached by reflection in the class loader that loaded it: the
 * agent carries no Micrometer of its own, so the meters are the application's, in its global
 * registry ({@code Metrics.globalRegistry}), which hands them to every registry added to it,
 * before or after (Spring Boot adds its registries there once it has created them).
 * Function-based meters only: they read the rule's counters when scraped.
 */
final class MicrometerRegistry {
  private final ClassLoader loader;
  private final Object global;
  private final Class<?> meterRegistryType;
  private final Method counterBuilder;
  private final Method gaugeBuilder;
  private final Method remove;

  private MicrometerRegistry(ClassLoader loader, Object global, Class<?> meterRegistryType,
      Method counterBuilder, Method gaugeBuilder, Method remove) {
    this.loader = loader;
    this.global = global;
    this.meterRegistryType = meterRegistryType;
    this.counterBuilder = counterBuilder;
    this.gaugeBuilder = gaugeBuilder;
    this.remove = remove;
  }

  /** Throws when this loader's Micrometer lacks what is needed (absent, too old, odd). */
  static MicrometerRegistry in(ClassLoader loader) throws ReflectiveOperationException {
    String pkg = "io.micrometer.core.instrument.";
    Class<?> metrics = Class.forName(pkg + "Metrics", true, loader);
    Class<?> registry = Class.forName(pkg + "MeterRegistry", false, loader);
    Class<?> meter = Class.forName(pkg + "Meter", false, loader);
    Object global = metrics.getField("globalRegistry").get(null);
    Method counter = Class.forName(pkg + "FunctionCounter", false, loader)
        .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
    Method gauge = Class.forName(pkg + "Gauge", false, loader)
        .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
    Method remove = registry.getMethod("remove", meter); // Micrometer 1.1+
    return new MicrometerRegistry(loader, global, registry, counter, gauge, remove);
  }

  ClassLoader loader() { return loader; }

  /** Registers one figure of one rule; returns the meter, to remove it when the rule goes. */
  Object register(Figure figure, List<String> tags, Object state, ToDoubleFunction<Object> read)
      throws ReflectiveOperationException {
    Meter m = figure.meter();
    boolean counter = m.type() == Figure.Type.COUNTER;
    Object builder = (counter ? counterBuilder : gaugeBuilder).invoke(null, m.name(), state, read);
    Class<?> type = builder.getClass();
    type.getMethod("tags", String[].class).invoke(builder, (Object) tags.toArray(new String[0]));
    type.getMethod("description", String.class).invoke(builder, m.help());
    if (m.baseUnit() != null) {
      type.getMethod("baseUnit", String.class).invoke(builder, m.baseUnit());
    }
    return type.getMethod("register", meterRegistryType).invoke(builder, global);
  }

  void remove(Object meter) throws ReflectiveOperationException {
    remove.invoke(global, meter);
  }
}
