package io.bienvenue.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The app that {@code deploy/nginx-auth-request.conf.template} protects, for a test: the JDK's HTTP
 * server on a free port of 127.0.0.1, answering every request with a JSON object of the {@code
 * X-Bienvenue-*} headers it received (each name, in lower case, with its list of values), and
 * keeping every request it was sent, so a test can tell that a request never reached it. Closing
 * stops it. Thread-safe.
 */
final class EchoApp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request the app was sent: its URI as nginx passed it on, and all its headers. */
  record Received(String uri, Headers headers) {

    /** Every value of header {@code name} (in any case), in the order sent. */
    List<String> values(String name) {
      List<String> values = headers.get(name);
      return values == null ? List.of() : List.copyOf(values);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  private EchoApp(HttpServer server) {
    this.server = server;
  }

  /** Starts the app; it answers as soon as this returns. */
  static EchoApp start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    EchoApp app = new EchoApp(server);
    server.createContext("/", app::answer);
    server.start();
    return app;
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Every request received so far, oldest first. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** The last request received; an AssertionError if none was. */
  Received last() {
    if (received.isEmpty()) {
      throw new AssertionError("the app received no request");
    }
    return received.get(received.size() - 1);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      received.add(new Received(exchange.getRequestURI().toString(), exchange.getRequestHeaders()));
      Map<String, List<String>> echoed = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (name.toLowerCase(Locale.ROOT).startsWith("x-bienvenue")) {
                  echoed.put(name.toLowerCase(Locale.ROOT), values);
                }
              });
      byte[] body = JSON.writeValueAsString(echoed).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
