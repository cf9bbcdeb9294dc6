package io.bienvenue.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.testing.RawAnswer;
import io.bienvenue.testing.RawHttp;
import io.bienvenue.testing.ServiceFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole service in-process: the real server on a random
 * port, sent requests whose method, path, content type, {@code Origin}, {@code Sec-Fetch-Site},
 * cookie and body come from the fuzzer, as raw bytes over a socket. Every answer comes within ten
 * seconds and is never a 5xx; every refusal is a JSON {@code message}. This reaches the form, JSON
 * and multipart parsing of {@code RequestFields}, {@code SameOriginGuard}, the session cookie, the
 * error mapping and Jetty's own parser. Corpus: {@code
 * src/test/resources/io/bienvenue/hostile/AppFuzzTestInputs/<target>/}.
 */
class AppFuzzTest {

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final List<String> PATHS =
      List.of(
          "/",
          "/users",
          "/sessions",
          "/profile",
          "/reset_password",
          "/openapi.json",
          "/sessions/AAAAAAAAAAAAAAAAAAAAAA",
          "/profile/password",
          "/profile/totp",
          "/verify_email",
          "/verify_email/resend");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/x-www-form-urlencoded",
          "application/json",
          "multipart/form-data; boundary=b",
          "text/plain");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(10);

  @RegisterExtension static final ServiceFixture service = ServiceFixture.development();

  /** One request: method, path and headers picked or made by the fuzzer, the rest as the body. */
  @FuzzTest(maxDuration = "2m")
  void anyRequest(FuzzedDataProvider data) throws IOException {
    // Jazzer's SSRF detector would report the test's own connections to the local server.
    SilentCloseable allowed =
        BugDetectors.allowNetworkConnections(
            (host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    try {
      send(data);
    } finally {
      allowed.close();
    }
  }

  private static void send(FuzzedDataProvider data) throws IOException {
    String method = data.pickValue(METHODS);
    String path = data.consumeBoolean() ? data.pickValue(PATHS) : "/" + token(data, 40);
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
    if (data.consumeBoolean()) {
      String type = data.consumeBoolean() ? data.pickValue(CONTENT_TYPES) : token(data, 60);
      request.append("Content-Type: ").append(type).append("\r\n");
    }
    if (data.consumeBoolean()) {
      request.append("Origin: ").append(token(data, 60)).append("\r\n");
    }
    if (data.consumeBoolean()) {
      request.append("Sec-Fetch-Site: ").append(token(data, 20)).append("\r\n");
    }
    if (data.consumeBoolean()) {
      request.append("Cookie: ").append(token(data, 120)).append("\r\n");
    }
    byte[] body = data.consumeRemainingAsBytes();
    request.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] whole = new byte[head.length + body.length];
    System.arraycopy(head, 0, whole, 0, head.length);
    System.arraycopy(body, 0, whole, head.length, body.length);

    RawAnswer answer = RawHttp.exchange(service.port(), whole, LIMIT);

    assertThat(answer.statusLine()).as("an HTTP/1.1 answer").startsWith("HTTP/1.1 ");
    assertThat(answer.status()).as("%s", answer).isLessThan(500);
    if (answer.status() >= 400) {
      JsonNode json = JSON.readTree(answer.body());
      assertThat(json.path("message").isTextual()).as("%s", answer).isTrue();
    }
  }

  /** A string the fuzzer chooses, as bytes on the wire (ISO-8859-1), with no line breaks. */
  private static String token(FuzzedDataProvider data, int maxLength) {
    byte[] bytes = data.consumeBytes(maxLength);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    return text.replace('\r', ' ').replace('\n', ' ');
  }
}
