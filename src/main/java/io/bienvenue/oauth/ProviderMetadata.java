package io.bienvenue.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import net.minidev.json.JSONObject;

/**
 * The provider's discovery document ({@code /.well-known/openid-configuration}, OpenID Connect
 * Discovery 1.0 and RFC 8414), built by Nimbus from the issuer and the endpoint paths below. It
 * states the policy of OAuth 2.1: the code flow only, PKCE with S256 only, no request objects, and
 * the {@code iss} authorization response parameter (RFC 9207). Immutable and thread-safe.
 */
public final class ProviderMetadata {

  /** Where the discovery document is served, under the issuer. */
  public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  /** The public signing keys (JWKS). */
  public static final String JWKS_PATH = "/oauth/jwks";

  /** The authorization endpoint. */
  public static final String AUTHORIZE_PATH = "/oauth/authorize";

  /** The token endpoint. */
  public static final String TOKEN_PATH = "/oauth/token";

  /** The UserInfo endpoint. */
  public static final String USERINFO_PATH = "/oauth/userinfo";

  /** The revocation endpoint (RFC 7009). */
  public static final String REVOKE_PATH = "/oauth/revoke";

  /** The introspection endpoint (RFC 7662). */
  public static final String INTROSPECT_PATH = "/oauth/introspect";

  /** The end-session endpoint (RP-initiated logout). */
  public static final String LOGOUT_PATH = "/oauth/logout";

  /** The claims ID tokens and UserInfo may carry. */
  public static final List<String> CLAIMS =
      List.of(
          "iss",
          "sub",
          "aud",
          "exp",
          "iat",
          "auth_time",
          "nonce",
          "amr",
          "azp",
          "sid",
          "email",
          "email_verified");

  /** The scopes clients may ask for: {@link AuthorizationRequests#SCOPES}, in a fixed order. */
  public static final List<String> SCOPES = List.of("openid", "email", "offline_access");

  private static final List<ClientAuthenticationMethod> CLIENT_AUTHENTICATION =
      List.of(
          ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
          ClientAuthenticationMethod.CLIENT_SECRET_POST,
          ClientAuthenticationMethod.NONE);

  private final URI issuer;
  private final String json;

  /**
   * The metadata of the provider whose issuer is {@code issuer}, the endpoints' base: an absolute
   * {@code http} or {@code https} URI without query or fragment (a path, such as a base path, is
   * kept).
   *
   * @throws IllegalArgumentException if {@code issuer} is not such a URI
   */
  public ProviderMetadata(URI issuer) {
    Objects.requireNonNull(issuer, "issuer");
    String scheme = issuer.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme))
        || issuer.getHost() == null
        || issuer.getRawQuery() != null
        || issuer.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the issuer must be an http(s) URL without query or fragment: " + issuer);
    }
    this.issuer = issuer;
    JSONObject document = build().toJSONObject();
    // Nimbus leaves out a false request_parameter_supported (false is its default); stated
    // anyway, so that no client has to know the default to see request objects are refused.
    document.put("request_parameter_supported", false);
    this.json = document.toJSONString();
  }

  /** The issuer, as ID tokens name it in {@code iss}. */
  public String issuer() {
    return withoutTrailingSlash();
  }

  /** The absolute URI of {@code path}, one of the paths above, under the issuer. */
  public URI endpoint(String path) {
    return URI.create(withoutTrailingSlash() + path);
  }

  /** A new copy of the metadata, for callers that want Nimbus's view of it. */
  public OIDCProviderMetadata metadata() {
    return build();
  }

  /** The discovery document, as JSON. */
  public String json() {
    return json;
  }

  private OIDCProviderMetadata build() {
    OIDCProviderMetadata metadata =
        new OIDCProviderMetadata(
            new Issuer(issuer()), List.of(SubjectType.PUBLIC), endpoint(JWKS_PATH));
    metadata.setAuthorizationEndpointURI(endpoint(AUTHORIZE_PATH));
    metadata.setTokenEndpointURI(endpoint(TOKEN_PATH));
    metadata.setUserInfoEndpointURI(endpoint(USERINFO_PATH));
    metadata.setRevocationEndpointURI(endpoint(REVOKE_PATH));
    metadata.setIntrospectionEndpointURI(endpoint(INTROSPECT_PATH));
    metadata.setEndSessionEndpointURI(endpoint(LOGOUT_PATH));
    metadata.setResponseTypes(List.of(ResponseType.CODE));
    metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    metadata.setTokenEndpointAuthMethods(CLIENT_AUTHENTICATION);
    metadata.setRevocationEndpointAuthMethods(CLIENT_AUTHENTICATION);
    // Only a confidential client (a resource server) may ask what a token is: RFC 7662 wants
    // the caller authenticated, so a public client's "none" is not offered there.
    metadata.setIntrospectionEndpointAuthMethods(CLIENT_AUTHENTICATION.subList(0, 2));
    metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256));
    metadata.setScopes(new Scope(SCOPES.toArray(String[]::new)));
    metadata.setClaims(CLAIMS);
    metadata.setPromptTypes(List.of(Prompt.Type.NONE, Prompt.Type.LOGIN, Prompt.Type.CONSENT));
    metadata.setSupportsAuthorizationResponseIssuerParam(true);
    metadata.setSupportsRequestParam(false);
    metadata.setSupportsRequestURIParam(false);
    return metadata;
  }

  private String withoutTrailingSlash() {
    String text = issuer.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
