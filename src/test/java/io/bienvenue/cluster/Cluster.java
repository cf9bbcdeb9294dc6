package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code deploy/cluster} runs, for a test: instances on one database behind nginx. Closing
 * stops nginx, then every instance.
 */
final class Cluster implements AutoCloseable {

  final Instances instances;
  final Nginx nginx;

  private Cluster(Instances instances, Nginx nginx) {
    this.instances = instances;
    this.nginx = nginx;
  }

  /** Starts {@code size} instances on {@code database} and nginx in front, its files in folder. */
  static Cluster start(int size, String database, Path folder) throws Exception {
    return start(size, database, folder, Map.of());
  }

  /**
   * As {@link #start(int, String, Path)}, each instance with {@code settings} in its environment.
   */
  static Cluster start(int size, String database, Path folder, Map<String, String> settings)
      throws Exception {
    Instances instances = Instances.start(size, database, settings);
    try {
      return new Cluster(instances, Nginx.start(folder, instances.ports()));
    } catch (Exception | AssertionError e) {
      instances.close();
      throw e;
    }
  }

  /** A client reaching the instances through nginx. */
  ApiClient viaNginx() {
    return nginx.client();
  }

  /** A client reaching instance {@code index} (modulo their number) directly. */
  ApiClient direct(int index) {
    return instances.client(index);
  }

  @Override
  public void close() {
    try {
      nginx.close();
    } finally {
      instances.close();
    }
  }
}
