package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.oauth.AuthorizationDecision.Approve;
import io.bienvenue.oauth.AuthorizationDecision.AskConsent;
import io.bienvenue.oauth.AuthorizationDecision.ErrorRedirect;
import io.bienvenue.oauth.AuthorizationDecision.LogIn;
import io.bienvenue.oauth.AuthorizationDecision.Refused;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The authorization endpoint's policy: what to do with a request, given the person's session. The
 * authorization code flow only, with OAuth 2.1's rules (RFC 9700): {@code response_type=code}, the
 * answer in the query, PKCE with {@code S256} required of public clients and honoured for all,
 * {@code plain} refused, no request objects. Nimbus parses the request; the rules are here.
 *
 * <p>The client and its redirect URI are checked first, string for string: until both are known
 * nothing is redirected anywhere ({@link Refused}); after that, every error goes back to the client
 * with its {@code state} and the {@code iss} parameter (RFC 9207). {@code prompt=none} never shows
 * a page ({@code login_required}, {@code consent_required}); {@code prompt=login} and {@code
 * max_age} send the person to the login page, and the request comes back with {@link #LOGIN_AFTER},
 * so that the login just made satisfies them. Thread-safe.
 */
public final class AuthorizationRequests {

  /**
   * The parameter the request comes back from the login page with: the time (epoch milliseconds)
   * after which a session counts as a fresh login for {@code prompt=login} and {@code max_age}. A
   * client that sets it gains nothing: the ID token's {@code auth_time} says when the person logged
   * in.
   */
  public static final String LOGIN_AFTER = "login_after";

  /**
   * The scopes Bienvenue grants; others are left out, as OpenID Connect Core §3.1.2.1 allows. No
   * {@code profile}: Bienvenue keeps no name, picture or other profile claim to give.
   */
  public static final Set<String> SCOPES = Set.of("openid", "email", "offline_access");

  /** {@link #SCOPES} in the order grants, tokens and the profile list them. */
  private static final List<String> SCOPE_ORDER = List.of("openid", "email", "offline_access");

  private static final String OFFLINE_ACCESS = "offline_access";

  private final Supplier<Issuer> issuer;
  private final ClientRegistry clients;
  private final Consents consents;

  private final boolean pagesServed;

  /**
   * The policy of the provider {@code issuer}, over its registered {@code clients}, with the web
   * pages served. The issuer is asked when needed: in development it is the address the service
   * listens on, known once it does.
   */
  public AuthorizationRequests(Supplier<Issuer> issuer, ClientRegistry clients, Consents consents) {
    this(issuer, clients, consents, true);
  }

  /**
   * The same policy, telling whether the web pages (login, consent, logout) are served. Without
   * them ({@code --no-ui}) nobody can be asked anything: a request that would need the login or the
   * consent page is answered as with {@code prompt=none} ({@code login_required}, {@code
   * consent_required}), and a logout that would need the person's confirmation is refused.
   */
  public AuthorizationRequests(
      Supplier<Issuer> issuer, ClientRegistry clients, Consents consents, boolean pagesServed) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.consents = Objects.requireNonNull(consents, "consents");
    this.pagesServed = pagesServed;
  }

  /** Whether the web pages that ask the person (login, consent, logout) are served. */
  public boolean pagesServed() {
    return pagesServed;
  }

  /**
   * Decides what to do with the request {@code params} (query or form parameters, each with every
   * value it was given), for the person whose live session is {@code session}, if any.
   */
  public AuthorizationDecision decide(
      Map<String, List<String>> params, Optional<LiveSession> session, Instant now) {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(now, "now");
    Optional<String> clientId = once(params, "client_id");
    if (clientId.isEmpty()) {
      return refused("client_id must be given, once");
    }
    Optional<Client> found = clients.find(clientId.get());
    if (found.isEmpty()) {
      return refused("client_id names no registered client");
    }
    Client client = found.get();
    Optional<String> redirect = once(params, "redirect_uri");
    if (redirect.isEmpty() || !client.allowsRedirect(redirect.get())) {
      return refused("redirect_uri must be given, once, and be one registered for this client");
    }
    Reply reply =
        new Reply(issuer(), URI.create(redirect.get()), once(params, "state").map(State::new));
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      if (param.getValue().size() != 1) {
        return reply.error(invalid(param.getKey() + " must be given once"));
      }
    }
    if (params.containsKey("request")) {
      return reply.error(OAuth2Error.REQUEST_NOT_SUPPORTED);
    }
    if (params.containsKey("request_uri")) {
      return reply.error(OAuth2Error.REQUEST_URI_NOT_SUPPORTED);
    }
    if (once(params, "response_type").filter(type -> !type.isEmpty()).isEmpty()) {
      return reply.error(invalid("response_type must be given"));
    }
    if (!"code".equals(once(params, "response_type").orElse(null))) {
      return reply.error(
          OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("response_type must be code"));
    }
    if (once(params, "response_mode").filter(mode -> !mode.equals("query")).isPresent()) {
      return reply.error(invalid("response_mode must be query"));
    }
    AuthenticationRequest request;
    try {
      request = AuthenticationRequest.parse(params);
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : invalid(e.getMessage());
      return reply.error(error);
    }
    Optional<ErrorObject> pkce = pkceError(request, client);
    if (pkce.isPresent()) {
      return reply.error(pkce.get());
    }
    Prompt prompt = Optional.ofNullable(request.getPrompt()).orElseGet(Prompt::new);
    // Without the pages, nobody can be asked: every request is answered as if silent.
    boolean silent = prompt.contains(Prompt.Type.NONE) || !pagesServed;
    // A request back from the login page wants a login made since it left (never later than now).
    Optional<Instant> loginAfter = loginAfter(params).map(t -> t.isAfter(now) ? now : t);
    boolean freshLogin =
        session.isPresent()
            && loginAfter.isPresent()
            && session.get().session().createdAt().isAfter(loginAfter.get());
    boolean forced =
        prompt.contains(Prompt.Type.LOGIN)
            || loginAfter.isPresent()
            || tooOld(session, request.getMaxAge(), now);
    if (session.isEmpty() || (forced && !freshLogin)) {
      if (silent) {
        return reply.error(OIDCError.LOGIN_REQUIRED);
      }
      return new LogIn(
          again(params, prompt, forced, now), Optional.ofNullable(request.getLoginHint()), forced);
    }
    ValidAuthorization valid =
        new ValidAuthorization(
            client,
            reply.redirectUri(),
            scopes(request, client),
            reply.state(),
            Optional.ofNullable(request.getNonce()),
            Optional.ofNullable(request.getCodeChallenge()),
            session.get());
    boolean consented =
        consents.covers(session.get().user().id(), client.clientId(), valid.scopes());
    if (client.consent() && (prompt.contains(Prompt.Type.CONSENT) || !consented)) {
      return silent ? reply.error(OIDCError.CONSENT_REQUIRED) : new AskConsent(valid);
    }
    return new Approve(valid);
  }

  /**
   * The error response for {@code error} to a request already known to come from {@code client}
   * with {@code redirectUri}: for the consent page's refusal ({@code access_denied}).
   */
  public URI errorLocation(URI redirectUri, Optional<State> state, ErrorObject error) {
    return new Reply(issuer(), redirectUri, state).location(error);
  }

  /** The issuer every response names in its {@code iss} parameter. */
  public Issuer issuer() {
    return Objects.requireNonNull(issuer.get(), "the issuer is not known yet");
  }

  private static Optional<ErrorObject> pkceError(AuthenticationRequest request, Client client) {
    CodeChallengeMethod method = request.getCodeChallengeMethod();
    if (request.getCodeChallenge() == null) {
      return client.isPublic()
          ? Optional.of(invalid("a public client must send a PKCE code_challenge (S256)"))
          : Optional.empty();
    }
    if (!CodeChallengeMethod.S256.equals(method)) {
      // Left out, the method is plain (RFC 7636 §4.3): refused as plain is.
      return Optional.of(invalid("code_challenge_method must be S256"));
    }
    return Optional.empty();
  }

  /** Whether the session's login is older than {@code maxAge} seconds (-1: no limit). */
  private static boolean tooOld(Optional<LiveSession> session, int maxAge, Instant now) {
    return maxAge >= 0
        && session.isPresent()
        && session.get().session().createdAt().plusSeconds(maxAge).isBefore(now);
  }

  private static Optional<Instant> loginAfter(Map<String, List<String>> params) {
    try {
      return once(params, LOGIN_AFTER).map(Long::parseLong).map(Instant::ofEpochMilli);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The parameters to come back with after the login: no {@code prompt=login}, and, when a fresh
   * login is required, the time after which it must be made.
   */
  private static Map<String, List<String>> again(
      Map<String, List<String>> params, Prompt prompt, boolean forced, Instant now) {
    Map<String, List<String>> again = new LinkedHashMap<>(params);
    Prompt rest = new Prompt();
    prompt.stream().filter(type -> type != Prompt.Type.LOGIN).forEach(rest::add);
    if (rest.isEmpty()) {
      again.remove("prompt");
    } else {
      again.put("prompt", List.of(rest.toString()));
    }
    if (forced) {
      again.put(LOGIN_AFTER, List.of(Long.toString(now.toEpochMilli())));
    } else {
      again.remove(LOGIN_AFTER);
    }
    return again;
  }

  /** The granted scopes, always in the order of {@link #SCOPE_ORDER} whatever the request's. */
  private static Set<String> scopes(AuthenticationRequest request, Client client) {
    List<String> asked = request.getScope().toStringList();
    Set<String> granted = new LinkedHashSet<>();
    for (String scope : SCOPE_ORDER) {
      if (asked.contains(scope) && (!scope.equals(OFFLINE_ACCESS) || client.refreshTokens())) {
        granted.add(scope);
      }
    }
    return granted;
  }

  private static Optional<String> once(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values != null && values.size() == 1 ? Optional.of(values.get(0)) : Optional.empty();
  }

  private static Refused refused(String why) {
    return new Refused(OAuth2Error.INVALID_REQUEST.setDescription(why));
  }

  private static ErrorObject invalid(String why) {
    return OAuth2Error.INVALID_REQUEST.setDescription(why);
  }

  /** Where the answers to a request from a known client and redirect URI go. */
  private record Reply(Issuer issuer, URI redirectUri, Optional<State> state) {

    ErrorRedirect error(ErrorObject error) {
      return new ErrorRedirect(location(error));
    }

    URI location(ErrorObject error) {
      return new AuthenticationErrorResponse(
              redirectUri, error, state.orElse(null), issuer, ResponseMode.QUERY)
          .toURI();
    }
  }
}
