package io.bienvenue.oauth;

import io.bienvenue.auth.Lifetimes;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.InvalidGrantException.Reason;
import io.bienvenue.store.ClientStore;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.StoredGrant;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of what the OpenID Connect provider hands out: authorization codes and refresh tokens,
 * both hanging off a grant (one successful authorization). The users' consents have rules of their
 * own, in {@link Consents}.
 *
 * <ul>
 *   <li>A code is 256 random bits, lives {@link #CODE_LIFETIME}, works once, and only for the
 *       client, the redirect URI and the PKCE S256 verifier of its request; a public client's code
 *       must have a challenge. A second use revokes its grant, so the tokens it gave die too.
 *   <li>A refresh token is 256 random bits, stored only as its hash, and replaced on every use. A
 *       used one presented again revokes its whole family (the grant). Only a client allowed the
 *       {@code refresh_token} grant gets one. It lives {@link #REFRESH_LIFETIME} from its issue,
 *       and a session-bound one no longer than its session's absolute end.
 *   <li>A grant without {@code offline_access} belongs to the login session that approved it: it is
 *       live only while that session is (absolute end and idle timeout), is deleted with it, and a
 *       refresh counts as a use of the session. An {@code offline_access} grant outlives it.
 *   <li>A grant is revoked by its refresh token (RFC 7009), by id, with every grant of its user
 *       (password change or reset, an admin disabling the user; deleting the user deletes them),
 *       with its session, or with the user's consent to its client ({@link Consents#revoke}).
 * </ul>
 *
 * Every time comes from the injected clock. Thread-safe.
 */
public final class Grants {

  /** How long an authorization code works. */
  public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);

  /** How long a refresh token works after its issue, at most. */
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  /** The scope that makes a grant outlive the login session. */
  public static final String OFFLINE_ACCESS = "offline_access";

  private final GrantStore grants;
  private final ClientStore clients;
  private final SessionStore sessions;
  private final Transactor transactor;
  private final Tokens tokens;
  private final Duration idleTimeout;
  private final Clock clock;

  /**
   * Creates the rules over the stores of one database.
   *
   * @param lifetimes the login sessions' lifetimes, which bound session-bound grants
   */
  public Grants(Stores stores, Tokens tokens, Lifetimes lifetimes, Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.grants = stores.grants();
    this.clients = stores.clients();
    this.sessions = stores.sessions();
    this.transactor = stores.transactor();
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.idleTimeout = Objects.requireNonNull(lifetimes, "lifetimes").sessionIdleTimeout();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records {@code authorization} as a new grant and returns its code, to send to the redirect URI
   * once. The grant belongs to the approving session unless its scopes include {@code
   * offline_access}.
   *
   * @throws IllegalArgumentException if the client is public and sent no code challenge, or the
   *     challenge is not an S256 one (43 base64url characters)
   */
  public String issueCode(Authorization authorization) {
    Objects.requireNonNull(authorization, "authorization");
    Optional<String> challenge = authorization.codeChallenge();
    if (authorization.client().isPublic() && challenge.isEmpty()) {
      throw new IllegalArgumentException("a public client must send a PKCE code challenge");
    }
    if (challenge.isPresent() && !Tokens.isWellFormed(challenge.get())) {
      throw new IllegalArgumentException("the code challenge is not an S256 one");
    }
    Instant now = clock.instant();
    boolean offline = authorization.scopes().contains(OFFLINE_ACCESS);
    StoredGrant grant =
        new StoredGrant(
            tokens.newId(),
            authorization.client().clientId(),
            authorization.userId(),
            offline ? Optional.empty() : Optional.of(authorization.sessionId()),
            authorization.scopes(),
            authorization.nonce(),
            authorization.authTime(),
            authorization.amr(),
            now,
            Optional.empty());
    String code = tokens.newToken();
    transactor.inTransaction(
        () -> {
          grants.addGrant(grant);
          grants.addCode(
              new GrantStore.Code(
                  Tokens.hash(code),
                  grant.id(),
                  authorization.redirectUri(),
                  challenge,
                  now.plus(CODE_LIFETIME),
                  Optional.empty()));
          return null;
        });
    return code;
  }

  /**
   * Redeems {@code code} for client {@code clientId}: returns its grant, and the code never works
   * again. A code presented twice revokes its grant. A code refused for any other reason than
   * {@link Reason#UNKNOWN} or {@link Reason#EXPIRED} is spent all the same.
   *
   * @param redirectUri the redirect URI the token request names: the authorization request's
   * @param codeVerifier the PKCE verifier, required when the code has a challenge
   * @throws InvalidGrantException saying why the code is refused
   */
  public Grant redeemCode(
      String code, String clientId, String redirectUri, Optional<String> codeVerifier) {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Instant now = clock.instant();
    String codeHash = Tokens.isWellFormed(code) ? Tokens.hash(code) : null;
    GrantStore.Code stored =
        Optional.ofNullable(codeHash)
            .flatMap(grants::findCode)
            .orElseThrow(() -> new InvalidGrantException(Reason.UNKNOWN));
    if (stored.usedAt().isPresent()) {
      throw replayed(stored.grantId(), now, Reason.REPLAY);
    }
    if (!now.isBefore(stored.expiresAt())) {
      throw new InvalidGrantException(Reason.EXPIRED);
    }
    if (!grants.useCode(codeHash, now)) {
      throw replayed(stored.grantId(), now, Reason.REPLAY);
    }
    Grant grant = liveGrant(stored.grantId(), now);
    if (!grant.clientId().equals(clientId)) {
      throw new InvalidGrantException(Reason.OTHER_CLIENT);
    }
    if (!stored.redirectUri().equals(redirectUri)) {
      throw new InvalidGrantException(Reason.OTHER_REDIRECT_URI);
    }
    checkVerifier(grant.clientId(), stored.codeChallenge(), codeVerifier);
    return grant;
  }

  /**
   * Issues the first refresh token of {@code grant}, if its client is allowed the {@code
   * refresh_token} grant.
   *
   * @return the token, to hand to the client once; empty if the client gets none
   * @throws InvalidGrantException with {@link Reason#REVOKED} if the grant is no longer live
   */
  public Optional<String> issueRefresh(Grant grant) {
    Objects.requireNonNull(grant, "grant");
    boolean allowed = clients.find(grant.clientId()).map(c -> c.refreshTokens()).orElse(false);
    if (!allowed) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    liveGrant(grant.id(), now);
    return Optional.of(transactor.inTransaction(() -> addRefresh(grant, now)));
  }

  /**
   * Replaces refresh token {@code token} of client {@code clientId} by a new one. Of concurrent
   * rotations of one token one wins; the others count as reuse. The old token is spent by the
   * compare-and-set before the grant is checked, so a concurrent attempt is always reuse.
   *
   * @throws InvalidGrantException with {@link Reason#REUSE} if the token was used before (its
   *     family is then revoked), or with another reason if it is unknown, expired, another
   *     client's, or its grant is no longer live
   */
  public RefreshedGrant rotate(String token, String clientId) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(clientId, "clientId");
    Instant now = clock.instant();
    GrantStore.RefreshToken stored =
        findRefresh(token).orElseThrow(() -> new InvalidGrantException(Reason.UNKNOWN));
    Grant grant =
        grants
            .findGrant(stored.grantId())
            .map(Grant::of)
            .orElseThrow(() -> new InvalidGrantException(Reason.UNKNOWN));
    if (!grant.clientId().equals(clientId)) {
      throw new InvalidGrantException(Reason.OTHER_CLIENT);
    }
    if (stored.usedAt().isPresent()) {
      throw replayed(grant.id(), now, Reason.REUSE);
    }
    if (!now.isBefore(stored.expiresAt())) {
      throw new InvalidGrantException(Reason.EXPIRED);
    }
    Optional<String> next =
        transactor.inTransaction(
            () -> {
              if (!grants.useRefreshToken(stored.tokenHash(), now)) {
                return Optional.empty();
              }
              liveGrant(grant.id(), now);
              grant.sessionId().ifPresent(session -> sessions.touch(session, now));
              return Optional.of(addRefresh(grant, now));
            });
    return new RefreshedGrant(
        grant, next.orElseThrow(() -> replayed(grant.id(), now, Reason.REUSE)));
  }

  /**
   * Revokes the grant of refresh token {@code token} if it was issued to client {@code clientId}
   * (RFC 7009): its refresh and access tokens stop working. Another client's token, or an unknown
   * one, is left alone, as the endpoint answers the same either way.
   *
   * @return whether a live grant was revoked
   */
  public boolean revokeToken(String token, String clientId) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(clientId, "clientId");
    return findRefresh(token)
        .flatMap(stored -> grants.findGrant(stored.grantId()))
        .filter(grant -> grant.clientId().equals(clientId))
        .map(grant -> grants.revokeGrant(grant.id(), clock.instant()))
        .orElse(false);
  }

  /**
   * The refresh token {@code token} if it still works and was issued to client {@code clientId}:
   * not used, not expired, and its grant live (RFC 7662). Another client's token is empty, as an
   * unknown one.
   */
  public Optional<LiveRefreshToken> liveRefresh(String token, String clientId) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(clientId, "clientId");
    Instant now = clock.instant();
    return findRefresh(token)
        .filter(stored -> stored.usedAt().isEmpty() && now.isBefore(stored.expiresAt()))
        .filter(stored -> grants.isLive(stored.grantId(), now, now.minus(idleTimeout)))
        .flatMap(
            stored ->
                grants
                    .findGrant(stored.grantId())
                    .map(Grant::of)
                    .filter(grant -> grant.clientId().equals(clientId))
                    .map(
                        grant ->
                            new LiveRefreshToken(grant, stored.issuedAt(), stored.expiresAt())));
  }

  /** Revokes grant {@code grantId}; returns whether it was unrevoked until now. */
  public boolean revokeGrant(String grantId) {
    return grants.revokeGrant(Objects.requireNonNull(grantId, "grantId"), clock.instant());
  }

  /** Revokes every grant of user {@code userId}; returns how many were unrevoked. */
  public int revokeAllOfUser(long userId) {
    return grants.revokeGrantsOfUser(userId, clock.instant());
  }

  /**
   * Revokes the grants that belong to login session {@code sessionId} (logout); {@code
   * offline_access} grants stay. Returns how many were unrevoked. Deleting the session, as logout
   * does, deletes them as well.
   */
  public int revokeAllOfSession(long sessionId) {
    return grants.revokeGrantsOfSession(sessionId, clock.instant());
  }

  /**
   * Tells whether grant {@code grantId} is live: not revoked, and if session-bound, its session is
   * live. An access token that names a grant that is not live is refused.
   */
  public boolean isActive(String grantId) {
    Objects.requireNonNull(grantId, "grantId");
    Instant now = clock.instant();
    return grants.isLive(grantId, now, now.minus(idleTimeout));
  }

  /**
   * Returns the grants of user {@code userId} that a client can still act on: live, with a refresh
   * token that is neither used nor expired. Oldest first.
   */
  public List<Grant> refreshableOf(long userId) {
    Instant now = clock.instant();
    return grants.refreshableGrantsOfUser(userId, now, now.minus(idleTimeout)).stream()
        .map(Grant::of)
        .toList();
  }

  /**
   * The public id of the login session {@code grant} belongs to, the ID token's {@code sid}: empty
   * for an {@code offline_access} grant, which belongs to none, or once that session is gone.
   */
  public Optional<String> sessionPublicId(Grant grant) {
    return Objects.requireNonNull(grant, "grant").sessionId().flatMap(sessions::findPublicId);
  }

  private String addRefresh(Grant grant, Instant now) {
    Instant expiresAt = now.plus(REFRESH_LIFETIME);
    Optional<Instant> sessionEnd = grant.sessionId().flatMap(grants::sessionEnd);
    if (sessionEnd.isPresent() && sessionEnd.get().isBefore(expiresAt)) {
      expiresAt = sessionEnd.get();
    }
    String token = tokens.newToken();
    grants.addRefreshToken(
        new GrantStore.RefreshToken(
            Tokens.hash(token), grant.id(), now, expiresAt, Optional.empty()));
    return token;
  }

  private Optional<GrantStore.RefreshToken> findRefresh(String token) {
    return Tokens.isWellFormed(token)
        ? grants.findRefreshToken(Tokens.hash(token))
        : Optional.empty();
  }

  /** The grant {@code grantId} if it is live at {@code now}. */
  private Grant liveGrant(String grantId, Instant now) {
    if (!grants.isLive(grantId, now, now.minus(idleTimeout))) {
      throw new InvalidGrantException(Reason.REVOKED);
    }
    return grants
        .findGrant(grantId)
        .map(Grant::of)
        .orElseThrow(() -> new InvalidGrantException(Reason.REVOKED));
  }

  /** Revokes grant {@code grantId}, whose code or token was presented again, for {@code reason}. */
  private InvalidGrantException replayed(String grantId, Instant now, Reason reason) {
    grants.revokeGrant(grantId, now);
    return new InvalidGrantException(reason);
  }

  /**
   * Checks {@code verifier} against {@code challenge} by Nimbus's S256; a code without a challenge
   * is refused for a public client, and refused with any verifier (a PKCE downgrade).
   */
  private void checkVerifier(
      String clientId, Optional<String> challenge, Optional<String> verifier) {
    if (challenge.isEmpty()) {
      boolean isPublic = clients.find(clientId).map(c -> !c.confidential()).orElse(true);
      if (isPublic) {
        throw new InvalidGrantException(Reason.PKCE_REQUIRED);
      }
      if (verifier.isPresent()) {
        throw new InvalidGrantException(Reason.PKCE_MISMATCH);
      }
      return;
    }
    if (verifier.isEmpty() || !Pkce.matches(challenge.get(), verifier.get())) {
      throw new InvalidGrantException(Reason.PKCE_MISMATCH);
    }
  }
}
