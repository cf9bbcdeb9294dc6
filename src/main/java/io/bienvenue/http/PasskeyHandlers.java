package io.bienvenue.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.PasskeyLogin;
import io.bienvenue.auth.PasskeySummary;
import io.bienvenue.http.edge.BadRequestException;
import io.bienvenue.http.edge.Utf8Input;
import io.bienvenue.user.SessionOrigin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The passkey routes: their options answered as {@code {"publicKey": …}} in WebAuthn's JSON form,
 * and the browser's {@code credential.toJSON()} taken as the {@code credential} object of a JSON
 * body. Each reads its input, calls one {@link Auth} method, and renders the outcome; everything
 * WebAuthn is decided behind {@link Auth}. Thread-safe.
 */
final class PasskeyHandlers {

  /** The path of the user's passkeys; one is {@code /profile/passkeys/{id}}. */
  static final String PASSKEYS = "/profile/passkeys";

  /** The path that answers a registration's creation options. */
  static final String REGISTRATION_OPTIONS = PASSKEYS + "/options";

  /** The path that answers a passwordless login's request options. */
  static final String LOGIN_OPTIONS = "/sessions/passkey/options";

  /** The path of a passwordless login. */
  static final String LOGIN = "/sessions/passkey";

  /** One JSON object and nothing after it; a key given twice is malformed. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Auth auth;
  private final SessionCookie cookie;
  private final SessionCredential credential;
  private final ClientAddress clientAddress;

  PasskeyHandlers(Auth auth, SessionCookie cookie, ClientAddress clientAddress) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.cookie = cookie;
    this.credential = new SessionCredential(Objects.requireNonNull(cookie, "cookie"));
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
  }

  /** {@code GET /profile/passkeys}: the body, never key material. */
  record Passkeys(List<Passkey> passkeys) {}

  /** One passkey in {@link Passkeys}, its times in ISO-8601; {@code last_used_at} once used. */
  record Passkey(
      String id,
      String name,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("last_used_at") @JsonInclude(JsonInclude.Include.NON_NULL) String lastUsedAt) {

    static Passkey of(PasskeySummary summary) {
      return new Passkey(
          summary.id(),
          summary.name(),
          summary.createdAt().toString(),
          summary.lastUsedAt().map(Object::toString).orElse(null));
    }
  }

  /** The answer of {@code POST /profile/passkeys}: what was added. */
  record Added(String message, Passkey passkey) {}

  /** {@code POST /profile/passkeys/options}: the creation options of a new passkey. */
  void registrationOptions(Context ctx) {
    String options = auth.passkeyRegistrationOptions(token(ctx), clientAddress.of(ctx));
    answerOptions(ctx, options);
  }

  /** {@code POST /profile/passkeys}: verifies the browser's answer and adds the passkey. */
  void register(Context ctx) {
    JsonNode body = jsonBody(ctx);
    String name = text(body, "name").orElseThrow(() -> new BadRequestException("name is required"));
    PasskeySummary added =
        auth.addPasskey(
            token(ctx), credentialOf(body), name, text(body, "password"), clientAddress.of(ctx));
    ctx.status(201).json(new Added("passkey added", Passkey.of(added)));
  }

  /** {@code GET /profile/passkeys}: the caller's passkeys, oldest first. */
  void list(Context ctx) {
    ctx.json(new Passkeys(auth.passkeysOf(token(ctx)).stream().map(Passkey::of).toList()));
  }

  /** {@code DELETE /profile/passkeys/{id}}: removes one, with the password or a fresh login. */
  void remove(Context ctx) {
    Optional<String> password = RequestFields.of(ctx).optional("password");
    auth.removePasskey(token(ctx), ctx.pathParam("id"), password, clientAddress.of(ctx));
    ctx.json(new Bodies.Message("passkey removed"));
  }

  /**
   * {@code POST /sessions/passkey/options}: the request options of a passkey login, for the
   * optional field {@code purpose}: {@code login} (passwordless, the default) or {@code
   * second_step} (after a password, in place of a TOTP code).
   */
  void loginOptions(Context ctx) {
    Optional<String> purpose = RequestFields.of(ctx).optional("purpose");
    answerOptions(ctx, auth.passkeyLoginOptions(clientAddress.of(ctx), purpose));
  }

  /** {@code POST /sessions/passkey}: logs in with a passkey, as {@code POST /sessions} answers. */
  void login(Context ctx) {
    JsonNode body = jsonBody(ctx);
    PasskeyLogin login =
        auth.logInWithPasskey(
            credentialOf(body), SessionOrigin.of(clientAddress.of(ctx), ctx.userAgent()));
    cookie.write(ctx, login.session().token(), login.session().lifetime());
    ctx.json(new Bodies.EmailMessage(login.email(), "logged in"));
  }

  /** Answers {@code {"publicKey": options}}, the options being JSON already. */
  static void answerOptions(Context ctx, String options) {
    try {
      ctx.header("Cache-Control", "no-store");
      ctx.json(JSON.createObjectNode().set("publicKey", JSON.readTree(options)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("webauthn4j wrote options that are not JSON", e);
    }
  }

  /**
   * The body as one JSON object.
   *
   * @throws BadRequestException if it is not JSON, or malformed, or not an object
   */
  static JsonNode jsonBody(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new BadRequestException(415, "send a JSON object (application/json)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(Utf8Input.body(ctx));
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the JSON body is malformed");
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the JSON body must be an object");
    }
    return root;
  }

  /**
   * The {@code credential} member, the browser's {@code credential.toJSON()}, as JSON text.
   *
   * @throws BadRequestException if it is missing, or neither an object nor the JSON text of one
   */
  static String credentialOf(JsonNode body) {
    return CredentialJson.of("credential", body.get("credential"))
        .orElseThrow(
            () ->
                new BadRequestException(
                    "credential is required: the object of credential.toJSON()"));
  }

  /** The string member {@code name}, if given and not empty. */
  private static Optional<String> text(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadRequestException(name + " must be a string");
    }
    return Optional.of(value.textValue()).filter(v -> !v.isEmpty());
  }

  /** The session token the request carries, or null: {@link Auth} refuses a null one. */
  private String token(Context ctx) {
    return credential.read(ctx).orElse(null);
  }
}
