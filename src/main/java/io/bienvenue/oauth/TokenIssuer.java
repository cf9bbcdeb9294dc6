package io.bienvenue.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.AuthorizedParty;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.SessionID;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the tokens of a grant: an ID token signed with the client's algorithm (ES256 by default,
 * RS256 for a client registered so), and an access token as a JWT (RFC 9068, {@code typ: at+jwt},
 * always ES256), both short-lived; the refresh token, opaque, comes from {@link Grants}. Nimbus
 * builds the claims; {@link SigningKeys} signs them. Thread-safe.
 */
public final class TokenIssuer {

  /** How long an access token works. */
  public static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(10);

  /** How long an ID token is valid. */
  public static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(10);

  /** The header type of an access token (RFC 9068 §2.1). */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");

  /** The access token's claim naming its grant, which UserInfo checks is still live. */
  public static final String GRANT_CLAIM = "gid";

  private static final String EMAIL = "email";

  private final SigningKeys keys;
  private final Tokens tokens;
  private final Clock clock;

  /** Signs with {@code keys}; token ids from {@code tokens}. */
  public TokenIssuer(SigningKeys keys, Tokens tokens, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The tokens of {@code grant} for {@code client}, whose user is {@code user}, issued by {@code
   * issuer}, with {@code refreshToken} if the grant gets one. The ID token names the login session
   * {@code sessionId} (its public id) in {@code sid}, when the grant belongs to one, so that the
   * client can send it back as the {@code id_token_hint} of a logout.
   */
  public OIDCTokens issue(
      Issuer issuer,
      Client client,
      Grant grant,
      User user,
      Optional<String> refreshToken,
      Optional<String> sessionId) {
    Instant now = clock.instant();
    Scope scope = new Scope(grant.scopes().toArray(String[]::new));
    String accessToken =
        keys.sign(
            accessClaims(issuer, client, grant, user, now),
            IdTokenAlgorithm.ES256,
            ACCESS_TOKEN_TYPE);
    String idToken =
        keys.sign(
            idClaims(issuer, client, grant, user, now, sessionId),
            client.idTokenAlgorithm(),
            JOSEObjectType.JWT);
    try {
      return new OIDCTokens(
          SignedJWT.parse(idToken),
          new BearerAccessToken(accessToken, ACCESS_TOKEN_LIFETIME.toSeconds(), scope),
          refreshToken.map(RefreshToken::new).orElse(null));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("a token just signed does not parse", e);
    }
  }

  private static JWTClaimsSet idClaims(
      Issuer issuer,
      Client client,
      Grant grant,
      User user,
      Instant now,
      Optional<String> sessionId) {
    IDTokenClaimsSet claims =
        new IDTokenClaimsSet(
            issuer,
            new Subject(user.publicId()),
            List.of(new Audience(client.clientId())),
            Date.from(now.plus(ID_TOKEN_LIFETIME)),
            Date.from(now));
    claims.setAuthenticationTime(Date.from(grant.authTime()));
    grant.nonce().map(Nonce::new).ifPresent(claims::setNonce);
    claims.setAMR(grant.amr().stream().map(AMR::new).toList());
    claims.setAuthorizedParty(new AuthorizedParty(client.clientId()));
    sessionId.map(SessionID::new).ifPresent(claims::setSessionID);
    if (grant.scopes().contains(EMAIL)) {
      claims.setClaim("email", user.email());
      claims.setClaim("email_verified", user.emailVerifiedAt().isPresent());
    }
    try {
      return claims.toJWTClaimsSet();
    } catch (ParseException e) {
      throw new IllegalStateException("the ID token's claims do not form a JWT", e);
    }
  }

  private JWTClaimsSet accessClaims(
      Issuer issuer, Client client, Grant grant, User user, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer.getValue())
        .subject(user.publicId())
        .audience(issuer.getValue())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ACCESS_TOKEN_LIFETIME)))
        .jwtID(tokens.newId())
        .claim("client_id", client.clientId())
        .claim("scope", String.join(" ", grant.scopes()))
        .claim("auth_time", grant.authTime().getEpochSecond())
        .claim(GRANT_CLAIM, grant.id())
        .build();
  }
}
