package io.bienvenue.relyingparty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A person's browser, by hand: an HTTP client with a cookie jar that follows no redirect itself, so
 * a test sees and follows each step of a login between a relying party and Bienvenue. Cookies are
 * kept per host, as a browser keeps them: give the relying party and Bienvenue different host names
 * ({@code localhost} and {@code 127.0.0.1}) so each sees only its own. Not thread-safe.
 */
final class Browser {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT_HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();

  /** GETs {@code uri} with the jar's cookies and {@code headers} (name, value, ...). */
  HttpResponse<String> get(URI uri, String... headers) throws IOException, InterruptedException {
    // A browser's Accept: mod_auth_openidc answers a request that does not take HTML with a 401
    // rather than a redirect to the login.
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", ACCEPT_HTML).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * GETs {@code uri}, which must answer a redirect, and returns where it points, resolved against
   * {@code uri}.
   *
   * @throws AssertionError if the answer is no redirect
   */
  URI redirectFrom(URI uri) throws IOException, InterruptedException {
    return redirect(get(uri));
  }

  /**
   * What a person does when a relying party sends them to Bienvenue's authorization endpoint
   * without a Bienvenue session: {@code authorization} sends them to the login page, they log in
   * there (through the JSON API the page calls, {@code POST /sessions}), the page returns them to
   * the authorization request, which now sends them back to the relying party. Returns that last
   * redirect: the relying party's redirect URI with the code.
   */
  URI logInOnTheWay(URI authorization, String email, String password)
      throws IOException, InterruptedException {
    URI loginPage = redirectFrom(authorization);
    if (!loginPage.getPath().endsWith("/ui/login")) {
      throw new AssertionError("the authorization sent the browser to " + loginPage);
    }
    String returnTo =
        URLUtils.parseParameters(loginPage.getRawQuery())
            .getOrDefault("return_to", List.of(""))
            .get(0);
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(loginPage.resolve("/sessions"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("email", email, "password", password))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      throw new AssertionError("the login answered " + login.statusCode() + ": " + login.body());
    }
    return redirectFrom(loginPage.resolve(returnTo));
  }

  /** Where {@code response}, a redirect, points, resolved against its request's URI. */
  static URI redirect(HttpResponse<String> response) {
    Objects.requireNonNull(response, "response");
    String location = response.headers().firstValue("Location").orElse(null);
    if (response.statusCode() / 100 != 3 || location == null) {
      throw new AssertionError(
          response.request().uri()
              + " answered "
              + response.statusCode()
              + " without a redirect: "
              + response.body());
    }
    return response.request().uri().resolve(location);
  }
}
