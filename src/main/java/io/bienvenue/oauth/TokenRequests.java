package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.TokenCall.CodeExchange;
import io.bienvenue.oauth.TokenCall.Refresh;
import io.bienvenue.oauth.TokenCall.Refused;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The token endpoint's policy up to the grant: which client is calling, and what it asks. A
 * confidential client authenticates with its secret, by HTTP Basic ({@code client_secret_basic}) or
 * in the form ({@code client_secret_post}), and a public client names itself ({@code none}) and
 * must then prove its code with PKCE; no other method, and never two at once. Only the {@code
 * authorization_code} grant, and {@code refresh_token} for a client allowed it: no password,
 * implicit or client-credentials grant. A parameter given twice is refused. Nimbus parses; the
 * rules are here, those of client authentication in {@link ClientAuthentications}, which the
 * revocation and introspection endpoints share. Thread-safe.
 */
public final class TokenRequests {

  private final ClientAuthentications authentications;

  /** The policy over the registered {@code clients}. */
  public TokenRequests(ClientRegistry clients) {
    this.authentications = new ClientAuthentications(clients);
  }

  /** Reads {@code request}, a {@code POST} to the token endpoint. */
  public TokenCall read(HTTPRequest request) {
    Objects.requireNonNull(request, "request");
    boolean basic = ClientAuthentications.triedBasic(request);
    Optional<ErrorObject> malformed = ClientAuthentications.malformed(request);
    if (malformed.isPresent()) {
      return new Refused(malformed.get(), basic);
    }
    Map<String, List<String>> form = URLUtils.parseParameters(request.getBody());
    if (form.getOrDefault("grant_type", List.of("")).get(0).isEmpty()) {
      return new Refused(invalid("grant_type must be given"), basic);
    }
    TokenRequest parsed;
    try {
      parsed = TokenRequest.parse(request);
    } catch (ParseException e) {
      return new Refused(ClientAuthentications.unparsable(e), basic);
    }
    Optional<Client> client =
        authentications.authenticated(parsed.getClientAuthentication(), parsed.getClientID());
    if (client.isEmpty()) {
      return new Refused(ClientAuthentications.failed(), basic);
    }
    AuthorizationGrant grant = parsed.getAuthorizationGrant();
    if (grant instanceof AuthorizationCodeGrant code) {
      if (code.getRedirectionURI() == null) {
        return new Refused(invalid("redirect_uri must be given"), basic);
      }
      return new CodeExchange(
          client.get(),
          code.getAuthorizationCode(),
          code.getRedirectionURI(),
          Optional.ofNullable(code.getCodeVerifier()));
    }
    if (grant instanceof RefreshTokenGrant refresh) {
      if (!client.get().refreshTokens()) {
        return new Refused(
            OAuth2Error.UNAUTHORIZED_CLIENT.setDescription(
                "this client is not allowed the refresh_token grant"),
            basic);
      }
      return new Refresh(client.get(), refresh.getRefreshToken());
    }
    return new Refused(
        OAuth2Error.UNSUPPORTED_GRANT_TYPE.setDescription(
            "only authorization_code and refresh_token are supported"),
        basic);
  }

  private static ErrorObject invalid(String why) {
    return ClientAuthentications.invalid(why);
  }
}
