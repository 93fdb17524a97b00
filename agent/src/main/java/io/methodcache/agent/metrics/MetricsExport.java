package io.methodcache.agent.metrics;

import io.methodcache.agent.Log;
import io.methodcache.agent.engine.Engine;
import java.lang.instrument.Instrumentation;

/**
 * Starts what shows the rules' figures beside JMX: the Micrometer bridge (unless
 * {@code -Dmethodcache.micrometer=false}) and the opt-in Prometheus endpoint. Neither may stop the
 * agent's start: a fault here is said and the rules are cached all the same.
 */
public final class MetricsExport {
  private final MicrometerBridge micrometer;

  private MetricsExport(MicrometerBridge micrometer) {
    this.micrometer = micrometer;
  }

  public static MetricsExport start(Engine engine, Instrumentation inst) {
    MicrometerBridge micrometer = null;
    try {
      if (MicrometerBridge.wanted()) {
        micrometer = new MicrometerBridge(engine);
        micrometer.install(inst);
      }
    } catch (Throwable e) {
      Log.warn("rules not shown in Micrometer: " + e);
    }
    try {
      new MetricsEndpoint(engine, EndpointSettings.fromEnvironment()).start();
    } catch (Throwable e) {
      Log.warn("metrics endpoint not started: " + e);
    }
    return new MetricsExport(micrometer);
  }

  /** After a reload: meters for the new rules, none for the removed ones. */
  public void sync() {
    if (micrometer != null) {
      micrometer.sync();
    }
  }
}
