package io.bienvenue;

import io.bienvenue.auth.AccountChanges;
import io.bienvenue.auth.AdminKeys;
import io.bienvenue.auth.AdminUsers;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthEvents;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.EmailCodes;
import io.bienvenue.auth.EmailVerifications;
import io.bienvenue.auth.Login;
import io.bienvenue.auth.MailLinks;
import io.bienvenue.auth.Notices;
import io.bienvenue.auth.PasskeyRelyingParty;
import io.bienvenue.auth.Passkeys;
import io.bienvenue.auth.PasswordConfirmation;
import io.bienvenue.auth.PasswordReset;
import io.bienvenue.auth.Registration;
import io.bienvenue.auth.SessionKeeper;
import io.bienvenue.auth.TotpSecrets;
import io.bienvenue.auth.TwoFactor;
import io.bienvenue.auth.UserAdmin;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.throttle.LoginThrottle;
import io.bienvenue.auth.throttle.MailThrottle;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.AdminKeyStore;
import io.bienvenue.store.Database;
import io.bienvenue.store.Stores;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The authentication service and the mail links it issues, built from one set of flows: the one
 * wiring that the service ({@link Bienvenue}), the operator's commands ({@link Administration}) and
 * the tests share. Every flow gets the stores of one database, the mode's settings, one event sink
 * and one clock.
 *
 * @param auth the facade the HTTP layer and the commands call
 * @param mailLinks the tokens the outbox's mails carry
 * @param webhookEvents writes the webhook events of the changes the flows make; the one writer the
 *     operator's commands and the OpenID Connect provider share with them
 * @param adminUsers what the admin API does to users
 */
public record AuthServices(
    Auth auth, MailLinks mailLinks, WebhookEvents webhookEvents, AdminUsers adminUsers) {

  /**
   * The authentication service over {@code stores}.
   *
   * @param hasher the bcrypt hasher
   * @param tokens the source of session, reset and verification tokens
   * @param box seals and opens the TOTP secrets at rest
   * @param settings the rules of the mode the service runs in
   * @param events told what happens, for the audit log and the metrics
   * @param clock the time source for every expiry
   */
  public static AuthServices wire(
      Stores stores,
      PasswordHasher hasher,
      Tokens tokens,
      SecretBox box,
      AuthSettings settings,
      AuthEvents events,
      Clock clock) {
    return wire(
        stores,
        hasher,
        tokens,
        box,
        settings,
        events,
        clock,
        () -> PasskeyRelyingParty.development(DEVELOPMENT_PORT));
  }

  /** The port of the development relying party where none is given: the README's. */
  private static final int DEVELOPMENT_PORT = 5000;

  /**
   * The authentication service over {@code stores}, as above, whose passkeys are for {@code
   * passkeyParty}.
   *
   * @param passkeyParty the WebAuthn relying party, asked when needed: in development its port is
   *     known only once the service listens
   */
  public static AuthServices wire(
      Stores stores,
      PasswordHasher hasher,
      Tokens tokens,
      SecretBox box,
      AuthSettings settings,
      AuthEvents events,
      Clock clock,
      Supplier<PasskeyRelyingParty> passkeyParty) {
    LoginThrottle throttle = new LoginThrottle(stores.throttle(), settings.throttle(), clock);
    MailThrottle mailThrottle =
        new MailThrottle(stores.mailThrottle(), settings.mailLimits(), clock);
    PasswordConfirmation confirmation = new PasswordConfirmation(throttle, hasher, events);
    Notices notices = new Notices(stores.outbox(), settings, clock);
    WebhookEvents webhookEvents = WebhookEvents.over(stores, tokens, clock);
    EmailVerifications verifications =
        new EmailVerifications(
            stores, webhookEvents, mailThrottle, tokens, settings, events, clock);
    SessionKeeper sessions =
        new SessionKeeper(stores, webhookEvents, tokens, settings.lifetimes(), events, clock);
    TwoFactor twoFactor =
        new TwoFactor(
            stores,
            webhookEvents,
            new TotpSecrets(stores, box),
            tokens,
            throttle,
            confirmation,
            notices,
            events,
            clock);
    Passkeys passkeys =
        new Passkeys(
            stores,
            webhookEvents,
            tokens,
            confirmation,
            throttle,
            sessions,
            notices,
            settings,
            events,
            passkeyParty,
            clock);
    PasswordReset reset =
        new PasswordReset(
            stores, webhookEvents, tokens, hasher, mailThrottle, notices, settings, events, clock);
    EmailCodes emailCodes =
        new EmailCodes(
            stores,
            webhookEvents,
            box,
            tokens,
            hasher,
            throttle,
            mailThrottle,
            twoFactor,
            passkeys,
            sessions,
            settings,
            events,
            clock);
    Auth auth =
        new Auth(
            new Registration(verifications, hasher, settings, events),
            new Login(stores, throttle, hasher, twoFactor, passkeys, sessions, settings, events),
            sessions,
            new AccountChanges(
                stores, webhookEvents, confirmation, hasher, notices, settings, events, clock),
            reset,
            verifications,
            twoFactor,
            emailCodes,
            passkeys);
    MailLinks links = new MailLinks(reset, verifications, emailCodes);
    AdminUsers adminUsers =
        new AdminUsers(
            stores,
            webhookEvents,
            new UserAdmin(stores, webhookEvents, events, clock),
            auth,
            links,
            sessions,
            tokens,
            hasher,
            settings,
            events,
            clock);
    return new AuthServices(auth, links, webhookEvents, adminUsers);
  }

  /**
   * The admin API's keys in {@code database}, whose wrong presentations count in the login throttle
   * of {@code stores} by {@code policy}: the one wiring the service and the commands share.
   */
  public static AdminKeys adminKeys(
      Database database, Stores stores, Tokens tokens, ThrottlePolicy policy, Clock clock) {
    return new AdminKeys(
        new AdminKeyStore(database.jdbi()),
        tokens,
        new LoginThrottle(stores.throttle(), policy, clock),
        clock);
  }
}
