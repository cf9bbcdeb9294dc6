package io.bienvenue.http;

import io.bienvenue.auth.Auth;
import io.bienvenue.auth.IssuedSession;
import io.bienvenue.auth.LiveSession;
import io.bienvenue.auth.twofactor.TotpConfirmation;
import io.bienvenue.auth.twofactor.TotpEnrolment;
import io.bienvenue.auth.twofactor.TwoFactorStatus;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The route handlers: the original's {@code app.py} view functions. Each reads its input, calls one
 * {@link Auth} method, and renders the outcome; domain errors travel as exceptions to {@link
 * ErrorMapper}. Thread-safe.
 */
final class Handlers {

  private static final String RESET_MAILED =
      "if this email is registered, a link to reset its password has been sent to it";
  private static final String VERIFICATION_MAILED =
      "if this email is registered and not yet verified, a new verification link has been sent"
          + " to it";
  private static final String LOGIN_CODE_MAILED =
      "if this email is registered, a code to log in with has been sent to it";

  /**
   * The field a login may give a passkey in, in place of {@code otp}: in a JSON body, the object of
   * {@code credential.toJSON()}.
   */
  private static final String PASSKEY = "passkey";

  private final Auth auth;
  private final SessionCookie cookie;
  private final SessionCredential credential;
  private final ClientAddress clientAddress;
  private final ReturnTo returnTo;

