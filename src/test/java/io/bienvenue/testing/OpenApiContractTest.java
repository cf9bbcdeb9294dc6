package io.bienvenue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiClient} against a stand-in server that answers what the test says, so that each way a
 * reply can break the OpenAPI document is seen to fail, and each request that is no documented
 * operation is seen to pass unchecked.
 */
class OpenApiContractTest {

  private static final String JSON = "application/json";

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void aReplyAsDocumentedPasses() throws IOException {
    ApiClient client = answering(200, JSON, "{\"message\":\"Bienvenue\"}", Map.of());

    assertThat(client.get("/").status()).isEqualTo(200);
  }

  @Test
  void aFieldTheSchemaDoesNotAllowFails() throws IOException {
    ApiClient client = answering(200, JSON, "{\"message\":\"Bienvenue\",\"extra\":1}", Map.of());

    assertThatThrownBy(() -> client.get("/"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET / answered 200")
        .hasMessageContaining("additionalProperties");
  }

  @Test
  void aValueOutsideTheSchemaFails() throws IOException {
    ApiClient client = answering(200, JSON, "{\"message\":\"Hello\"}", Map.of());

    assertThatThrownBy(() -> client.get("/"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("validation.response.body.schema.enum");
  }

  @Test
  void aStatusTheOperationDoesNotDocumentFails() throws IOException {
    ApiClient client = answering(418, JSON, "{\"message\":\"teapot\"}", Map.of());

    assertThatThrownBy(() -> client.get("/"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("validation.response.status.unknown");
  }

  @Test
  void aDocumentedHeaderThisStatusDoesNotListFails() throws IOException {
    ApiClient client =
        answering(200, JSON, "{\"message\":\"Bienvenue\"}", Map.of("Retry-After", "1"));

    assertThatThrownBy(() -> client.get("/"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Retry-After: a header this status does not document");
  }

  @Test
  void aMissingRequiredHeaderFails() throws IOException {
    ApiClient client = answering(302, "text/plain", "Redirected", Map.of());

    assertThatThrownBy(() -> client.delete("/sessions"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("validation.response.header.missing");
  }

  @Test
  void aWebPageAnUnknownPathAndAnUndocumentedMethodAreNotChecked() throws IOException {
    ApiClient client = answering(200, "text/html", "<p>anything</p>", Map.of());

    assertThat(client.get("/ui/login").status()).isEqualTo(200);
    assertThat(client.get("/metrics").status()).isEqualTo(200);
    assertThat(client.post("/").status()).isEqualTo(200);
  }

  /** A client of a server that gives every request the same reply. */
  private ApiClient answering(int status, String type, String body, Map<String, String> headers)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().put("Content-Type", List.of(type));
          headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort());
  }
}
