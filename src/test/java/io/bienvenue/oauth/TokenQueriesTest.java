package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import io.bienvenue.oauth.TokenCall.Query;
import io.bienvenue.oauth.TokenCall.Refused;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may revoke and introspect, and what they name, with requests written by Nimbus's client side:
 * the token endpoint's client authentication at both, introspection for confidential clients only,
 * and the hint taken as a hint.
 */
class TokenQueriesTest {

  private static final URI REVOKE = URI.create("https://auth.example.org/oauth/revoke");
  private static final URI INTROSPECT = URI.create("https://auth.example.org/oauth/introspect");

  @TempDir Path folder;
  private TestRegistry clients;
  private TokenQueries queries;
  private RegisteredClient confidential;
  private Client publicClient;

  @BeforeEach
  void open() {
    clients = new TestRegistry(folder);
    confidential = clients.add(false, true);
    publicClient = clients.add(true, true).client();
    queries = new TokenQueries(clients.registry);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void aConfidentialClientAuthenticatesByBasicOrInTheFormAtBothEndpoints() {
    for (ClientAuthentication authentication : List.of(basic(), post())) {
      TokenCall revocation = queries.readRevocation(revocation(authentication, refresh()));
      TokenCall introspection = queries.readIntrospection(introspection(authentication, refresh()));

      for (TokenCall call : List.of(revocation, introspection)) {
        assertThat(call)
            .isInstanceOfSatisfying(
                Query.class,
                query -> {
                  assertThat(query.client().clientId()).isEqualTo(confidential.client().clientId());
                  assertThat(query.token()).isEqualTo("the-token");
                });
      }
    }
  }

  @Test
  void aPublicClientRevokesByItsIdButMayNotIntrospect() {
    ClientID id = new ClientID(publicClient.clientId());
    HTTPRequest introspection =
        new TokenIntrospectionRequest(
                INTROSPECT, refresh(), Map.of("client_id", List.of(publicClient.clientId())))
            .toHTTPRequest();

    assertThat(
            queries.readRevocation(
                new TokenRevocationRequest(REVOKE, id, refresh()).toHTTPRequest()))
        .isInstanceOf(Query.class);
    assertThat(refusal(queries.readIntrospection(introspection))).isEqualTo("invalid_client");
  }

  @Test
  void everyFailedAuthenticationIsInvalidClient() {
    ClientAuthentication wrong =
        new ClientSecretBasic(new ClientID(confidential.client().clientId()), new Secret("no"));
    ClientAuthentication unknown = new ClientSecretBasic(new ClientID("nobody"), new Secret("x"));
    HTTPRequest confidentialById =
        new TokenRevocationRequest(
                REVOKE, new ClientID(confidential.client().clientId()), refresh())
            .toHTTPRequest();
    HTTPRequest bearer = revocation(basic(), refresh());
    bearer.setAuthorization("Bearer some-access-token");

    for (ClientAuthentication failing : List.of(wrong, unknown)) {
      assertThat(refusal(queries.readRevocation(revocation(failing, refresh()))))
          .isEqualTo("invalid_client");
      assertThat(refusal(queries.readIntrospection(introspection(failing, refresh()))))
          .isEqualTo("invalid_client");
    }
    assertThat(refusal(queries.readRevocation(confidentialById)))
        .as("a confidential client that sends no secret")
        .isEqualTo("invalid_client");
    assertThat(refusal(queries.readRevocation(bearer))).isEqualTo("invalid_client");
    assertThat(((Refused) queries.readRevocation(revocation(wrong, refresh()))).challengeBasic())
        .isTrue();
  }

  @Test
  void noTokenTwoMethodsOrAParameterTwiceIsInvalidRequest() {
    HTTPRequest noToken = revocation(basic(), refresh());
    noToken.setBody("token_type_hint=refresh_token");
    HTTPRequest both = revocation(post(), refresh());
    both.setAuthorization(basic().toHTTPAuthorizationHeader());
    HTTPRequest twice = introspection(basic(), refresh());
    twice.setBody(twice.getBody() + "&token=another");

    assertThat(refusal(queries.readRevocation(noToken))).isEqualTo("invalid_request");
    assertThat(refusal(queries.readRevocation(both))).isEqualTo("invalid_request");
    assertThat(refusal(queries.readIntrospection(twice))).isEqualTo("invalid_request");
  }

  @Test
  void theHintOnlySaysWhichKindToLookForFirst() {
    Token access = new BearerAccessToken("the-token");
    Token unhinted = new TypelessToken("the-token");

    assertThat(((Query) queries.readRevocation(revocation(basic(), access))).accessTokenHinted())
        .isTrue();
    assertThat(((Query) queries.readRevocation(revocation(basic(), refresh()))).accessTokenHinted())
        .isFalse();
    assertThat(((Query) queries.readIntrospection(introspection(basic(), unhinted))).token())
        .isEqualTo("the-token");
  }

  private static RefreshToken refresh() {
    return new RefreshToken("the-token");
  }

  private ClientSecretBasic basic() {
    return new ClientSecretBasic(
        new ClientID(confidential.client().clientId()),
        new Secret(confidential.secret().orElseThrow()));
  }

  private ClientSecretPost post() {
    return new ClientSecretPost(
        new ClientID(confidential.client().clientId()),
        new Secret(confidential.secret().orElseThrow()));
  }

  private static HTTPRequest revocation(ClientAuthentication authentication, Token token) {
    return new TokenRevocationRequest(REVOKE, authentication, token).toHTTPRequest();
  }

  private static HTTPRequest introspection(ClientAuthentication authentication, Token token) {
    return new TokenIntrospectionRequest(INTROSPECT, authentication, token).toHTTPRequest();
  }

  private static String refusal(TokenCall call) {
    assertThat(call).isInstanceOf(Refused.class);
    return ((Refused) call).error().getCode();
  }
}
