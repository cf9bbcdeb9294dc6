package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The discovery document, parsed back by Nimbus and read field by field. */
class ProviderMetadataTest {

  private static final String ISSUER = "https://id.example.org/auth";

  private final ProviderMetadata provider = new ProviderMetadata(URI.create(ISSUER));

  private OIDCProviderMetadata parsed() throws Exception {
    return OIDCProviderMetadata.parse(provider.json());
  }

  @Test
  void theEndpointsAreUnderTheIssuer() throws Exception {
    OIDCProviderMetadata metadata = parsed();

    assertThat(metadata.getIssuer().getValue()).isEqualTo(ISSUER);
    assertThat(metadata.getJWKSetURI()).hasToString(ISSUER + "/oauth/jwks");
    assertThat(metadata.getAuthorizationEndpointURI()).hasToString(ISSUER + "/oauth/authorize");
    assertThat(metadata.getTokenEndpointURI()).hasToString(ISSUER + "/oauth/token");
    assertThat(metadata.getUserInfoEndpointURI()).hasToString(ISSUER + "/oauth/userinfo");
    assertThat(metadata.getRevocationEndpointURI()).hasToString(ISSUER + "/oauth/revoke");
    assertThat(metadata.getIntrospectionEndpointURI()).hasToString(ISSUER + "/oauth/introspect");
    assertThat(metadata.getEndSessionEndpointURI()).hasToString(ISSUER + "/oauth/logout");
  }

  @Test
  void aTrailingSlashOfTheIssuerIsDropped() {
    ProviderMetadata slashed = new ProviderMetadata(URI.create("http://127.0.0.1:8080/"));

    assertThat(slashed.issuer()).isEqualTo("http://127.0.0.1:8080");
    assertThat(slashed.endpoint(ProviderMetadata.TOKEN_PATH))
        .hasToString("http://127.0.0.1:8080/oauth/token");
  }

  @Test
  void onlyTheCodeFlowWithS256IsOffered() throws Exception {
    OIDCProviderMetadata metadata = parsed();

    assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
    assertThat(metadata.getGrantTypes())
        .containsExactly(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
    assertThat(metadata.getSubjectTypes()).containsExactly(SubjectType.PUBLIC);
    assertThat(metadata.getIDTokenJWSAlgs())
        .containsExactly(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
    assertThat(metadata.getScopes().toStringList())
        .containsExactly("openid", "email", "offline_access");
    assertThat(metadata.getClaims()).contains("sub", "email", "email_verified", "auth_time");
    assertThat(metadata.getPromptTypes())
        .containsExactly(Prompt.Type.NONE, Prompt.Type.LOGIN, Prompt.Type.CONSENT);
    assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
  }

  @Test
  void clientsAuthenticateWithASecretOrAsPublicClients() throws Exception {
    OIDCProviderMetadata metadata = parsed();
    List<ClientAuthenticationMethod> withNone =
        List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST,
            ClientAuthenticationMethod.NONE);

    assertThat(metadata.getTokenEndpointAuthMethods()).isEqualTo(withNone);
    assertThat(metadata.getRevocationEndpointAuthMethods()).isEqualTo(withNone);
    assertThat(metadata.getIntrospectionEndpointAuthMethods())
        .containsExactly(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
            ClientAuthenticationMethod.CLIENT_SECRET_POST);
  }

  @Test
  void requestObjectsAreRefusedInSoManyWords() throws Exception {
    JsonNode json = new ObjectMapper().readTree(provider.json());

    assertThat(json.path("request_parameter_supported").isBoolean()).as(provider.json()).isTrue();
    assertThat(json.path("request_parameter_supported").booleanValue()).isFalse();
    assertThat(json.path("authorization_response_iss_parameter_supported").booleanValue()).isTrue();
    assertThat(parsed().supportsRequestParam()).isFalse();
  }

  @Test
  void anIssuerThatIsNoHttpUrlIsRefused() {
    for (String issuer : List.of("ftp://id.example.org", "https://id.example.org/?a=b", "id")) {
      assertThatThrownBy(() -> new ProviderMetadata(URI.create(issuer)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
