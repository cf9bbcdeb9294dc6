package io.bienvenue.http.edge;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * Cross-origin resource sharing for the {@code --cors-origin} allow-list, by Jetty's {@link
 * CrossOriginHandler}: a browser app on one of those origins may call the JSON API with its
 * credentials (the session cookie, or {@code Authorization: Bearer}). Each origin is matched
 * exactly, never by pattern, and {@code *} is never sent. Preflights from an allowed origin are
 * answered before any route runs; every response carries {@code Vary: Origin}; a request from any
 * other origin gets no CORS header, so its browser keeps the answer from its script.
 */
public final class Cors {

  /** How long a browser may keep a preflight's answer: Chromium keeps it two hours at most. */
  public static final Duration PREFLIGHT_MAX_AGE = Duration.ofMinutes(10);

  /** The methods of the JSON API. */
  public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");

  /** The request headers a browser app sends: a form or JSON body, and the bearer token. */
  public static final Set<String> REQUEST_HEADERS =
      Set.of("Accept", "Authorization", "Content-Type");

  /** The response headers its script may read beyond the safelisted ones. */
  public static final Set<String> EXPOSED_HEADERS =
      Set.of(
          "Retry-After",
          "X-Request-Id",
          "X-Bienvenue-User-Id",
          "X-Bienvenue-Email",
          "X-Bienvenue-Session-Id");

  private Cors() {}

  /** The handler for {@code trust}'s CORS origins; none when there are none. */
  public static Optional<CrossOriginHandler> handler(CrossSiteTrust trust) {
    if (trust.corsOrigins().isEmpty()) {
      return Optional.empty();
    }
    CrossOriginHandler cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(
        trust.corsOrigins().stream().map(Pattern::quote).collect(Collectors.toSet()));
    cors.setAllowCredentials(true);
    cors.setAllowedMethods(METHODS);
    cors.setAllowedHeaders(REQUEST_HEADERS);
    cors.setExposedHeaders(EXPOSED_HEADERS);
    cors.setPreflightMaxAge(PREFLIGHT_MAX_AGE);
    cors.setDeliverPreflightRequests(false);
    cors.setDeliverNonAllowedOriginRequests(true);
    return Optional.of(cors);
  }
}
