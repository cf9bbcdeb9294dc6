package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client proves who it is at the endpoints it calls itself (token, revocation and
 * introspection), the same at each: a confidential client by its secret, by HTTP Basic ({@code
 * client_secret_basic}) or in the form ({@code client_secret_post}), a public client by naming
 * itself ({@code none}); no other method, never two in one request (RFC 6749 §2.3), and no form
 * parameter given twice. Thread-safe.
 */
final class ClientAuthentications {

  private final ClientRegistry clients;

  ClientAuthentications(ClientRegistry clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /**
   * The {@code invalid_request} error of {@code request}'s form, if it gives a parameter twice or
   * uses two client authentication methods; empty when it does neither.
   */
  static Optional<ErrorObject> malformed(HTTPRequest request) {
    Map<String, List<String>> form = URLUtils.parseParameters(request.getBody());
    for (Map.Entry<String, List<String>> param : form.entrySet()) {
      if (param.getValue().size() != 1) {
        return Optional.of(invalid(param.getKey() + " must be given once"));
      }
    }
    if (triedBasic(request)
        && (form.containsKey("client_secret") || form.containsKey("client_assertion"))) {
      // One method per request; Nimbus would take the header and ignore the rest.
      return Optional.of(invalid("use one client authentication method, not two"));
    }
    return Optional.empty();
  }

  /** Whether {@code request} tried HTTP Basic, so that a 401 names that scheme. */
  static boolean triedBasic(HTTPRequest request) {
    return request.getAuthorization() != null;
  }

  /** The {@code invalid_client} error of a client that did not authenticate. */
  static ErrorObject failed() {
    return OAuth2Error.INVALID_CLIENT.setDescription("client authentication failed");
  }

  /** The error of a request Nimbus could not parse: its own, or {@code invalid_request}. */
  static ErrorObject unparsable(ParseException e) {
    return e.getErrorObject() != null ? e.getErrorObject() : invalid(e.getMessage());
  }

  /** The {@code invalid_request} error, saying {@code why}. */
  static ErrorObject invalid(String why) {
    return OAuth2Error.INVALID_REQUEST.setDescription(why);
  }

  /**
   * The client {@code authentication} proves, or the public client {@code clientId} names when
   * there is none; empty for an unknown client, a wrong secret, a confidential client that sent no
   * secret, a public client that sent one, or any other method.
   */
  Optional<Client> authenticated(ClientAuthentication authentication, ClientID clientId) {
    if (authentication == null) {
      return Optional.ofNullable(clientId)
          .flatMap(id -> clients.find(id.getValue()))
          .filter(Client::isPublic);
    }
    if (!(authentication instanceof PlainClientSecret secret)) {
      return Optional.empty();
    }
    return clients
        .find(authentication.getClientID().getValue())
        .filter(client -> client.secretMatches(secret.getClientSecret().getValue()));
  }
}
