package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code deploy/nginx-auth-request.conf.template} sets up, for a test: an {@link EchoApp}
 * behind nginx, which lets a request reach it only when Bienvenue's {@code GET /sessions/whoami}
 * (round robin over the given instances) finds a session, and serves Bienvenue's own routes on the
 * same origin. Closing stops nginx, then the app.
 */
final class ProtectedApp implements AutoCloseable {

  static final Path TEMPLATE = Path.of("deploy", "nginx-auth-request.conf.template");

  final EchoApp app;
  final Nginx nginx;

  private ProtectedApp(EchoApp app, Nginx nginx) {
    this.app = app;
    this.nginx = nginx;
  }

  /**
   * Starts the app and nginx in front of it and of {@code bienvenuePorts}, nginx's files in folder.
   */
  static ProtectedApp start(Path folder, List<Integer> bienvenuePorts) throws Exception {
    return start(folder, TEMPLATE, bienvenuePorts);
  }

  /**
   * Starts the app and nginx configured by {@code template}, which has the placeholders of {@link
   * #TEMPLATE}, in front of it and of {@code bienvenuePorts}, nginx's files in folder.
   */
  static ProtectedApp start(Path folder, Path template, List<Integer> bienvenuePorts)
      throws Exception {
    EchoApp app = EchoApp.start();
    try {
      Nginx nginx =
          Nginx.start(
              folder,
              template,
              port ->
                  Map.of(
                      "@SERVERS@", Nginx.servers(bienvenuePorts),
                      "@APP@", "127.0.0.1:" + app.port(),
                      "@APP_ORIGIN@", "http://127.0.0.1:" + port,
                      "@LISTEN@", "127.0.0.1:" + port));
      return new ProtectedApp(app, nginx);
    } catch (Exception | AssertionError e) {
      app.close();
      throw e;
    }
  }

  /** The origin people reach the app and Bienvenue's pages on: nginx's. */
  String origin() {
    return nginx.url();
  }

  /** A client of the app and of Bienvenue, through nginx. */
  ApiClient client() {
    return nginx.client();
  }

  @Override
  public void close() {
    try {
      nginx.close();
    } finally {
      app.close();
    }
  }
}
