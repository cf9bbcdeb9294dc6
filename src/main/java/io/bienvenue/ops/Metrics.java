package io.bienvenue.ops;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The metrics registry of a running service, in Prometheus's format, with the JVM's own meters. */
public final class Metrics {

  private Metrics() {}

  /** Creates an empty registry; {@link #bindJvmMeters} adds the JVM's own meters. */
  public static PrometheusMeterRegistry create() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Binds the JVM and process meters to {@code registry} (a few dozen milliseconds of class loading
   * and JMX lookups, which the service does off its main thread). The {@link JvmGcMetrics} listener
   * lives as long as the registry; close the registry to release it.
   */
  public static void bindJvmMeters(PrometheusMeterRegistry registry) {
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }
}
