package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the authorization endpoint does with a request, as {@link AuthorizationRequests#decide}
 * finds it. Only a request whose client and redirect URI are both known is ever redirected back;
 * anything else is {@link Refused}.
 */
public sealed interface AuthorizationDecision {

  /**
   * The request names no registered client, or no redirect URI registered for it, or carries one of
   * them twice: answered in place (400), never redirected anywhere.
   *
   * @param error the protocol's error ({@code invalid_request}, {@code invalid_client}...)
   */
  record Refused(ErrorObject error) implements AuthorizationDecision {
    /** Checks that there is an error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * Back to the client's redirect URI with the protocol's error, its {@code state} and the {@code
   * iss} parameter (RFC 9207).
   *
   * @param location the redirect URI with the error response in its query
   */
  record ErrorRedirect(URI location) implements AuthorizationDecision {
    /** Checks that there is a location. */
    public ErrorRedirect {
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * The person must log in first (no session, {@code prompt=login}, or a session older than {@code
   * max_age}): the login page, and then the authorization endpoint again with {@code again}.
   *
   * @param again the request's parameters to come back with: {@code prompt=login} taken out and
   *     {@link AuthorizationRequests#LOGIN_AFTER} put in, so that a login made since is enough
   * @param loginHint the email to fill in, if the client gave one
   * @param forced whether an existing session must not be reused (the login page shows its form)
   */
  record LogIn(Map<String, List<String>> again, Optional<String> loginHint, boolean forced)
      implements AuthorizationDecision {
    /** Copies the parameters. */
    public LogIn {
      again = Map.copyOf(again);
      Objects.requireNonNull(loginHint, "loginHint");
    }
  }

  /**
   * The person is logged in, but the client needs a consent not given yet (or asked for it with
   * {@code prompt=consent}): the consent page, for {@code request}.
   */
  record AskConsent(ValidAuthorization request) implements AuthorizationDecision {
    /** Checks that there is a request. */
    public AskConsent {
      Objects.requireNonNull(request, "request");
    }
  }

  /** Every check passed: a code is issued for {@code request} and sent to the client. */
  record Approve(ValidAuthorization request) implements AuthorizationDecision {
    /** Checks that there is a request. */
    public Approve {
      Objects.requireNonNull(request, "request");
    }
  }
}
