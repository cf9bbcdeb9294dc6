package io.bienvenue.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.bienvenue.oauth.TokenCall.Query;
import io.bienvenue.oauth.TokenCall.Refused;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The policy of the revocation (RFC 7009) and introspection (RFC 7662) endpoints up to the token:
 * which client is calling, and which token it names. Nimbus parses; the rules are here.
 *
 * <ul>
 *   <li>A client authenticates as at the token endpoint ({@link ClientAuthentications}): a
 *       confidential one by its secret, a public one by its {@code client_id}. A request with no
 *       client at all, or one that fails, is {@code invalid_client}.
 *   <li>Only a confidential client may introspect: a resource server asking what a token is must
 *       prove who it is, which a public client cannot.
 *   <li>{@code token} must be given, once, like every parameter; {@code token_type_hint} only says
 *       which kind of token to look for first.
 * </ul>
 *
 * Thread-safe.
 */
public final class TokenQueries {

  private final ClientAuthentications authentications;

  /** The policy over the registered {@code clients}. */
  public TokenQueries(ClientRegistry clients) {
    this.authentications = new ClientAuthentications(clients);
  }

  /** Reads {@code request}, a {@code POST} to the revocation endpoint. */
  public TokenCall readRevocation(HTTPRequest request) {
    return read(
        request,
        TokenRevocationRequest::parse,
        parsed ->
            query(
                request,
                authentications.authenticated(
                    parsed.getClientAuthentication(), parsed.getClientID()),
                parsed.getToken()));
  }

  /** Reads {@code request}, a {@code POST} to the introspection endpoint. */
  public TokenCall readIntrospection(HTTPRequest request) {
    return read(
        request,
        TokenIntrospectionRequest::parse,
        parsed ->
            query(
                request,
                Optional.ofNullable(parsed.getClientAuthentication())
                    .flatMap(authentication -> authentications.authenticated(authentication, null))
                    .filter(client -> !client.isPublic()),
                parsed.getToken()));
  }

  /** Nimbus's parser of one kind of request. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(HTTPRequest request) throws ParseException;
  }

  /** {@code request} refused, or parsed by {@code parser} and read by {@code reader}. */
  private static <T> TokenCall read(
      HTTPRequest request, Parser<T> parser, Function<T, TokenCall> reader) {
    Optional<Refused> refused = refusedForm(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      return reader.apply(parser.parse(request));
    } catch (ParseException e) {
      return new Refused(ClientAuthentications.unparsable(e), basic(request));
    }
  }

  /**
   * The refusal of {@code request} before Nimbus reads it: a parameter twice, two authentication
   * methods, no {@code token}, or no client named at all (neither HTTP Basic nor {@code client_id}:
   * another scheme, such as a bearer token, authenticates no client here).
   */
  private static Optional<Refused> refusedForm(HTTPRequest request) {
    Objects.requireNonNull(request, "request");
    boolean basic = basic(request);
    Optional<Refused> malformed =
        ClientAuthentications.malformed(request).map(error -> new Refused(error, basic));
    if (malformed.isPresent()) {
      return malformed;
    }
    Map<String, List<String>> form = URLUtils.parseParameters(request.getBody());
    if (form.getOrDefault("token", List.of("")).get(0).isEmpty()) {
      return Optional.of(new Refused(ClientAuthentications.invalid("token must be given"), basic));
    }
    String authorization = Optional.ofNullable(request.getAuthorization()).orElse("");
    boolean basicScheme = authorization.regionMatches(true, 0, "Basic ", 0, "Basic ".length());
    if (!basicScheme && !form.containsKey("client_id")) {
      // Nimbus would call this a malformed request; RFC 6749 §5.2 calls it invalid_client.
      return Optional.of(new Refused(ClientAuthentications.failed(), basic));
    }
    return Optional.empty();
  }

  private static TokenCall query(HTTPRequest request, Optional<Client> client, Token token) {
    if (client.isEmpty()) {
      return new Refused(ClientAuthentications.failed(), basic(request));
    }
    return new Query(client.get(), token.getValue(), token instanceof AccessToken);
  }

  private static boolean basic(HTTPRequest request) {
    return ClientAuthentications.triedBasic(request);
  }
}
