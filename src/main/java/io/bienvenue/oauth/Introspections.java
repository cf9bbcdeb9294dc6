package io.bienvenue.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import io.bienvenue.user.User;
import java.util.Date;
import java.util.List;

/**
 * What the introspection endpoint says of a token (RFC 7662 §2.2), written by Nimbus: {@code
 * active}, and for a live token its {@code scope}, {@code client_id}, {@code sub} (the user's
 * public id), {@code exp}, {@code iat} and {@code iss}; an access token adds {@code aud} and {@code
 * token_type}, and {@code username}, the email, only when its scopes include {@code email}, as
 * UserInfo would show it.
 */
final class Introspections {

  private static final String EMAIL = "email";

  private Introspections() {}

  /** The answer for a token that is not live, or not one of ours: {@code {"active":false}}. */
  static TokenIntrospectionSuccessResponse inactive() {
    return new TokenIntrospectionSuccessResponse.Builder(false).build();
  }

  /** The answer for a live access token of {@code claims}, of {@code user}, with {@code scopes}. */
  static TokenIntrospectionSuccessResponse access(
      JWTClaimsSet claims, User user, List<String> scopes) {
    TokenIntrospectionSuccessResponse.Builder builder =
        active(scopes, (String) claims.getClaim("client_id"), user)
            .expirationTime(claims.getExpirationTime())
            .issueTime(claims.getIssueTime())
            .issuer(new Issuer(claims.getIssuer()))
            .audience(claims.getAudience().stream().map(Audience::new).toList())
            .tokenType(AccessTokenType.BEARER);
    if (scopes.contains(EMAIL)) {
      builder.username(user.email());
    }
    return builder.build();
  }

  /**
   * The answer for the live refresh token {@code token} of {@code user}, issued by {@code issuer}.
   */
  static TokenIntrospectionSuccessResponse refresh(
      String issuer, LiveRefreshToken token, User user) {
    Grant grant = token.grant();
    return active(grant.scopes(), grant.clientId(), user)
        .expirationTime(Date.from(token.expiresAt()))
        .issueTime(Date.from(token.issuedAt()))
        .issuer(new Issuer(issuer))
        .build();
  }

  private static TokenIntrospectionSuccessResponse.Builder active(
      List<String> scopes, String clientId, User user) {
    return new TokenIntrospectionSuccessResponse.Builder(true)
        .scope(new Scope(scopes.toArray(String[]::new)))
        .clientID(new ClientID(clientId))
        .subject(new Subject(user.publicId()));
  }
}