  Handlers(Auth auth, SessionCookie cookie, ClientAddress clientAddress, ReturnTo returnTo) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.cookie = Objects.requireNonNull(cookie, "cookie");
    this.credential = new SessionCredential(cookie);
    this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
    this.returnTo = Objects.requireNonNull(returnTo, "returnTo");
  }

  /** {@code GET /}. */
  void welcome(Context ctx) {
    ctx.json(new Bodies.Message("Bienvenue"));
  }

  /** {@code POST /users}: registers a user. */
  void register(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    auth.registerUser(
        email, fields.require("password"), clientAddress.of(ctx), returnTo(ctx, fields));
    ctx.json(new Bodies.EmailMessage(email, "user created"));
  }

  /** {@code POST /sessions}: logs in, setting the session cookie. */
  void login(Context ctx) {
    RequestFields fields = RequestFields.of(ctx, Set.of(PASSKEY));
    String email = fields.require("email");
    IssuedSession session = logIn(ctx, fields, email);
    cookie.write(ctx, session.token(), session.lifetime());
    ctx.json(new Bodies.EmailMessage(email, "logged in"));
  }

  /**
   * Logs {@code email} in with the request's password and one-time code, or a passkey in its place,
   * from its origin.
   */
  private IssuedSession logIn(Context ctx, RequestFields fields, String email) {
    return auth.logIn(
        email,
        fields.require("password"),
        fields.optional("otp"),
        fields.credential(PASSKEY),
        SessionOrigin.of(clientAddress.of(ctx), ctx.userAgent()));
  }

  /**
   * {@code POST /sessions/token}: logs in as {@code POST /sessions} does, for a client that keeps
   * no cookies: the session token comes in the body, and no cookie is set.
   */
  void loginForToken(Context ctx) {
    RequestFields fields = RequestFields.of(ctx, Set.of(PASSKEY));
    String email = fields.require("email");
    IssuedSession session = logIn(ctx, fields, email);
    ctx.json(
        new Bodies.SessionToken(
            email, "logged in", session.token(), session.lifetime().toSeconds()));
  }

  /**
   * {@code POST /sessions/email_code}: mails a code to log in with, if the email is a registered
   * user's; the same answer for every email. The code is never in the body.
   */
  void requestLoginCode(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    auth.requestLoginCode(email, clientAddress.of(ctx), returnTo(ctx, fields));
    ctx.json(new Bodies.EmailMessage(email, LOGIN_CODE_MAILED));
  }

  /**
   * {@code POST /sessions/email_code/verify}: logs in with the mailed code (and the TOTP code, or a
   * passkey in its place, if two-step login is on), setting the session cookie as {@code POST
   * /sessions} does.
   */
  void logInWithCode(Context ctx) {
    RequestFields fields = RequestFields.of(ctx, Set.of(PASSKEY));
    String email = fields.require("email");
    IssuedSession session =
        auth.logInWithCode(
            email,
            fields.require("code"),
            fields.optional("otp"),
            fields.credential(PASSKEY),
            SessionOrigin.of(clientAddress.of(ctx), ctx.userAgent()));
    cookie.write(ctx, session.token(), session.lifetime());
    ctx.json(new Bodies.EmailMessage(email, "logged in"));
  }

  /**
   * {@code GET /sessions/whoami}: who is logged in, as JSON and as {@code X-Bienvenue-*} headers a
   * reverse proxy can pass on; 401 without a live session.
   */
  void whoami(Context ctx) {
    Optional<LiveSession> live = credential.read(ctx).flatMap(auth::whoami);
    if (live.isEmpty()) {
      ctx.status(HttpStatus.UNAUTHORIZED).json(new Bodies.Message("no valid session"));
      return;
    }
    ctx.header("X-Bienvenue-User-Id", live.get().user().publicId());
    ctx.header("X-Bienvenue-Email", live.get().user().email());
    ctx.header("X-Bienvenue-Session-Id", live.get().session().publicId());
    ctx.json(Bodies.Whoami.of(live.get()));
  }

  /**
   * {@code DELETE /sessions}: logs out this session and redirects to {@code /}, under the base path
   * if there is one ({@code /auth/}).
   */
  void logout(Context ctx) {
    if (!credential.read(ctx).map(auth::destroySession).orElse(false)) {
      forbidden(ctx);
      return;
    }
    cookie.clear(ctx);
    ctx.redirect(ctx.contextPath() + "/", HttpStatus.FOUND);
  }

  /** {@code GET /sessions}: the caller's live sessions, the current one marked. */
  void sessions(Context ctx) {
    ctx.json(
        new Bodies.Sessions(
            auth.sessionsOf(token(ctx)).stream().map(Bodies.SessionEntry::of).toList()));
  }

  /** {@code DELETE /sessions/{id}}: ends one of the caller's own sessions. */
  void endSession(Context ctx) {
    auth.endSession(token(ctx), ctx.pathParam("id"));
    ctx.json(new Bodies.Message("session ended"));
  }

  /** {@code GET /profile}: the email of the session's user. */
  void profile(Context ctx) {
    Optional<User> user = credential.read(ctx).flatMap(auth::getUserFromSessionId);
    if (user.isEmpty()) {
      forbidden(ctx);
      return;
    }
    ctx.json(new Bodies.Profile(user.get().email()));
  }

  /**
   * {@code POST /reset_password}: in development, the reset token in the body; in production, the
   * same answer whether or not the email is registered, the token going by mail.
   */
  void requestReset(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    Optional<String> token =
        auth.requestPasswordReset(email, clientAddress.of(ctx), returnTo(ctx, fields));
    if (token.isPresent()) {
      ctx.json(new Bodies.ResetToken(email, token.get()));
    } else {
      ctx.json(new Bodies.EmailMessage(email, RESET_MAILED));
    }
  }

  /** {@code PUT /reset_password}: sets a new password with a reset token. */
  void resetPassword(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    String token = fields.require("reset_token");
    auth.updatePassword(email, token, fields.require("new_password"));
    ctx.json(new Bodies.EmailMessage(email, "Password updated"));
  }

  /** {@code POST /verify_email}: verifies an email with the token of the link mailed to it. */
  void verifyEmail(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    auth.verifyEmail(email, fields.require("token"));
    ctx.json(new Bodies.EmailMessage(email, "email verified"));
  }

  /**
   * {@code POST /verify_email/resend}: the same answer whether or not the email is registered or
   * verified; a new link goes by mail only to a registered, unverified one.
   */
  void resendVerification(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String email = fields.require("email");
    auth.requestVerificationLink(email, clientAddress.of(ctx), returnTo(ctx, fields));
    ctx.json(new Bodies.EmailMessage(email, VERIFICATION_MAILED));
  }

  /** {@code PUT /profile/password}: a signed-in user changes their password. */
  void changePassword(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String current = fields.require("current_password");
    String next = fields.require("new_password");
    auth.changePassword(token(ctx), current, next, clientAddress.of(ctx));
    ctx.json(new Bodies.Message("password changed"));
  }

  /** {@code DELETE /profile}: a signed-in user deletes their account; the cookie is cleared. */
  void deleteAccount(Context ctx) {
    String password = RequestFields.of(ctx).require("password");
    auth.deleteAccount(token(ctx), password, clientAddress.of(ctx));
    cookie.clear(ctx);
    ctx.json(new Bodies.Message("account deleted"));
  }

  /** {@code GET /profile/totp}: whether two-factor login is on, or an enrolment is pending. */
  void totpStatus(Context ctx) {
    TwoFactorStatus status = auth.twoFactorStatus(token(ctx));
    ctx.json(new Bodies.TotpStatus(status.enabled(), status.pending()));
  }

  /**
   * {@code POST /profile/totp}: begins a TOTP enrolment, with the password; the secret, its URI and
   * QR code.
   */
  void startTotp(Context ctx) {
    String password = RequestFields.of(ctx).require("password");
    TotpEnrolment enrolment = auth.startTotpEnrolment(token(ctx), password, clientAddress.of(ctx));
    ctx.json(
        new Bodies.TotpEnrolment(
            enrolment.secret(),
            enrolment.uri().toString(),
            QrCodes.svgDataUri(enrolment.uri().toString())));
  }

  /**
   * {@code PUT /profile/totp}: confirms the enrolment with a code; the recovery codes, and how many
   * other sessions ended.
   */
  void confirmTotp(Context ctx) {
    String code = RequestFields.of(ctx).require("code");
    TotpConfirmation confirmed = auth.confirmTotp(token(ctx), code, clientAddress.of(ctx));
    ctx.json(
        new Bodies.RecoveryCodes(
            "two-factor login on", confirmed.recoveryCodes(), confirmed.otherSessionsEnded()));
  }

  /**
   * {@code DELETE /profile/totp}: turns the second factor off, with the password and a code; how
   * many other sessions ended.
   */
  void disableTotp(Context ctx) {
    RequestFields fields = RequestFields.of(ctx);
    String password = fields.require("password");
    String code = fields.require("code");
    int ended = auth.disableTotp(token(ctx), password, code, clientAddress.of(ctx));
    ctx.json(new Bodies.FactorChanged("two-factor login off", ended));
  }

  /** The session token the request carries, or null: {@link Auth} refuses a null one. */
  private String token(Context ctx) {
    return credential.read(ctx).orElse(null);
  }

  private static void forbidden(Context ctx) {
    ctx.status(HttpStatus.FORBIDDEN).json(new Bodies.Message("no valid session"));
  }

  /**
   * The request's optional {@code return_to} field, for the link of the mail it queues, if {@link
   * ReturnTo} allows it. A refused one is dropped without a word, as {@code /ui/return} falls back
   * to the profile: the mail still goes, and never carries an address off the allow-list.
   */
  private Optional<String> returnTo(Context ctx, RequestFields fields) {
    return fields
        .optional("return_to")
        .flatMap(raw -> returnTo.check(raw, Optional.ofNullable(ctx.header("Host"))))
        .map(URI::toString);
  }
}
