package io.bienvenue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A real HTTP client for the API, sending forms as browsers and Python's requests do. Every reply
 * to a documented operation is checked against the OpenAPI document ({@link OpenApiContract}),
 * except, for a client {@link #behindProxy behind a proxy}, the proxy's own gateway errors.
 */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The statuses a reverse proxy writes itself when no instance answers: not the service's. */
  private static final Set<Integer> GATEWAY_ERRORS = Set.of(502, 504);

  private final Supplier<String> base;
  private final boolean proxied;
  private final OpenApiContract contract;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public ApiClient(String base) {
    this(() -> base, false);
  }

  /** A client whose base URL is asked of {@code base} at each request, for a server not up yet. */
  ApiClient(Supplier<String> base) {
    this(base, false);
  }

  private ApiClient(Supplier<String> base, boolean proxied) {
    this(base, proxied, OpenApiContract.document());
  }

  private ApiClient(Supplier<String> base, boolean proxied, OpenApiContract contract) {
    this.base = base;
    this.proxied = proxied;
    this.contract = contract;
  }

  /**
   * A client of the admin listener at {@code base}, whose replies are checked against the admin
   * API's document instead.
   */
  public static ApiClient admin(String base) {
    return new ApiClient(() -> base, false, OpenApiContract.admin());
  }

  /**
   * A client of instances behind the reverse proxy at {@code base}: a 502 or 504, which the proxy
   * writes itself when an instance is down or slow, is not checked against the document; every
   * reply an instance wrote still is.
   */
  public static ApiClient behindProxy(String base) {
    return new ApiClient(() -> base, true);
  }

  /** A response, its body read as JSON where it is JSON. */
  public record Reply(int status, HttpResponse<String> raw) {

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    public Map<String, Object> body() {
      Map<String, Object> fields = new LinkedHashMap<>();
      json().properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
      return fields;
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    public List<String> headers(String name) {
      return raw.headers().allValues(name);
    }

    /**
     * The Set-Cookie header that sets the session cookie, {@code session_id} (development), {@code
     * __Host-session_id} (production) or {@code __Secure-session_id} (production, shared across a
     * cookie domain): the first (a production logout clears every name).
     */
    public String sessionCookieHeader() {
      return headers("Set-Cookie").stream()
          .filter(
              h ->
                  h.startsWith(SESSION_COOKIE + "=")
                      || h.startsWith(HOST_COOKIE + "=")
                      || h.startsWith(SECURE_COOKIE + "="))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no session cookie in " + raw.headers()));
    }

    /** The name of the session cookie set: {@code session_id} or {@code __Host-session_id}. */
    public String sessionCookieName() {
      String header = sessionCookieHeader();
      return header.substring(0, header.indexOf('='));
    }

    /** The session token the Set-Cookie header carries. */
    public String sessionId() {
      String header = sessionCookieHeader();
      int end = header.indexOf(';');
      return header.substring(header.indexOf('=') + 1, end < 0 ? header.length() : end);
    }

    /** A header list for a request carrying this reply's session cookie, under its name. */
    public String[] sessionCookie() {
      return new String[] {"Cookie", sessionCookieName() + "=" + sessionId()};
    }
  }

  public Reply get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  /** A POST with no body. */
  public Reply post(String path, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()));
  }

  public Reply postForm(String path, Map<String, String> fields, String... headers) {
    return sendForm("POST", path, fields, headers);
  }

  public Reply sendForm(String method, String path, Map<String, String> fields, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(urlEncoded(fields))));
  }

  public Reply sendJson(String method, String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply sendMultipart(
      String method, String path, Map<String, String> fields, String... headers) {
    String boundary = "----bienvenue" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    body.append("--").append(boundary).append("--\r\n");
    return send(
        request(path, headers)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .method(method, HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  public Reply send(
      String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder request = request(path, headers);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  /** Development's session cookie, the original's name. */
  public static final String SESSION_COOKIE = "session_id";

  /** Production's session cookie. */
  public static final String HOST_COOKIE = "__Host-session_id";

  /** Production's session cookie when it is shared across a cookie domain. */
  public static final String SECURE_COOKIE = "__Secure-session_id";

  /** A header list for a request carrying {@code token} as its session cookie (development). */
  public static String[] session(String token) {
    return new String[] {"Cookie", SESSION_COOKIE + "=" + token};
  }

  /** A header list for a request carrying {@code token} as production's session cookie. */
  public static String[] hostSession(String token) {
    return new String[] {"Cookie", HOST_COOKIE + "=" + token};
  }

  public static String urlEncoded(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (!(proxied && GATEWAY_ERRORS.contains(response.statusCode()))) {
        contract.check(response);
      }
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
