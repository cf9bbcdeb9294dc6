package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What the authorization endpoint answers, as {@link OpenIdProvider#authorize} decides it. */
public sealed interface AuthorizationOutcome {

  /** Answered in place with the protocol's error (400): the request is never redirected. */
  record Refused(ErrorObject error) implements AuthorizationOutcome {
    /** Checks that there is an error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }

  /** A redirect to the client: the code, or the protocol's error. */
  record Redirect(URI location) implements AuthorizationOutcome {
    /** Checks that there is a location. */
    public Redirect {
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * To the login page, then back to the authorization endpoint with {@code again}.
   *
   * @param forced whether the login page must show its form even to a logged-in person
   */
  record LogIn(Map<String, List<String>> again, Optional<String> loginHint, boolean forced)
      implements AuthorizationOutcome {
    /** Copies the parameters. */
    public LogIn {
      again = Map.copyOf(again);
      Objects.requireNonNull(loginHint, "loginHint");
    }
  }

  /** To the consent page, with the request's parameters. */
  record AskConsent(Map<String, List<String>> params) implements AuthorizationOutcome {
    /** Copies the parameters. */
    public AskConsent {
      params = Map.copyOf(params);
    }
  }
}
