package io.bienvenue.ops.adminapi;

import io.bienvenue.auth.AdminKey;
import io.bienvenue.auth.AdminKeys;
import io.bienvenue.http.JsonApi;
import io.bienvenue.ops.AuditTrail;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What runs before every admin API route: a key in the query string is refused with a 400 before
 * anything else (a URL ends up in logs and histories), then the request's {@code Authorization:
 * Bearer} key is checked. Every refusal of a key is one 401 with one message, whatever its cause; a
 * presented key that is wrong counts in the throttle ({@link AdminKeys#authenticate}).
 */
final class AdminKeyGuard {

  /** The request attribute that holds the {@link AdminKey} of an authenticated request. */
  static final String KEY = "bienvenue.admin-key";

  static final String KEY_REFUSED =
      "a valid admin key is required: send it as Authorization: Bearer <key>";

  static final String KEY_IN_QUERY =
      "an admin key must never be sent in the query string: send it as Authorization: Bearer";

  /** Query parameters that carry credentials in other APIs, refused whatever their value. */
  private static final Set<String> CREDENTIAL_PARAMETERS =
      Set.of("access_token", "api_key", "apikey", "key", "token");

  private static final String BEARER = "bearer ";

  private final AdminKeys keys;
  private final AuditTrail audit;

  /** Creates the guard over {@code keys}, recording refusals to {@code audit}. */
  AdminKeyGuard(AdminKeys keys, AuditTrail audit) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  /** Refuses a request with a credential in its query string: a 400, and nothing else runs. */
  static void refuseKeyInQuery(Context ctx) {
    String query = ctx.queryString();
    if (query == null || query.isEmpty()) {
      return;
    }
    // Undecoded first: a key written with escapes (bvadm%5F...) is caught as well below.
    boolean refused = query.toLowerCase(Locale.ROOT).contains(AdminKeys.PREFIX);
    if (!refused) {
      Map<String, List<String>> parameters;
      try {
        parameters = ctx.queryParamMap();
      } catch (RuntimeException e) {
        JsonApi.refuse(ctx, 400, "the query string is malformed");
        ctx.skipRemainingHandlers();
        return;
      }
      refused =
          parameters.entrySet().stream()
              .anyMatch(
                  parameter ->
                      CREDENTIAL_PARAMETERS.contains(parameter.getKey().toLowerCase(Locale.ROOT))
                          || parameter.getValue().stream()
                              .anyMatch(
                                  value ->
                                      value.toLowerCase(Locale.ROOT).startsWith(AdminKeys.PREFIX)));
    }
    if (refused) {
      JsonApi.refuse(ctx, 400, KEY_IN_QUERY);
      ctx.skipRemainingHandlers();
    }
  }

  /** Lets the request on with its key in {@link #KEY}, or refuses it with a 401. */
  void authenticate(Context ctx) {
    Optional<String> presented = bearer(ctx.header("Authorization"));
    Optional<AdminKey> key =
        presented.isEmpty() ? Optional.empty() : keys.authenticate(presented.get(), ctx.ip());
    if (key.isEmpty()) {
      if (presented.isPresent()) {
        audit.adminKeyRefused();
      }
      ctx.header("WWW-Authenticate", "Bearer");
      JsonApi.refuse(ctx, 401, KEY_REFUSED);
      ctx.skipRemainingHandlers();
      return;
    }
    ctx.attribute(KEY, key.get());
  }

  /** The credential of a {@code Bearer} authorization, if that is what the header holds. */
  private static Optional<String> bearer(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(BEARER.length()).strip());
  }
}
