package io.bienvenue.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bienvenue.testing.ApiClient.Reply;
import java.time.Instant;
import java.util.Map;

/** Turns two-step login on over HTTP, as a user does: the password, then a first code. */
public final class TotpOn {

  private TotpOn() {}

  /**
   * Enrols the user of the session {@code cookie} (the headers {@link ApiClient#session} gives)
   * with {@code password}, confirms with the code of {@code at}, and returns the secret.
   */
  public static String enable(ApiClient api, String password, Instant at, String... cookie) {
    String secret =
        api.postForm("/profile/totp", Map.of("password", password), cookie)
            .json()
            .path("secret")
            .asText();
    Reply confirmed =
        api.sendForm(
            "PUT", "/profile/totp", Map.of("code", Authenticator.code(secret, at)), cookie);
    assertThat(confirmed.status()).as("two-step login turned on").isEqualTo(200);
    return secret;
  }
}
