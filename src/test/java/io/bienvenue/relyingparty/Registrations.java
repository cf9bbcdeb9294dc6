package io.bienvenue.relyingparty;

import io.bienvenue.Administration;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.oauth.IdTokenAlgorithm;
import io.bienvenue.oauth.NewClient;
import io.bienvenue.oauth.RegisteredClient;
import io.bienvenue.testing.ApiClient;
import io.bienvenue.testing.ServiceFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What an operator and a person do on Bienvenue before a relying party is tried against it. */
final class Registrations {

  private Registrations() {}

  /**
   * Brings the service's clock to this machine's, which the relying parties check the tokens' times
   * against.
   */
  static void clockOnTime(ServiceFixture service) {
    service.clock().advance(Duration.between(service.clock().instant(), Instant.now()));
  }

  /**
   * Registers a confidential client allowed refresh tokens, whose ID tokens are signed with ES256,
   * as {@code ./bienvenue client add} does; returns it with its secret.
   */
  static RegisteredClient confidentialClient(
      ServiceFixture service, String redirectUri, String postLogoutRedirectUri) {
    try (Administration admin =
        Administration.open(
            service.config().database(), 4, PasswordPolicy.development(), Clock.systemUTC())) {
      return admin
          .clients()
          .add(
              new NewClient(
                  "Wiki",
                  List.of(redirectUri),
                  List.of(postLogoutRedirectUri),
                  false,
                  false,
                  true,
                  IdTokenAlgorithm.ES256));
    }
  }

  /** Signs up a person through the API; returns their public user id (the tokens' {@code sub}). */
  static String person(ServiceFixture service, String email, String password) {
    ApiClient api = service.api();
    api.postForm("/users", Map.of("email", email, "password", password));
    String[] session =
        api.postForm("/sessions", Map.of("email", email, "password", password)).sessionCookie();
    return api.get("/sessions/whoami", session).json().at("/user/id").asText();
  }
}
