package io.bienvenue.cluster;

import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * nginx in the foreground, configured by {@code deploy/nginx.conf.template} (the file {@code
 * deploy/cluster} uses) with a round robin over the given ports of 127.0.0.1, or by another
 * template of {@code deploy/}, listening on a free port of 127.0.0.1, with its configuration, pid
 * file, logs and temporary files in a folder of the test's. Closing stops it and its workers.
 */
final class Nginx implements AutoCloseable {

  /** The environment variable naming the nginx executable, such as {@code /usr/sbin/nginx}. */
  static final String EXECUTABLE_VARIABLE = "BIENVENUE_TEST_NGINX";

  static final Path TEMPLATE = Path.of("deploy", "nginx.conf.template");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final Path folder;
  private final int port;

  private Nginx(Process process, Path folder, int port) {
    this.process = process;
    this.folder = folder;
    this.port = port;
  }

  /** Starts nginx in {@code folder} in front of {@code upstreamPorts}; returns once it accepts. */
  static Nginx start(Path folder, List<Integer> upstreamPorts) throws Exception {
    return start(
        folder,
        TEMPLATE,
        port -> Map.of("@SERVERS@", servers(upstreamPorts), "@LISTEN@", "127.0.0.1:" + port));
  }

  /**
   * Starts nginx in {@code folder} with {@code template}, each placeholder (a key of the map that
   * {@code placeholders} gives for the port nginx is to listen on) replaced by its value; returns
   * once it accepts.
   */
  static Nginx start(Path folder, Path template, IntFunction<Map<String, String>> placeholders)
      throws Exception {
    int port = freePort();
    Path config = folder.resolve("nginx.conf");
    Files.createDirectories(folder.resolve("temp"));
    String text = Files.readString(template, StandardCharsets.UTF_8);
    for (Map.Entry<String, String> placeholder : placeholders.apply(port).entrySet()) {
      text = text.replace(placeholder.getKey(), placeholder.getValue());
    }
    Files.writeString(config, text, StandardCharsets.UTF_8);
    ProcessBuilder builder =
        new ProcessBuilder(
                System.getenv(EXECUTABLE_VARIABLE),
                "-p",
                folder + "/",
                "-c",
                config.toString(),
                "-e",
                folder.resolve("error.log").toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("nginx.out").toFile());
    // nginx reads NGINX as listening sockets inherited from an upgrade: none here.
    builder.environment().remove("NGINX");
    Process process = builder.start();
    Nginx nginx = new Nginx(process, folder, port);
    try {
      ServerProcess.awaitAccepting(process, port, START_TIMEOUT, "nginx", nginx::errorLog);
      return nginx;
    } catch (Exception | AssertionError e) {
      nginx.close();
      throw e;
    }
  }

  /** One "server 127.0.0.1:PORT;" line per port, what deploy/cluster puts for SERVERS. */
  static String servers(List<Integer> upstreamPorts) {
    return upstreamPorts.stream()
        .map(p -> "    server 127.0.0.1:" + p + ";")
        .collect(Collectors.joining("\n"));
  }

  /** The address clients reach the instances through. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A client talking to the instances through nginx. */
  ApiClient client() {
    return ApiClient.behindProxy(url());
  }

  /** nginx's error log, for messages. */
  String errorLog() {
    Path log = folder.resolve("error.log");
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(error.log unreadable: " + e + ")";
    }
  }

  /**
   * Stops nginx (SIGTERM, a fast shutdown) and its workers; returns once they have ended. An
   * interrupted close kills them outright and keeps the interrupt.
   */
  @Override
  public void close() {
    ServerProcess.stop(process);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
