package io.bienvenue.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The table of hostile requests. Each case is a request written byte for byte (a string whose chars
 * are bytes, ISO-8859-1), built when it runs from the {@link Fixture} of tokens made before the
 * run, and what its answer must be: a JSON 4xx from the service, or a 4xx that the HTTP library may
 * give in its own words for garbage that never reaches the service. The open-redirect rows ({@link
 * #openRedirects}, run by {@code OpenRedirectTest}) are answered otherwise: a 302 to the profile.
 */
final class HostileCases {

  /** The accounts and tokens that exist before the run. */
  record Fixture(
      String victim,
      String victimPassword,
      String victimSession,
      String victimSessionId,
      String mallory,
      String mallorySession,
      String malloryEndedSession,
      String malloryResetToken,
      String malloryUsedResetToken,
      String bystanderSession) {}

  /** One row: a name and the request. */
  record Case(String name, Function<Fixture, String> request) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One open-redirect attempt on {@code GET /ui/return}: a name and the query, written as is into
   * the request target (so that an encoded variant reaches the server as it was sent).
   */
  record Redirect(String name, String query) {

    /** The request, byte for byte. */
    String request() {
      return HostileCases.request("GET", "/ui/return?" + query, null, "");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One cross-site request forgery on {@code POST /sessions} from a page at {@code origin}, which
   * the browser marks {@code Sec-Fetch-Site: fetchSite}, against a service that shares its cookie
   * across {@link #COOKIE_DOMAIN} and allows {@link #CORS_ORIGIN}: none of them is either.
   */
  record Forgery(String name, String origin, String fetchSite) {

    /** The request, byte for byte: a login with the form's fields, from the forged origin. */
    String request() {
      List<String> headers = new ArrayList<>(List.of("Sec-Fetch-Site", fetchSite));
      if (origin != null) {
        headers.addAll(List.of("Origin", origin));
      }
      return HostileCases.request(
          "POST",
          "/sessions",
          "application/x-www-form-urlencoded",
          "email=" + percent(NOBODY) + "&password=" + WRONG,
          headers.toArray(String[]::new));
    }

    /** The preflight a browser would send first for a fetch with credentials. */
    String preflight() {
      return HostileCases.request(
          "OPTIONS",
          "/sessions",
          null,
          "",
          "Origin",
          origin == null ? "null" : origin,
          "Access-Control-Request-Method",
          "POST",
          "Access-Control-Request-Headers",
          "authorization");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * One attempt to have the reset mail carry an attacker's address: a name and the {@code
   * return_to} field of a {@code POST /reset_password} form, written as is into the body (so that
   * an encoded variant reaches the server as it was sent).
   */
  record MailedRedirect(String name, String field) {

    /** The form body asking a reset mail for {@code email} with this {@code return_to}. */
    String body(String email) {
      return "email=" + percent(email) + "&return_to=" + field;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The domain the forgery cases' service shares its session cookie across. */
  static final String COOKIE_DOMAIN = "example.com";

  /** The one CORS origin of the forgery cases' service, outside its cookie domain. */
  static final String CORS_ORIGIN = "https://spa.example.net";

  /** The one origin the open-redirect cases' service lets the pages return to. */
  static final String RETURN_TO_ORIGIN = "https://app.example.com";

  static final String NOBODY = "nobody@example.org";
  static final String WRONG = "not-the-password";

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON_TYPE = "application/json";

  /**
   * The body routes and their fields, each field with a value that keeps the answer a 4xx. A route
   * that needs a session is sent with the live session of a bystander account, so that its body is
   * read and refused on its own merits.
   */
  private record BodyRoute(String method, String path, List<String> fields, boolean session) {

    BodyRoute(String method, String path, List<String> fields) {
      this(method, path, fields, false);
    }

    /**
     * This route with {@code body} of {@code contentType}, and the bystander's session if needed.
     */
    String request(Fixture f, String contentType, String body) {
      return session
          ? HostileCases.request(
              method, path, contentType, body, "Cookie", "session_id=" + f.bystanderSession())
          : HostileCases.request(method, path, contentType, body);
    }

    /** A value for {@code field} under which the request fails: a wrong password, a bad token. */
    String harmless(String field, Fixture f) {
      return switch (field) {
        case "email" ->
            path.equals("/users") || path.equals("/reset_password") && isPut()
                ? f.victim()
                // A resend is answered 200 for any address: its cases carry one that is not an
                // address, so each is still read to the end, then refused.
                : path.equals("/verify_email/resend") ? "nobody" : NOBODY;
        case "password", "new_password", "current_password" -> WRONG;
        case "reset_token", "token" -> "not-a-token";
        case "code" -> "000000";
        default -> throw new IllegalArgumentException(field);
      };
    }

    boolean isPut() {
      return method.equals("PUT");
    }

    String label() {
      return method + " " + path;
    }
  }

  private static final List<BodyRoute> BODY_ROUTES =
      List.of(
          new BodyRoute("POST", "/users", List.of("email", "password")),
          new BodyRoute("POST", "/sessions", List.of("email", "password")),
          new BodyRoute("POST", "/sessions/token", List.of("email", "password")),
          new BodyRoute("POST", "/sessions/email_code", List.of("email")),
          new BodyRoute("POST", "/sessions/email_code/verify", List.of("email", "code")),
          new BodyRoute("POST", "/reset_password", List.of("email")),
          new BodyRoute("PUT", "/reset_password", List.of("email", "reset_token", "new_password")),
          new BodyRoute("POST", "/verify_email", List.of("email", "token")),
          new BodyRoute("POST", "/verify_email/resend", List.of("email")),
          new BodyRoute(
              "PUT", "/profile/password", List.of("current_password", "new_password"), true),
          new BodyRoute("DELETE", "/profile", List.of("password"), true),
          new BodyRoute("POST", "/profile/totp", List.of("password"), true),
          new BodyRoute("PUT", "/profile/totp", List.of("code"), true),
          new BodyRoute("DELETE", "/profile/totp", List.of("password", "code"), true));

  private static final List<String> INJECTIONS =
      List.of(
          "' OR '1'='1",
          "'; DROP TABLE users; --",
          "\" OR \"\"=\"",
          "admin'--",
          "1 UNION SELECT hashed_password FROM users",
          "../../../../etc/passwd",
          "..\\..\\..\\windows\\win.ini",
          "%2e%2e%2f%2e%2e%2fetc%2fpasswd");

  private HostileCases() {}

  /** Every case. */
  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    wrongMethods(cases);
    fields(cases);
    contentTypes(cases);
    encodings(cases);
    sizes(cases);
    addresses(cases);
    jsonShapes(cases);
    injections(cases);
    cookies(cases);
    sessionIds(cases);
    oneTimeCodes(cases);
    passkeys(cases);
    passkeySecondSteps(cases);
    headers(cases);
    protocol(cases);
    return cases;
  }

  /** The base path of the service that {@link #underBasePath} is played against. */
  static final String BASE_PATH = "/auth";

  /**
   * Requests to a service mounted under {@link #BASE_PATH} that try to reach a route outside the
   * prefix, or to pass for it without being under it: dot segments climbing out of it, encoded
   * slashes and dots, a longer or differently written first segment, path parameters, an
   * absolute-form target, and the routes without the prefix. Each carries the victim's live
   * session, so that a route reached by mistake would answer with the victim's data, or end the
   * session.
   */
  static List<Case> underBasePath() {
    String[][] targets = {
      {"dot segments out of the prefix", "GET", "/auth/../profile"},
      {"two dot segments out of the prefix", "GET", "/auth/ui/../../profile"},
      {"encoded dot segments", "GET", "/auth/%2e%2e/profile"},
      {"an encoded slash after dots", "GET", "/auth/..%2fprofile"},
      {"an encoded slash for the prefix's own", "GET", "/auth%2fprofile"},
      {"an upper-case encoded slash", "GET", "/auth%2Fprofile"},
      {"a double-encoded slash", "GET", "/auth%252fprofile"},
      {"a longer first segment", "GET", "/authx/profile"},
      {"the prefix in capitals", "GET", "/AUTH/profile"},
      {"a path parameter on the prefix", "GET", "/auth;x/profile"},
      {"a backslash for the slash", "GET", "/auth\\profile"},
      {"an encoded backslash", "GET", "/auth%5cprofile"},
      {"a NUL in the prefix", "GET", "/auth%00/profile"},
      {"the route without the prefix", "GET", "/profile"},
      {"the session list without the prefix", "GET", "/sessions"},
      {"an absolute-form target without the prefix", "GET", "http://localhost/profile"},
      {"a logout without the prefix", "DELETE", "/sessions"},
      {"a logout with dot segments out of the prefix", "DELETE", "/auth/../sessions"},
      {"an account deletion without the prefix", "DELETE", "/profile"}
    };
    List<Case> cases = new ArrayList<>();
    for (String[] target : targets) {
      cases.add(
          new Case(
              "base path: " + target[0] + " (" + target[1] + " " + target[2] + ")",
              f ->
                  request(
                      target[1],
                      target[2],
                      FORM,
                      "password=" + percent(f.victimPassword()),
                      "Cookie",
                      "session_id=" + f.victimSession())));
    }
    return cases;
  }

  /**
   * The cross-site forgery cases: each is an origin outside {@link #COOKIE_DOMAIN} and other than
   * {@link #CORS_ORIGIN}, disguised as one of them the way origin checks have been fooled (suffix
   * and prefix matches, userinfo, look-alikes, a second origin in the header), or no origin at all
   * on a fetch the browser calls cross-site. Each must be refused with a 403 and get no CORS
   * header.
   */
  static List<Forgery> crossSiteForgeries() {
    String[][] rows = {
      {"another site", "https://evil.example"},
      {"the domain as a suffix without a dot", "https://badexample.com"},
      {"the domain as a prefix of another", "https://example.com.evil.example"},
      {"a subdomain as a prefix of another", "https://app.example.com.evil.example"},
      {"the domain with another top-level domain", "https://example.co"},
      {"the domain's top-level domain alone", "https://com"},
      {"the CORS origin on another port", CORS_ORIGIN + ":8443"},
      {"the CORS origin over plain http", "http://spa.example.net"},
      {"the CORS origin's parent", "https://example.net"},
      {"a subdomain of the CORS origin", "https://x.spa.example.net"},
      {"the CORS origin as a prefix of another", CORS_ORIGIN + ".evil.example"},
      {"the domain as userinfo", "https://example.com@evil.example"},
      {"the CORS origin as userinfo", "https://spa.example.net@evil.example"},
      {"a path after an origin", "https://evil.example/app.example.com"},
      {"a backslash before the domain", "https://evil.example\\.example.com"},
      {"a Cyrillic look-alike subdomain", "https://\u0430pp.example.com"},
      {"a punycode look-alike of the domain", "https://xn--exmple-cua.com"},
      {"an opaque origin", "null"},
      {"two origins in one header", "https://evil.example https://app.example.com"},
      {"an origin of garbage", "%%%"},
      {"a file origin", "file://app.example.com"},
      {"an address literal", "https://127.0.0.1"},
    };
    List<Forgery> cases = new ArrayList<>();
    for (String[] row : rows) {
      // A header is bytes: a non-ASCII origin goes out as its UTF-8 bytes, as a browser's would.
      String origin =
          new String(row[1].getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      cases.add(new Forgery(row[0] + " (" + row[1] + ")", origin, "cross-site"));
    }
    cases.add(new Forgery("a cross-site fetch with no Origin", null, "cross-site"));
    cases.add(new Forgery("a same-site fetch with no Origin", null, "same-site"));
    return cases;
  }

  /**
   * The open-redirect cases: each names a destination other than {@link #RETURN_TO_ORIGIN} or the
   * service itself, in a disguise that has fooled some redirect check (OWASP's unvalidated
   * redirects cheat sheet, PortSwigger's URL-validation bypasses), and must lead to the profile.
   */
  static List<Redirect> openRedirects() {
    List<Redirect> cases = new ArrayList<>();
    String[][] decoded = {
      {"another origin", "https://evil.example/"},
      {"another origin in capitals", "HTTPS://EVIL.EXAMPLE/"},
      {"a scheme-relative URL", "//evil.example"},
      {"a scheme-relative URL with three slashes", "///evil.example"},
      {"a scheme with no slashes", "https:evil.example"},
      {"a scheme with one slash", "https:/evil.example"},
      {"two backslashes", "\\\\evil.example"},
      {"a slash and a backslash", "/\\evil.example"},
      {"a backslash before the @", RETURN_TO_ORIGIN + "\\@evil.example"},
      {"javascript:", "javascript:alert(document.domain)"},
      {"javascript: in mixed case", "JaVaScRiPt:alert(1)"},
      {"javascript: after a tab", "java\tscript:alert(1)"},
      {"data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
      {"vbscript:", "vbscript:msgbox(1)"},
      {"the allowed origin as userinfo", RETURN_TO_ORIGIN + "@evil.example"},
      {"the allowed origin and port as userinfo", RETURN_TO_ORIGIN + ":443@evil.example"},
      {"the allowed origin as a subdomain of another", RETURN_TO_ORIGIN + ".evil.example"},
      {"the allowed origin in the fragment", "https://evil.example#@app.example.com"},
      {"the allowed origin in the query", "https://evil.example?@app.example.com"},
      {"the allowed origin in the path", "https://evil.example/" + RETURN_TO_ORIGIN},
      {"the allowed host over plain http", "http://app.example.com/"},
      {"the allowed host on another port", "https://app.example.com:8443/"},
      {"a Cyrillic look-alike host", "https://\u0430pp.example.com/"},
      {"a full-width host", "https://\uff45vil.example/"},
      {"an ideographic full stop", "https://evil\u3002example/"},
      {"a punycode look-alike host", "https://xn--pp-8cd.example.com/"},
      {"a leading space", " https://evil.example/"},
      {"a tab inside a path", "/\t/evil.example"},
      {"a newline inside a path", "/\n/evil.example"},
      {"a header injected after CR LF", "/ui/profile\r\nX-Evil: https://evil.example"},
      {"a NUL inside the host", "https://evil.example\u0000.app.example.com/"},
      {"dot segments climbing to //", "/ui/../..//evil.example"},
      {"a relative path", "../../evil.example"},
      {"a bare host name", "evil.example"},
      {"another loopback port", "http://127.0.0.1:1/"},
      {"an over-long URL", RETURN_TO_ORIGIN + "/" + "a".repeat(3000)}
    };
    for (String[] row : decoded) {
      cases.add(new Redirect(row[0], "to=" + percent(row[1])));
    }
    String[][] raw = {
      {"an unencoded scheme-relative URL", "to=//evil.example"},
      {"encoded slashes", "to=%2F%2Fevil.example"},
      {"encoded slashes in lower case", "to=%2f%2fevil.example"},
      {"encoded slashes after a slash", "to=/%252F%252Fevil.example"},
      {"a doubly encoded backslash after a slash", "to=/%255Cevil.example"},
      {"a doubly encoded @", "to=https%3A%2F%2Fapp.example.com%2540evil.example"},
      {"a doubly encoded dot", "to=https%3A%2F%2Fevil%252Eexample"},
      {"encoded dot segments", "to=/%252e%252e/%252e%252e//evil.example"},
      {"to given twice, another origin first", "to=https%3A%2F%2Fevil.example&to=%2Fui%2Fprofile"}
    };
    for (String[] row : raw) {
      cases.add(new Redirect(row[0], row[1]));
    }
    return cases;
  }

  /**
   * The {@code return_to} values of a reset request that the mailed link must not carry: other
   * origins, in the disguises of {@link #openRedirects} that suit a form field, and the service's
   * loopback origin, which in production is not its own.
   */
  static List<MailedRedirect> mailedRedirects() {
    List<MailedRedirect> cases = new ArrayList<>();
    String[][] decoded = {
      {"another origin", "https://evil.example/reset-done"},
      {"a scheme-relative URL", "//evil.example"},
      {"a slash and a backslash", "/\\evil.example"},
      {"the allowed origin as userinfo", RETURN_TO_ORIGIN + "@evil.example"},
      {"the allowed origin as a subdomain of another", RETURN_TO_ORIGIN + ".evil.example"},
      {"the public URL as a subdomain of another", "https://auth.example.org.evil.example/"},
      {"javascript:", "javascript:alert(document.domain)"},
      {"data:", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},
      {"the allowed host over plain http", "http://app.example.com/"},
      {"a header injected after CR LF", "/ui/profile\r\nX-Evil: https://evil.example"},
      {"dot segments climbing to //", "/ui/../..//evil.example"},
      {"the loopback origin", "http://127.0.0.1/ui/profile"},
      {"an over-long URL", RETURN_TO_ORIGIN + "/" + "a".repeat(3000)}
    };
    for (String[] row : decoded) {
      cases.add(new MailedRedirect(row[0], percent(row[1])));
    }
    cases.add(new MailedRedirect("encoded slashes after a slash", "/%252F%252Fevil.example"));
    cases.add(
        new MailedRedirect("a doubly encoded @", "https%3A%2F%2Fapp.example.com%2540evil.example"));
    return cases;
  }

  private static void wrongMethods(List<Case> cases) {
    String[][] wrong = {
      {"/", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/users", "GET", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/sessions", "GET", "PUT", "PATCH", "TRACE", "FOO"},
      {"/profile", "POST", "PUT", "PATCH", "TRACE", "FOO"},
      {"/reset_password", "GET", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/openapi.json", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui/login", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui/reset", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui/assets/login.js", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/sessions/AAAAAAAAAAAAAAAAAAAAAA", "GET", "POST", "PUT", "PATCH", "TRACE", "FOO"},
      {"/profile/password", "GET", "POST", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/profile/totp", "PATCH", "TRACE", "FOO"},
      {"/verify_email", "GET", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/verify_email/resend", "GET", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/sessions/email_code", "GET", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/sessions/email_code/verify", "GET", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui/verify", "POST", "PUT", "DELETE", "PATCH", "TRACE", "FOO"},
      {"/ui/return?to=https%3A%2F%2Fevil.example", "POST", "PUT", "DELETE", "PATCH", "TRACE"},
    };
    for (String[] row : wrong) {
      for (int i = 1; i < row.length; i++) {
        String method = row[i];
        String path = row[0];
        cases.add(
            new Case(
                "wrong method " + method + " " + path,
                f -> request(method, path, FORM, "email=" + f.victim() + "&password=" + WRONG)));
      }
    }
  }

  private static void fields(List<Case> cases) {
    for (BodyRoute route : BODY_ROUTES) {
      cases.add(new Case(route.label() + " with no body at all", f -> route.request(f, null, "")));
      for (String field : route.fields()) {
        String name = route.label() + " " + field;
        cases.add(
            new Case(name + " missing", f -> route.request(f, FORM, form(route, f, field, null))));
        cases.add(
            new Case(name + " empty", f -> route.request(f, FORM, form(route, f, field, ""))));
        cases.add(
            new Case(
                name + " given twice in a form",
                f ->
                    route.request(
                        f, FORM, form(route, f, null, null) + "&" + field + "=" + f.victim())));
        cases.add(
            new Case(
                name + " given twice in JSON",
                f -> {
                  String json = json(route, f, null, null);
                  return route.request(
                      f,
                      JSON_TYPE,
                      json.substring(0, json.length() - 1) + ",\"" + field + "\":\"x\"}");
                }));
        cases.add(
            new Case(
                name + " given twice in multipart",
                f -> {
                  StringBuilder parts = new StringBuilder();
                  for (String each : route.fields()) {
                    parts.append(part(each, route.harmless(each, f)));
                  }
                  parts.append(part(field, "again"));
                  return route.request(
                      f, "multipart/form-data; boundary=XyZ", parts + "--XyZ--\r\n");
                }));
      }
    }
  }

  private static void contentTypes(List<Case> cases) {
    String[][] types = {
      {"no Content-Type on a form body", null, "form"},
      {"text/plain", "text/plain", "form"},
      {"application/xml", "application/xml", "xml"},
      {"JSON type on a form body (lying)", JSON_TYPE, "form"},
      {"form type on a JSON body (lying)", FORM, "json"},
      {"multipart without a boundary", "multipart/form-data", "form"},
      {"multipart with another boundary", "multipart/form-data; boundary=nope", "multipart"},
      {"JSON with an unknown charset", "application/json; charset=x-no-such-charset", "json"},
      {"form with an unknown charset", FORM + "; charset=x-no-such-charset", "form"},
      {"form with charset UTF-16 on UTF-8 bytes", FORM + "; charset=UTF-16", "form"},
      {"Content-Type made of garbage", ";;;===\t", "form"},
    };
    for (BodyRoute route : BODY_ROUTES) {
      for (String[] type : types) {
        cases.add(
            new Case(
                route.label() + " " + type[0],
                f -> {
                  String body =
                      switch (type[2]) {
                        case "form" -> form(route, f, null, null);
                        case "json" -> json(route, f, null, null);
                        case "xml" -> "<user><email>" + f.victim() + "</email></user>";
                        default -> part("email", f.victim()) + "--XyZ--\r\n";
                      };
                  return route.request(f, type[1], body);
                }));
      }
    }
  }

  private static void encodings(List<Case> cases) {
    // Raw text put in place of the first field's value; the rest stay harmless.
    String[][] values = {
      {"invalid percent-encoding %zz", "%zz", "raw"},
      {"truncated percent-encoding", "abc%", "raw"},
      {"truncated percent-encoding %4", "abc%4", "raw"},
      {"invalid UTF-8 %FF", "%FF%FE", "raw"},
      {"overlong UTF-8 %C0%AF", "%C0%AF%C0%AE", "raw"},
      {"lone surrogate in UTF-8 %ED%A0%80", "%ED%A0%80", "raw"},
      {"NUL %00", "a%00b", "raw"},
      {"control characters %01%1B", "a%01%1B[31mb", "raw"},
      {"CRLF injection %0D%0A", "x%0D%0ASet-Cookie:%20session_id=evil", "raw"},
      {"raw NUL byte", "a\0b", "raw"},
      {"raw invalid UTF-8 bytes in JSON", "\u00ff\u00fe\u00c3(", "json"},
      {"JSON \\u0000 escape", "a\\u0000b", "json"},
      {"JSON lone surrogate escape", "\\ud800", "json"},
    };
    for (BodyRoute route : BODY_ROUTES) {
      for (String field : route.fields()) {
        for (String[] value : values) {
          if (!field.equals("email")
              && !value[0].startsWith("NUL")
              && !value[0].contains("UTF-8")
              && !value[0].contains("surrogate")) {
            continue;
          }
          cases.add(
              new Case(
                  route.label() + " " + field + " with " + value[0],
                  f ->
                      value[2].equals("json")
                          ? route.request(f, JSON_TYPE, jsonRaw(route, f, field, value[1]))
                          : route.request(f, FORM, formRaw(route, f, field, value[1]))));
        }
      }
    }
  }

  /**
   * Every email field with an address outside the one grammar (issue 21): one that hides another, a
   * second {@code @}, an address literal, a quoted local part, a display name, a comment, a route,
   * a list, and non-ASCII look-alikes that Unicode case mapping folds onto an ASCII address. Each
   * is a 400, never an account or a mail.
   */
  private static void addresses(List<Case> cases) {
    String[] hostile = {
      "<attacker@evil.test>@example.org",
      "\"<attacker@evil.test>\"@example.org",
      "Name <a@b.org>",
      "a@b.org (comment)",
      "@route.example:a@b.org",
      "a@b.org,c@d.org",
      "a@b@c",
      "a@[127.0.0.1]",
      "a@example.org.",
      "\u212Aate@example.org",
      "\u0131stanbul@example.org",
      "\u0130stanbul@example.org",
      "stra\u00dfe@example.org",
      "\uff41\uff44\uff41@example.org"
    };
    for (BodyRoute route : BODY_ROUTES) {
      if (!route.fields().contains("email")) {
        continue;
      }
      for (String email : hostile) {
        cases.add(
            new Case(
                route.label() + " with the email " + email,
                f -> route.request(f, FORM, formRaw(route, f, "email", percent(email)))));
      }
    }
  }

  private static void sizes(List<Case> cases) {
    for (BodyRoute route : BODY_ROUTES) {
      String r = route.label();
      cases.add(
          new Case(
              r + " with a 10 kB email",
              f ->
                  route.request(
                      f, FORM, formRaw(route, f, "email", "a".repeat(10_000) + "@example.org"))));
      String secret =
          route.fields().contains("password")
              ? "password"
              : route.fields().contains("new_password") ? "new_password" : null;
      if (secret != null) {
        cases.add(
            new Case(
                r + " with a 1 MB " + secret,
                f -> route.request(f, FORM, formRaw(route, f, secret, "p".repeat(1 << 20)))));
        cases.add(
            new Case(
                r + " with a 2 kB " + secret,
                f -> route.request(f, FORM, formRaw(route, f, secret, "p".repeat(2_000)))));
      }
      cases.add(
          new Case(
              r + " with a 10 MB body",
              f ->
                  route.request(
                      f, FORM, form(route, f, null, null) + "&pad=" + "x".repeat(10 << 20))));
      cases.add(
          new Case(
              r + " with a 10 MB chunked body",
              f ->
                  chunkedRequest(
                      route.method(), route.path(), FORM, "pad=" + "x".repeat(10 << 20), 1 << 20)));
      cases.add(
          new Case(
              r + " with 100,000 form fields",
              f -> route.request(f, FORM, form(route, f, null, null) + "&a=1".repeat(100_000))));
      cases.add(
          new Case(
              r + " with 10,000 small form fields under the size limit",
              f -> route.request(f, FORM, form(route, f, null, null) + "&a".repeat(10_000))));
      cases.add(
          new Case(
              r + " with 100,000 JSON fields",
              f -> {
                StringBuilder json = new StringBuilder("{");
                for (int i = 0; i < 100_000; i++) {
                  json.append("\"f").append(i).append("\":\"x\",");
                }
                json.append("\"email\":\"").append(f.victim()).append("\"}");
                return route.request(f, JSON_TYPE, json.toString());
              }));
    }
  }

  private static void jsonShapes(List<Case> cases) {
    String[][] shapes = {
      {"a JSON array", "[]"},
      {"a JSON array of the object", "[OBJ]"},
      {"a JSON string", "\"hello\""},
      {"JSON null", "null"},
      {"a JSON number", "1e999999999"},
      {
        "nested JSON objects as a field",
        "{\"email\":{\"email\":{\"email\":\"x\"}},\"password\":\"x\"}"
      },
      {"a JSON array as a field", "{\"email\":[\"a@example.org\"],\"password\":\"x\"}"},
      {"a JSON number as a field", "{\"email\":12,\"password\":\"x\"}"},
      {"JSON null as a field", "{\"email\":null,\"password\":null}"},
      {"JSON true as a field", "{\"email\":true}"},
      {"20,000 nested arrays", "[".repeat(20_000)},
      {"20,000 nested objects", "{\"a\":".repeat(20_000)},
      {"truncated JSON", "{\"email\":"},
      {"JSON with a trailing comma", "{\"email\":\"a@example.org\",}"},
      {"JSON with single quotes", "{'email':'a@example.org'}"},
      {"JSON with comments", "/* hi */ {\"email\":\"a@example.org\"}"},
      {"an empty JSON body", ""},
      {"a JSON body of whitespace", "   \r\n\t "},
      {"a 60 kB JSON string key", "{\"" + "k".repeat(60_000) + "\":\"v\"}"},
      {"a JSON number of 60,000 digits", "{\"email\":" + "9".repeat(60_000) + "}"},
      {"the JSON object and trailing text", "OBJ trailing"},
      {"the JSON object twice", "OBJOBJ"},
      {"the JSON object and a closing brace", "OBJ}"},
    };
    for (BodyRoute route : BODY_ROUTES) {
      for (String[] shape : shapes) {
        cases.add(
            new Case(
                route.label() + " with " + shape[0],
                f ->
                    route.request(
                        f, JSON_TYPE, shape[1].replace("OBJ", json(route, f, null, null)))));
      }
    }
  }

  /**
   * Malformed, truncated, forged and oversized passkey answers, to the registration (with Mallory's
   * session) and to the passwordless login; the victim's passkeys and sessions are out of reach.
   * Few login cases: each counts toward the address's login throttle.
   */
  private static void passkeys(List<Case> cases) {
    String forged =
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":"
            + "{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\","
            + "\"userHandle\":\"AAAA\",\"attestationObject\":\"oA\"},\"clientExtensionResults\":{}}";
    String[][] credentials = {
      {"an empty credential", "{}"},
      {"a forged credential", forged},
      {"a credential with bytes that are no base64url", forged.replace("AAAA", "!!!!")},
      {"a credential with 16,000 nested arrays", "[".repeat(16_000)},
      {"a credential as a string", "\"credential\""},
      {"a credential of 60 kB", "{\"id\":\"" + "A".repeat(60_000) + "\"}"},
      {"a truncated credential", forged.substring(0, forged.length() / 2)},
    };
    for (String[] credential : credentials) {
      String body = "{\"credential\":" + credential[1] + ",\"name\":\"x\"}";
      cases.add(
          new Case(
              "POST /profile/passkeys with " + credential[0],
              f ->
                  request(
                      "POST",
                      "/profile/passkeys",
                      JSON_TYPE,
                      body,
                      "Cookie",
                      "session_id=" + f.mallorySession())));
    }
    for (String[] credential : List.of(credentials[1], credentials[4], credentials[6])) {
      cases.add(
          new Case(
              "POST /sessions/passkey with " + credential[0],
              f ->
                  request(
                      "POST",
                      "/sessions/passkey",
                      JSON_TYPE,
                      "{\"credential\":" + credential[1] + "}")));
    }
    for (String id : List.of("..%2F..%2Fprofile", "%00", "A".repeat(4_000), "*")) {
      cases.add(
          new Case(
              "DELETE /profile/passkeys/" + (id.length() > 20 ? "4,000 characters" : id),
              f ->
                  request(
                      "DELETE",
                      "/profile/passkeys/" + id,
                      null,
                      "",
                      "Cookie",
                      "session_id=" + f.mallorySession())));
    }
    cases.add(
        new Case(
            "POST /profile/passkeys/options without a session",
            f -> request("POST", "/profile/passkeys/options", null, "")));
  }

  /**
   * Malformed, truncated and oversized {@code passkey} fields on {@code POST /sessions} with
   * Mallory's right password (as a JSON member and as a form field), both {@code otp} and {@code
   * passkey}, and junk {@code purpose}s for the options. Few cases: each refused passkey counts
   * toward Mallory's login throttle.
   */
  private static void passkeySecondSteps(List<Case> cases) {
    String forged =
        "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":"
            + "{\"clientDataJSON\":\"e30\",\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\","
            + "\"userHandle\":\"AAAA\"},\"clientExtensionResults\":{}}";
    String[][] members = {
      {"an empty passkey object", "{}"},
      {"a forged passkey", forged},
      {"a passkey of 16,000 nested arrays", "[".repeat(16_000)},
      {"a passkey as a number", "12"},
      {"a passkey as a string that is no JSON", "\"passkey\""},
      {"a passkey as a string of a JSON array", "\"[1,2]\""},
      {"a passkey of 60 kB", "{\"id\":\"" + "A".repeat(60_000) + "\"}"},
      {"a truncated passkey", forged.substring(0, forged.length() / 2)},
    };
    for (String[] member : members) {
      String body =
          "{\"email\":\"mallory@example.org\",\"password\":\"m2\",\"passkey\":" + member[1] + "}";
      cases.add(
          new Case(
              "POST /sessions with " + member[0],
              f -> request("POST", "/sessions", JSON_TYPE, body)));
    }
    String[][] fields = {
      {"a forged passkey field", forged},
      {"a truncated passkey field", forged.substring(0, forged.length() / 2)},
      {"a passkey field of 20,000 characters", "A".repeat(20_000)},
      {"a passkey field with a NUL", "{\"id\":\"\u0000\"}"},
    };
    for (String[] field : fields) {
      String body = "email=mallory%40example.org&password=m2&passkey=" + percent(field[1]);
      cases.add(
          new Case(
              "POST /sessions/token with " + field[0],
              f -> request("POST", "/sessions/token", FORM, body)));
    }
    cases.add(
        new Case(
            "POST /sessions with both otp and passkey",
            f ->
                request(
                    "POST",
                    "/sessions",
                    JSON_TYPE,
                    "{\"email\":\"mallory@example.org\",\"password\":\"m2\",\"otp\":\"123456\","
                        + "\"passkey\":"
                        + forged
                        + "}")));
    String[][] purposes = {
      {"a junk purpose", "\"everything\""},
      {"a purpose of 4,000 characters", "\"" + "s".repeat(4_000) + "\""},
      {"a purpose as an object", "{\"login\":true}"},
      {"a purpose as an array", "[\"login\"]"},
      {"a purpose with a NUL", "\"login\\u0000\""},
    };
    for (String[] purpose : purposes) {
      cases.add(
          new Case(
              "POST /sessions/passkey/options with " + purpose[0],
              f ->
                  request(
                      "POST",
                      "/sessions/passkey/options",
                      JSON_TYPE,
                      "{\"purpose\":" + purpose[1] + "}")));
    }
  }

  private static void injections(List<Case> cases) {
    for (BodyRoute route : BODY_ROUTES) {
      for (String field : route.fields()) {
        for (int i = 0; i < INJECTIONS.size(); i++) {
          String text = INJECTIONS.get(i);
          cases.add(
              new Case(
                  route.label() + " " + field + " = " + text,
                  f -> route.request(f, FORM, form(route, f, field, text))));
        }
      }
      cases.add(
          new Case(
              route.label() + " injection in a JSON field",
              f ->
                  route.request(
                      f, JSON_TYPE, json(route, f, route.fields().get(0), "x' OR 1=1 --"))));
      cases.add(
          new Case(
              route.label() + " injection in a field name",
              f ->
                  route.request(
                      f, FORM, form(route, f, null, null) + "&email%27%3B--=1&..%2F..%2Fetc=2")));
    }
    String[] paths = {
      "/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/profile/..%2f..%2f..%2fetc%2fpasswd",
      "/users/..;/..;/etc/passwd",
      "/users%00.json",
      "/..%5c..%5cwindows%5cwin.ini",
      "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
      "/users' OR '1'='1",
      "/users%27%20OR%20%271%27%3D%271",
      "/profile;jsessionid=1' OR 1=1",
      "/openapi.json/../../../etc/passwd",
      "/WEB-INF/web.xml",
      "/.git/config",
      "/users/1%20UNION%20SELECT%20*%20FROM%20users",
      "/%ff%fe",
      "/%",
      // The web pages: a request names one of a fixed set of files, never a path.
      "/ui/../../../../etc/passwd",
      "/ui/assets/../../../../etc/passwd",
      "/ui/assets/..%2f..%2f..%2fpom.xml",
      "/ui/assets/%2e%2e%2f%2e%2e%2fopenapi.json",
      "/ui/assets/..%5c..%5cwindows%5cwin.ini",
      "/ui/..%2fopenapi.json",
      "/ui/%2e%2e/%2e%2e/etc/passwd",
      "/ui/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
      "/ui/assets/login.js%00.html",
      "/ui/assets/..;/..;/pom.xml",
      "/ui/login.html",
      "/ui/assets/",
      "/ui/assets/style.css/..%2f..%2fio/bienvenue/Bienvenue.class",
      "/ui/META-INF/MANIFEST.MF",
      "/ui/io/bienvenue/Bienvenue.class",
      "/ui/login' OR '1'='1",
      "/ui/%ff%fe",
      "/ui/%",
    };
    for (String path : paths) {
      cases.add(new Case("GET " + path, f -> request("GET", path, null, "")));
    }
    addBearerCases(cases);
    for (String text : INJECTIONS) {
      cases.add(
          new Case(
              "GET /profile?email=" + text,
              f ->
                  request(
                      "GET",
                      "/profile?email=" + percent(text) + "&session_id=" + percent(text),
                      null,
                      "")));
    }
  }

  /** {@code DELETE /sessions/{id}} with ids that are not the caller's, and their listing. */
  private static void sessionIds(List<Case> cases) {
    Map<String, Function<Fixture, String[]>> callers =
        Map.of(
            "Mallory's session", f -> new String[] {"Cookie", "session_id=" + f.mallorySession()},
            "Mallory's ended session",
                f -> new String[] {"Cookie", "session_id=" + f.malloryEndedSession()},
            "no session", f -> new String[0]);
    callers.forEach(
        (caller, headers) -> {
          cases.add(
              new Case(
                  "DELETE /sessions/{the victim's session id} with " + caller,
                  f ->
                      request(
                          "DELETE",
                          "/sessions/" + f.victimSessionId(),
                          null,
                          "",
                          headers.apply(f))));
          cases.add(
              new Case(
                  "DELETE /sessions/{the victim's token as an id} with " + caller,
                  f ->
                      request(
                          "DELETE", "/sessions/" + f.victimSession(), null, "", headers.apply(f))));
        });
    List<String> ids = new ArrayList<>(INJECTIONS);
    ids.addAll(List.of("%20", "a".repeat(10_000), "%00", "..%2f..%2f", "%ff%fe", "A".repeat(21)));
    for (String id : ids) {
      String target = "/sessions/" + (id.contains("%") ? id : percent(id));
      cases.add(
          new Case(
              "DELETE /sessions/" + (id.length() > 40 ? id.length() + " characters" : id),
              f ->
                  request(
                      "DELETE", target, null, "", "Cookie", "session_id=" + f.mallorySession())));
    }
    for (String text : INJECTIONS) {
      cases.add(
          new Case(
              "GET /sessions with cookie " + text,
              f -> request("GET", "/sessions", null, "", "Cookie", "session_id=" + text)));
    }
    cases.add(
        new Case(
            "GET /sessions with the victim's and another session_id",
            f ->
                request(
                    "GET",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.mallorySession() + "; session_id=" + f.victimSession())));
  }

  /** {@code otp} at login: odd codes, looked at only after a right password, never a 5xx. */
  private static void oneTimeCodes(List<Case> cases) {
    List<String> codes = new ArrayList<>(INJECTIONS);
    codes.addAll(List.of("1".repeat(10_000), "-".repeat(40), "aaaa-bbbb-cccc-dddd", "99999999999"));
    for (String otp : codes) {
      String label = otp.length() > 40 ? otp.length() + " characters" : otp;
      cases.add(
          new Case(
              "POST /sessions with otp " + label,
              f ->
                  request(
                      "POST",
                      "/sessions",
                      FORM,
                      "email="
                          + percent(f.victim())
                          + "&password="
                          + WRONG
                          + "&otp="
                          + percent(otp))));
    }
    cases.add(
        new Case(
            "POST /sessions with a NUL in otp",
            f ->
                request(
                    "POST",
                    "/sessions",
                    FORM,
                    "email=" + percent(NOBODY) + "&password=" + WRONG + "&otp=12%0034")));
  }

  private static void cookies(List<Case> cases) {
    for (String text : INJECTIONS) {
      cases.add(
          new Case(
              "GET /profile with cookie " + text,
              f -> request("GET", "/profile", null, "", "Cookie", "session_id=" + text)));
      cases.add(
          new Case(
              "DELETE /sessions with cookie " + text,
              f -> request("DELETE", "/sessions", null, "", "Cookie", "session_id=" + text)));
    }
    cases.add(
        new Case(
            "GET /profile with a 100 kB cookie",
            f ->
                request(
                    "GET", "/profile", null, "", "Cookie", "session_id=" + "a".repeat(100_000))));
    cases.add(
        new Case(
            "DELETE /sessions with a 100 kB cookie",
            f ->
                request(
                    "DELETE",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + "a".repeat(100_000))));
    cases.add(
        new Case(
            "GET /profile with a 4 kB cookie",
            f ->
                request("GET", "/profile", null, "", "Cookie", "session_id=" + "a".repeat(4_000))));
    cases.add(
        new Case(
            "GET /profile with the victim's cookie twice",
            f ->
                request(
                    "GET",
                    "/profile",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.victimSession() + "; session_id=" + f.victimSession())));
    cases.add(
        new Case(
            "GET /profile with the victim's and another session_id",
            f ->
                request(
                    "GET",
                    "/profile",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.mallorySession() + "; session_id=" + f.victimSession())));
    cases.add(
        new Case(
            "DELETE /sessions with the victim's cookie and another (must not end it)",
            f ->
                request(
                    "DELETE",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "session_id=garbage; session_id=" + f.victimSession())));
    cases.add(
        new Case(
            "DELETE /sessions with the victim's token as __Host-session_id (not development's name)",
            f ->
                request(
                    "DELETE",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "__Host-session_id=" + f.victimSession())));
    cases.add(
        new Case(
            "DELETE /sessions with two Cookie headers",
            f ->
                request(
                    "DELETE",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.victimSession(),
                    "Cookie",
                    "session_id=" + f.mallorySession())));
    cases.add(
        new Case(
            "GET /profile with an empty session_id",
            f -> request("GET", "/profile", null, "", "Cookie", "session_id=")));
    cases.add(
        new Case(
            "GET /profile with a quoted session_id",
            f ->
                request(
                    "GET",
                    "/profile",
                    null,
                    "",
                    "Cookie",
                    "session_id=\"\\\"" + f.victimSession() + "x\"")));
    cases.add(
        new Case(
            "GET /profile with a session token in another cookie name",
            f ->
                request("GET", "/profile", null, "", "Cookie", "SESSION_ID=" + f.victimSession())));
    cases.add(
        new Case(
            "GET /profile with the victim's token in a query string",
            f -> request("GET", "/profile?session_id=" + f.victimSession(), null, "")));
    cases.add(
        new Case(
            "GET /profile with a logged-out session",
            f ->
                request(
                    "GET",
                    "/profile",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.malloryEndedSession())));
    cases.add(
        new Case(
            "DELETE /sessions with a logged-out session",
            f ->
                request(
                    "DELETE",
                    "/sessions",
                    null,
                    "",
                    "Cookie",
                    "session_id=" + f.malloryEndedSession())));
    cases.add(
        new Case(
            "PUT /reset_password with another user's reset token",
            f ->
                request(
                    "PUT",
                    "/reset_password",
                    FORM,
                    "email="
                        + f.victim()
                        + "&reset_token="
                        + f.malloryResetToken()
                        + "&new_password=owned")));
    cases.add(
        new Case(
            "PUT /reset_password with another user's used reset token",
            f ->
                request(
                    "PUT",
                    "/reset_password",
                    FORM,
                    "email="
                        + f.victim()
                        + "&reset_token="
                        + f.malloryUsedResetToken()
                        + "&new_password=owned")));
    cases.add(
        new Case(
            "PUT /reset_password with a session token as the reset token",
            f ->
                request(
                    "PUT",
                    "/reset_password",
                    FORM,
                    "email="
                        + f.victim()
                        + "&reset_token="
                        + f.victimSession()
                        + "&new_password=owned")));
    cases.add(
        new Case(
            "PUT /reset_password with another user's token and the email in another case",
            f ->
                request(
                    "PUT",
                    "/reset_password",
                    FORM,
                    "email="
                        + f.victim().toUpperCase(java.util.Locale.ROOT)
                        + "&reset_token="
                        + f.malloryResetToken()
                        + "&new_password=owned")));
    cases.add(
        new Case(
            "POST /verify_email with another user's reset token",
            f ->
                request(
                    "POST",
                    "/verify_email",
                    FORM,
                    "email=" + f.victim() + "&token=" + f.malloryResetToken())));
    cases.add(
        new Case(
            "POST /verify_email with a session token as the token",
            f ->
                request(
                    "POST",
                    "/verify_email",
                    FORM,
                    "email=" + f.victim() + "&token=" + f.victimSession())));
    cases.add(
        new Case(
            "POST /users re-registering the victim in upper case",
            f ->
                request(
                    "POST",
                    "/users",
                    FORM,
                    "email=" + f.victim().toUpperCase(java.util.Locale.ROOT) + "&password=owned")));
  }

  private static void headers(List<Case> cases) {
    String[] routes = {
      "GET /",
      "POST /users",
      "POST /sessions",
      "DELETE /sessions",
      "GET /profile",
      "POST /reset_password",
      "PUT /reset_password",
      "POST /verify_email",
      "POST /verify_email/resend",
      "POST /sessions/email_code",
      "POST /sessions/email_code/verify",
      "GET /openapi.json",
      "GET /ui",
      "GET /ui/login",
      "GET /ui/assets/login.js",
      "GET /sessions",
      "DELETE /sessions/AAAAAAAAAAAAAAAAAAAAAA",
      "PUT /profile/password",
      "DELETE /profile",
      "GET /profile/totp",
      "POST /profile/totp",
      "PUT /profile/totp",
      "DELETE /profile/totp"
    };
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      cases.add(
          new Case(
              route + " with 10,000 headers",
              f -> {
                String[] headers = new String[20_000];
                for (int i = 0; i < 10_000; i++) {
                  headers[2 * i] = "X-H" + i;
                  headers[2 * i + 1] = "v";
                }
                return request(method, path, null, "", headers);
              }));
      cases.add(
          new Case(
              route + " with a 100 kB header",
              f -> request(method, path, null, "", "X-Big", "b".repeat(100_000))));
      cases.add(
          new Case(
              route + " with a 100 kB path",
              f -> request(method, path + "/" + "a".repeat(100_000), null, "")));
    }
    String[][] odd = {
      {
        "a header with a NUL byte",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nX-A: a\0b\r\nConnection: close\r\n\r\n"
      },
      {
        "a header line without a colon",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\nConnection: close\r\n\r\n"
      },
      {
        "a header name with a space",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nX Bad: v\r\nConnection: close\r\n\r\n"
      },
      {
        "an obs-fold continuation line",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"
      },
      {
        "a session cookie with no value (Jetty reads it as null)",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nCookie: session_id ;\r\nConnection: close\r\n\r\n"
      },
      {
        "a session cookie with no value beside another cookie",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nCookie: a=1; session_id ;3;2\r\n"
            + "Connection: close\r\n\r\n"
      },
      {"no Host header", "GET /profile HTTP/1.1\r\nConnection: close\r\n\r\n"},
      {
        "two Host headers",
        "GET /profile HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n"
      },
      {
        "a Host with a bad port",
        "GET /profile HTTP/1.1\r\nHost: localhost:99999999\r\nConnection: close\r\n\r\n"
      },
      {"a Host of garbage", "GET /profile HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n"},
      {
        "a header with a bare CR",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nX-A: a\rb\r\nConnection: close\r\n\r\n"
      },
      {
        "a header with bytes over 0x7F in its name",
        "GET /profile HTTP/1.1\r\nHost: localhost\r\nX-\u00e9: v\r\nConnection: close\r\n\r\n"
      },
    };
    for (String[] row : odd) {
      cases.add(new Case("GET /profile with " + row[0], f -> row[1]));
    }
    cases.add(
        new Case(
            "POST /users with an Origin of garbage",
            f ->
                request(
                    "POST",
                    "/users",
                    FORM,
                    "email=" + NOBODY + "&password=x",
                    "Origin",
                    "\u00ff\u0001::/%zz")));
    cases.add(
        new Case(
            "POST /users with a Sec-Fetch-Site of garbage",
            f ->
                request(
                    "POST",
                    "/users",
                    FORM,
                    "email=" + NOBODY + "&password=x",
                    "Sec-Fetch-Site",
                    "\u00ff\u00fe")));
    cases.add(
        new Case(
            "PUT /reset_password with Origin: null",
            f ->
                request(
                    "PUT",
                    "/reset_password",
                    FORM,
                    "email=" + f.victim() + "&reset_token=t&new_password=x",
                    "Origin",
                    "null")));
    methodOverrides(cases);
    reboundHosts(cases);
    cases.add(
        new Case(
            "POST /sessions with a forged X-Forwarded-For",
            f ->
                request(
                    "POST",
                    "/sessions",
                    FORM,
                    "email=" + NOBODY + "&password=x",
                    "X-Forwarded-For",
                    "' OR 1=1, 999.1.1.1, ::zz")));
  }

  /**
   * Requests that name another method in {@code X-HTTP-Method-Override}, each with the victim's
   * session and password, so that one obeyed would delete the victim's account or end its session.
   */
  private static void methodOverrides(List<Case> cases) {
    String[][] overrides = {
      {"POST", "/profile", "DELETE"},
      {"GET", "/profile", "DELETE"},
      {"PUT", "/profile", "DELETE"},
      {"POST", "/sessions", "DELETE"},
      {"GET", "/sessions", "DELETE"},
      {"POST", "/profile/totp", "DELETE"},
    };
    for (String[] row : overrides) {
      cases.add(
          new Case(
              row[0] + " " + row[1] + " with X-HTTP-Method-Override: " + row[2],
              f ->
                  request(
                      row[0],
                      row[1],
                      FORM,
                      "password=" + percent(f.victimPassword()),
                      "Cookie",
                      "session_id=" + f.victimSession(),
                      "X-HTTP-Method-Override",
                      row[2])));
    }
  }

  /**
   * DNS rebinding: the victim's reset asked for under a name that is not the service's, with the
   * {@code Origin} and {@code Sec-Fetch-Site} a rebound page sends. Obeyed in development, it would
   * hand out the victim's reset token.
   */
  private static void reboundHosts(List<Case> cases) {
    String rebound = "rebind.attacker.example:5301";
    cases.add(
        new Case(
            "POST /reset_password for the victim under a rebound Host",
            f ->
                "POST /reset_password HTTP/1.1\r\nHost: "
                    + rebound
                    + "\r\nOrigin: http://"
                    + rebound
                    + "\r\nSec-Fetch-Site: same-origin\r\nContent-Type: "
                    + FORM
                    + "\r\nContent-Length: "
                    + ("email=" + percent(f.victim())).length()
                    + "\r\nConnection: close\r\n\r\nemail="
                    + percent(f.victim())));
    for (String route : List.of("GET /", "GET /profile", "GET /ui/login", "DELETE /sessions")) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      cases.add(
          new Case(
              route + " with the victim's session under a rebound Host",
              f ->
                  method
                      + " "
                      + path
                      + " HTTP/1.1\r\nHost: "
                      + rebound
                      + "\r\nCookie: session_id="
                      + f.victimSession()
                      + "\r\nConnection: close\r\n\r\n"));
    }
  }

  private static void protocol(List<Case> cases) {
    String body = "email=nobody@example.org&password=x";
    String head =
        "POST /sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
            + FORM
            + "\r\nConnection: close\r\n";
    String[][] raw = {
      {
        "a Content-Length over 2^32 with 1 MB sent",
        head + "Content-Length: 10000000000\r\n\r\n" + "a".repeat(1 << 20)
      },
      {"Content-Length not a number", head + "Content-Length: abc\r\n\r\n" + body},
      {"a negative Content-Length", head + "Content-Length: -5\r\n\r\n" + body},
      {
        "a Content-Length over 2^63",
        head + "Content-Length: 99999999999999999999999\r\n\r\n" + body
      },
      {
        "two different Content-Lengths",
        head + "Content-Length: 5\r\nContent-Length: 35\r\n\r\n" + body
      },
      {"Content-Length with a plus sign", head + "Content-Length: +35\r\n\r\n" + body},
      {
        "Content-Length and chunked both",
        head + "Content-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n" + body
      },
      {
        "a chunk size that is not hex",
        head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n"
      },
      {
        "a chunk size over 2^64",
        head + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFF\r\nabc\r\n0\r\n\r\n"
      },
      {
        "a chunk longer than its size",
        head + "Transfer-Encoding: chunked\r\n\r\n3\r\n" + body + "\r\n0\r\n\r\n"
      },
      {
        "a chunk with garbage extensions",
        head + "Transfer-Encoding: chunked\r\n\r\n5;\u0000\u00ff=\"\r\nemail\r\n0\r\n\r\n"
      },
      {"an unknown Transfer-Encoding", head + "Transfer-Encoding: gzip, rot13\r\n\r\n" + body},
      {"chunked then identity", head + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"},
      {"HTTP/0.9", "GET /\r\n\r\n"},
      {"HTTP/0.9 on a POST", "POST /users\r\n\r\n" + body},
      {"HTTP/2.0 in a text request line", "GET / HTTP/2.0\r\nHost: localhost\r\n\r\n"},
      {"HTTP/9.9", "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n"},
      {"HTTP/1.1 in lower case", "GET /profile http/1.1\r\nHost: localhost\r\n\r\n"},
      {
        "a request line of garbage",
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003garbage\r\n\r\n"
      },
      {"a request line with no path", "GET HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a request line with tabs", "GET\t/\tHTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a request line with many spaces", "GET    /profile    HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a method of 10 kB", "A".repeat(10_000) + " / HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {
        "an absolute URI of another host",
        "GET http://evil.example/profile HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
      },
      {"CONNECT", "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n"},
      {"an asterisk target on GET", "GET * HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"a path without a leading slash", "GET profile HTTP/1.1\r\nHost: localhost\r\n\r\n"},
      {"an HTTP/2 preface on HTTP/1.1", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"},
      {"LF-only line ends", "GET /profile HTTP/1.1\nHost: localhost\nConnection: close\n\n"},
      {"binary bytes", "\u0000\u0001\u0002\u0003\u00ff\u00fe\u00fd\r\n\r\n"},
      {
        "Expect: 100-continue with a huge length",
        head + "Expect: 100-continue\r\nContent-Length: 10000000000\r\n\r\n" + "a".repeat(1 << 20)
      },
      {"an unsupported Expect", head + "Expect: teapot\r\nContent-Length: 35\r\n\r\n" + body},
      {
        "Upgrade: h2c with a body",
        head
            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings\r\nContent-Length: 35\r\n\r\n"
            + body
      },
    };
    for (String[] row : raw) {
      cases.add(new Case("raw: " + row[0], f -> row[1]));
    }
  }

  // --- request writing ----------------------------------------------------------------------

  /**
   * Session tokens that are not one live session, presented as {@code Authorization: Bearer}: each
   * is a 401 at {@code GET /sessions/whoami} and a 403 at {@code GET /profile}, and none reaches
   * another user's session. Two tokens at once (two headers, or a header beside another session's
   * cookie) name no session, even when one of them is live.
   */
  private static void addBearerCases(List<Case> cases) {
    List<String> values = new ArrayList<>();
    for (String text : INJECTIONS) {
      if (text.chars().noneMatch(c -> c < 0x20 || c > 0x7e)) {
        values.add("Bearer " + text);
      }
    }
    values.addAll(
        List.of(
            "Bearer",
            "Bearer ",
            "Bearer  ",
            "bearer " + "A".repeat(43),
            "Bearer " + "A".repeat(42),
            "Bearer " + "A".repeat(44),
            "Bearer " + "A".repeat(4_000),
            "Bearer ../../etc/passwd",
            "Bearer %00",
            "Bearer null",
            "Bearer undefined",
            "Basic dmljdGltOm93bmVk",
            "Bearer,Bearer",
            "Token " + "A".repeat(43)));
    for (String path : List.of("/sessions/whoami", "/profile")) {
      for (String value : values) {
        cases.add(
            new Case(
                "GET " + path + " with Authorization: " + abbreviated(value),
                f -> get(path, "Authorization", value)));
      }
      cases.add(
          new Case(
              "GET " + path + " with the victim's bearer token beside the bystander's cookie",
              f ->
                  get(
                      path,
                      "Authorization",
                      "Bearer " + f.victimSession(),
                      "Cookie",
                      "session_id=" + f.bystanderSession())));
      cases.add(
          new Case(
              "GET " + path + " with two bearer tokens, the victim's and an ended one",
              f ->
                  get(
                      path,
                      "Authorization",
                      "Bearer " + f.victimSession(),
                      "Authorization",
                      "Bearer " + f.malloryEndedSession())));
      cases.add(
          new Case(
              "GET " + path + " with an ended session's bearer token",
              f -> get(path, "Authorization", "Bearer " + f.malloryEndedSession())));
    }
  }

  /** A bodiless GET of {@code path} with {@code headers}, name then value. */
  private static String get(String path, String... headers) {
    return request("GET", path, null, "", headers);
  }

  private static String abbreviated(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "... (" + text.length() + ")";
  }

  /**
   * A request with {@code Host}, {@code Connection: close}, the content type if not null, the given
   * headers (name, value, ...) and a {@code Content-Length} for {@code body}, a byte string.
   */
  static String request(
      String method, String target, String contentType, String body, String... headers) {
    StringBuilder r = new StringBuilder();
    r.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost\r\n");
    if (contentType != null) {
      r.append("Content-Type: ").append(contentType).append("\r\n");
    }
    for (int i = 0; i < headers.length; i += 2) {
      r.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    r.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n");
    return r.append(body).toString();
  }

  private static String chunkedRequest(
      String method, String path, String contentType, String body, int chunk) {
    StringBuilder r = new StringBuilder();
    r.append(method)
        .append(' ')
        .append(path)
        .append(" HTTP/1.1\r\nHost: localhost\r\nContent-Type: ")
        .append(contentType)
        .append("\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    for (int offset = 0; offset < body.length(); offset += chunk) {
      String piece = body.substring(offset, Math.min(body.length(), offset + chunk));
      r.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
    }
    return r.append("0\r\n\r\n").toString();
  }

  /**
   * The route's form with {@code field} replaced by {@code value} (percent-encoded), or left out
   * when null.
   */
  private static String form(BodyRoute route, Fixture f, String field, String value) {
    List<String> pairs = new ArrayList<>();
    for (String each : route.fields()) {
      if (each.equals(field)) {
        if (value != null) {
          pairs.add(each + "=" + percent(value));
        }
      } else {
        pairs.add(each + "=" + percent(route.harmless(each, f)));
      }
    }
    return String.join("&", pairs);
  }

  /** The route's form with {@code field}'s value written as is, bytes and all. */
  private static String formRaw(BodyRoute route, Fixture f, String field, String raw) {
    List<String> pairs = new ArrayList<>();
    for (String each : route.fields()) {
      pairs.add(each + "=" + (each.equals(field) ? raw : percent(route.harmless(each, f))));
    }
    return String.join("&", pairs);
  }

  private static String json(BodyRoute route, Fixture f, String field, String value) {
    List<String> pairs = new ArrayList<>();
    for (String each : route.fields()) {
      String v = each.equals(field) ? value : route.harmless(each, f);
      if (v != null) {
        pairs.add("\"" + each + "\":\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      }
    }
    return "{" + String.join(",", pairs) + "}";
  }

  private static String jsonRaw(BodyRoute route, Fixture f, String field, String raw) {
    List<String> pairs = new ArrayList<>();
    for (String each : route.fields()) {
      pairs.add(
          "\"" + each + "\":\"" + (each.equals(field) ? raw : route.harmless(each, f)) + "\"");
    }
    return "{" + String.join(",", pairs) + "}";
  }

  private static String part(String name, String value) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  /** {@code text} percent-encoded as UTF-8, as a byte string. */
  static String percent(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
