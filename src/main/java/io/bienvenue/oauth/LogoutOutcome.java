package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the end-session endpoint and the logout confirmation answer, as {@link
 * OpenIdProvider#logout} and {@link OpenIdProvider#confirmLogout} decide it.
 */
public sealed interface LogoutOutcome {

  /** Answered in place with the protocol's error (400): the request is never redirected. */
  record Refused(ErrorObject error) implements LogoutOutcome {
    /** Checks that there is an error. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The person's session has ended (if there was one): the browser goes to {@code redirect}, a
   * post-logout redirect URI registered for the client with the request's {@code state}, or, when
   * empty, to the logged-out page.
   */
  record LoggedOut(Optional<URI> redirect) implements LogoutOutcome {
    /** Checks that there is a redirect or none. */
    public LoggedOut {
      Objects.requireNonNull(redirect, "redirect");
    }
  }

  /**
   * Nothing has ended: the person is asked to confirm on the logout page, which is given {@code
   * params}, the checked request ({@code client_id}, {@code post_logout_redirect_uri}, {@code
   * state}, each when present), to post back.
   */
  record Confirm(Map<String, List<String>> params) implements LogoutOutcome {
    /** Copies the parameters. */
    public Confirm {
      params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
  }
}
