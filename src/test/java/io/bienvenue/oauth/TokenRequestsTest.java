package io.bienvenue.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.bienvenue.oauth.TokenCall.CodeExchange;
import io.bienvenue.oauth.TokenCall.Refresh;
import io.bienvenue.oauth.TokenCall.Refused;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who calls the token endpoint and what for, with requests written by Nimbus's client side as a
 * relying party would: the three authentication methods, every way to fail them, and the grants.
 */
class TokenRequestsTest {

  private static final URI ENDPOINT = URI.create("https://auth.example.org/oauth/token");
  private static final URI CALLBACK = URI.create(TestRegistry.CALLBACK);

  @TempDir Path folder;
  private TestRegistry clients;
  private TokenRequests requests;
  private RegisteredClient confidential;
  private RegisteredClient refreshing;
  private Client publicClient;

  @BeforeEach
  void open() {
    clients = new TestRegistry(folder);
    confidential = clients.add(false, false);
    refreshing = clients.add(false, true);
    publicClient = clients.add(true, false).client();
    requests = new TokenRequests(clients.registry);
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  void aConfidentialClientAuthenticatesByBasicOrInTheForm() {
    AuthorizationCodeGrant grant = codeGrant();

    TokenCall basic = read(request(basic(confidential), grant));
    TokenCall post = read(request(post(confidential), grant));

    assertThat(basic).isInstanceOf(CodeExchange.class);
    assertThat(post).isInstanceOf(CodeExchange.class);
    CodeExchange exchange = (CodeExchange) basic;
    assertThat(exchange.client().clientId()).isEqualTo(confidential.client().clientId());
    assertThat(exchange.code().getValue()).isEqualTo("the-code");
    assertThat(exchange.redirectUri()).isEqualTo(CALLBACK);
    assertThat(exchange.verifier()).isPresent();
  }

  @Test
  void aPublicClientNamesItselfAndSendsNoSecret() {
    TokenCall call = read(request(new ClientID(publicClient.clientId()), codeGrant()));

    assertThat(call)
        .isInstanceOfSatisfying(
            CodeExchange.class,
            exchange ->
                assertThat(exchange.client().clientId()).isEqualTo(publicClient.clientId()));
  }

  @Test
  void everyFailedAuthenticationIsInvalidClient() {
    ClientAuthentication wrongSecret =
        new ClientSecretBasic(
            new ClientID(confidential.client().clientId()), new Secret("not-the-secret"));
    ClientAuthentication unknown = new ClientSecretBasic(new ClientID("nobody"), new Secret("x"));
    ClientAuthentication publicWithSecret =
        new ClientSecretPost(new ClientID(publicClient.clientId()), new Secret("anything"));

    assertThat(refusal(request(wrongSecret, codeGrant()))).isEqualTo("invalid_client");
    assertThat(refusal(request(unknown, codeGrant()))).isEqualTo("invalid_client");
    assertThat(refusal(request(publicWithSecret, codeGrant()))).isEqualTo("invalid_client");
    assertThat(refusal(request(new ClientID(confidential.client().clientId()), codeGrant())))
        .as("a confidential client that sends no secret")
        .isEqualTo("invalid_client");
    Refused basic = (Refused) read(request(wrongSecret, codeGrant()).toHTTPRequest());
    assertThat(basic.challengeBasic()).isTrue();
  }

  @Test
  void twoMethodsAtOnceOrAParameterTwiceIsInvalidRequest() {
    HTTPRequest both = request(post(confidential), codeGrant()).toHTTPRequest();
    both.setAuthorization(basic(confidential).toHTTPAuthorizationHeader());
    HTTPRequest twice = request(basic(confidential), codeGrant()).toHTTPRequest();
    twice.setBody(twice.getBody() + "&code=another");

    assertThat(((Refused) read(both)).error().getCode()).isEqualTo("invalid_request");
    assertThat(((Refused) read(twice)).error().getCode()).isEqualTo("invalid_request");
  }

  @Test
  void onlyTheCodeAndRefreshGrantsAreServedAndRefreshOnlyToAClientAllowedIt() {
    AuthorizationGrant password =
        new ResourceOwnerPasswordCredentialsGrant("ada@example.org", new Secret("pwd"));
    AuthorizationGrant refresh = new RefreshTokenGrant(new RefreshToken("a-refresh-token"));

    assertThat(refusal(request(basic(confidential), password))).isEqualTo("unsupported_grant_type");
    assertThat(refusal(request(basic(confidential), new ClientCredentialsGrant())))
        .isEqualTo("unsupported_grant_type");
    assertThat(refusal(request(basic(confidential), refresh))).isEqualTo("unauthorized_client");
    assertThat(read(request(basic(refreshing), refresh)))
        .isInstanceOfSatisfying(
            Refresh.class,
            call -> assertThat(call.token().getValue()).isEqualTo("a-refresh-token"));
  }

  @Test
  void aCodeExchangeWithoutARedirectUriIsInvalidRequest() {
    AuthorizationCodeGrant noRedirect =
        new AuthorizationCodeGrant(new AuthorizationCode("the-code"), null, new CodeVerifier());

    assertThat(refusal(request(basic(confidential), noRedirect))).isEqualTo("invalid_request");
  }

  private static AuthorizationCodeGrant codeGrant() {
    return new AuthorizationCodeGrant(
        new AuthorizationCode("the-code"), CALLBACK, new CodeVerifier());
  }

  private static ClientSecretBasic basic(RegisteredClient client) {
    return new ClientSecretBasic(
        new ClientID(client.client().clientId()), new Secret(client.secret().orElseThrow()));
  }

  private static ClientSecretPost post(RegisteredClient client) {
    return new ClientSecretPost(
        new ClientID(client.client().clientId()), new Secret(client.secret().orElseThrow()));
  }

  private static TokenRequest request(
      ClientAuthentication authentication, AuthorizationGrant grant) {
    return new TokenRequest.Builder(ENDPOINT, authentication, grant).build();
  }

  private static TokenRequest request(ClientID clientId, AuthorizationGrant grant) {
    return new TokenRequest.Builder(ENDPOINT, clientId, grant).build();
  }

  private TokenCall read(TokenRequest request) {
    return read(request.toHTTPRequest());
  }

  private TokenCall read(HTTPRequest request) {
    return requests.read(request);
  }

  private String refusal(TokenRequest request) {
    TokenCall call = read(request);
    assertThat(call).isInstanceOf(Refused.class);
    return ((Refused) call).error().getCode();
  }
}
