package io.bienvenue.http;

import io.bienvenue.auth.Auth;
import io.bienvenue.http.edge.BadRequestException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The web pages under {@code /ui/}: HTML, CSS and JavaScript modules read once from the jar's
 * {@code /ui/} folder and served from memory. Each page is {@code layout.html} (the head, the
 * header, the heading) around the page's own {@code NAME.html}, whose script is {@code NAME.js}.
 * Only the files named here exist: a request names a key of a fixed map, never a path, so no
 * request can reach another file. The pages call the JSON API with {@code fetch} like any other
 * client; they get a strict Content-Security-Policy of their own (scripts, styles and requests from
 * this origin only, nothing inline, never framed). Under a base path, every page is rendered with
 * it: {@code {{base}}} in the HTML becomes the prefix, and {@code <html data-base-path>} tells the
 * scripts ({@code base.js}) what to put before the paths they call and open. Immutable,
 * thread-safe.
 */
final class WebPages {

  /** The policy of every page and asset; the JSON responses keep {@link SecurityHeaders}' one. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  static final String LOGIN = "/ui/login";
  static final String PROFILE = "/ui/profile";
  static final String CONSENT = "/ui/consent";
  static final String RETURN = "/ui/return";
  static final String LOGOUT = "/ui/logout";

  private static final String FOLDER = "/ui/";

  /** The pages that a person already logged in skips, and {@code prompt=login} shows anyway. */
  private static final Set<String> BOUNCING = Set.of("login", "signup");

  private static final String PROMPT_LOGIN = "login";

  /** A page: {@code NAME.html} holds its main content, set in {@code layout.html}. */
  private record Page(String name, String title) {}

  private static final List<Page> PAGES =
      List.of(
          new Page("signup", "Create an account"),
          new Page("login", "Log in"),
          new Page("profile", "Your account"),
          new Page("forgot", "Forgot your password?"),
          new Page("reset", "Choose a new password"),
          new Page("verify", "Confirm your email"),
          new Page("consent", "Share your identity"),
          new Page("logout", "Log out"));
  private static final List<String> ASSETS =
      List.of(
          "style.css",
          "icon.svg",
          "base.js",
          "api.js",
          "messages.js",
          "form.js",
          "flash.js",
          "link.js",
          "returnto.js",
          "signup.js",
          "login.js",
          "emailcode.js",
          "passkeylogin.js",
          "webauthn.js",
          "profile.js",
          "sections.js",
          "account.js",
          "password.js",
          "passkeys.js",
          "sessions.js",
          "twofactor.js",
          "deletion.js",
          "forgot.js",
          "reset.js",
          "verify.js",
          "consent.js",
          "scopes.js",
          "apps.js",
          "logout.js");
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html;charset=utf-8",
          "css", "text/css;charset=utf-8",
          "js", "text/javascript;charset=utf-8",
          "svg", "image/svg+xml");

  private record File(String contentType, byte[] bytes) {}

  private final Auth auth;
  private final SessionCookie cookie;
  private final ReturnTo returnTo;
  private final BasePath basePath;
  private final Map<String, File> pages;
  private final Map<String, File> assets;

  private WebPages(
      Auth auth,
      SessionCookie cookie,
      ReturnTo returnTo,
      BasePath basePath,
      Map<String, File> pages,
      Map<String, File> assets) {
    this.auth = auth;
    this.cookie = cookie;
    this.returnTo = returnTo;
    this.basePath = basePath;
    this.pages = pages;
    this.assets = assets;
  }

  /**
   * Reads every page and asset from the class path.
   *
   * @throws IllegalStateException if one is missing from the jar
   * @throws java.io.UncheckedIOException if one cannot be read
   */
  static WebPages load(Auth auth, SessionCookie cookie, ReturnTo returnTo, BasePath basePath) {
    Objects.requireNonNull(basePath, "basePath");
    String layout = new String(Resources.read(FOLDER + "layout.html"), StandardCharsets.UTF_8);
    Map<String, File> pages = new LinkedHashMap<>();
    for (Page page : PAGES) {
      String main =
          new String(Resources.read(FOLDER + page.name() + ".html"), StandardCharsets.UTF_8);
      String html =
          layout
              .replace("{{title}}", page.title())
              .replace("{{script}}", page.name() + ".js")
              .replace("{{main}}", main)
              .replace("{{base}}", basePath.value());
      pages.put(page.name(), new File(TYPES.get("html"), html.getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, File> assets = new LinkedHashMap<>();
    ASSETS.forEach(name -> assets.put(name, read(name)));
    return new WebPages(
        Objects.requireNonNull(auth, "auth"),
        Objects.requireNonNull(cookie, "cookie"),
        Objects.requireNonNull(returnTo, "returnTo"),
        basePath,
        Map.copyOf(pages),
        Map.copyOf(assets));
  }

  /** {@code GET /ui}: to the profile with a live session, else to the login page. */
  void home(Context ctx) {
    boolean loggedIn = cookie.read(ctx).flatMap(auth::getUserFromSessionId).isPresent();
    ctx.redirect(basePath.prefixed(loggedIn ? PROFILE : LOGIN), HttpStatus.FOUND);
  }

  /**
   * {@code GET /ui/return?to=URL}: a 302 to {@code URL} if {@link ReturnTo} allows it, else to the
   * profile. The pages come here when they are done rather than following a {@code return_to}
   * themselves, so the server, not a script, decides where a person is sent.
   */
  void returnTo(Context ctx) {
    String to = ctx.queryParam("to");
    String destination =
        returnTo
            .check(to, Optional.ofNullable(ctx.header("Host")))
            .map(URI::toString)
            .orElse(basePath.prefixed(PROFILE));
    ctx.redirect(destination, HttpStatus.FOUND);
  }

  /**
   * {@code GET /ui/{page}}: one of the pages, or a JSON 404. The login and sign-up pages, opened
   * with a live session, are a 302 straight to where they would send the person once done: {@code
   * /ui/return?to=} their {@code return_to}, where the server checks it, or the profile when they
   * have none (or one too long to be followed). With {@code prompt=login} they show their form all
   * the same (for a later OpenID Connect {@code prompt=login}).
   */
  void page(Context ctx) {
    String name = ctx.pathParam("page");
    if (BOUNCING.contains(name) && !PROMPT_LOGIN.equals(ctx.queryParam("prompt")) && live(ctx)) {
      String to = ctx.queryParam("return_to");
      // A value ReturnTo would refuse for its length is not copied into a header it could overflow.
      boolean none = to == null || to.isEmpty() || to.length() > ReturnTo.MAX_LENGTH;
      ctx.redirect(
          basePath.prefixed(
              none ? PROFILE : RETURN + "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8)),
          HttpStatus.FOUND);
      return;
    }
    serve(ctx, Optional.ofNullable(pages.get(name)));
  }

  /** Whether the request's session cookie is a live session of an enabled user. */
  private boolean live(Context ctx) {
    return cookie.read(ctx).flatMap(auth::getUserFromSessionId).isPresent();
  }

  /** {@code GET /ui/assets/{file}}: a style sheet, script or image, or a JSON 404. */
  void asset(Context ctx) {
    serve(ctx, Optional.ofNullable(assets.get(ctx.pathParam("file"))));
  }

  private static void serve(Context ctx, Optional<File> file) {
    File found = file.orElseThrow(() -> new BadRequestException(404, "not found"));
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.contentType(found.contentType()).result(found.bytes());
  }

  private static File read(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return new File(TYPES.get(extension), Resources.read(FOLDER + name));
  }
}
