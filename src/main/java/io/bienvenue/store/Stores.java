package io.bienvenue.store;

import java.time.Clock;
import java.util.Objects;

/**
 * The stores of one database, and the transactor that lets a piece of work span several of them.
 *
 * @param users the users
 * @param sessions the login sessions
 * @param throttle the failed-login counters
 * @param mailThrottle the counters of requests for mail
 * @param outbox the mails waiting to be sent
 * @param totp the second factors and their recovery codes
 * @param clients the registered OAuth clients
 * @param grants the OAuth grants, their codes and refresh tokens, and the users' consents
 * @param signingKeys the keys that sign the OAuth provider's tokens
 * @param emailCodes the codes sent by e-mail to log in with
 * @param passkeys the users' WebAuthn credentials
 * @param challenges the WebAuthn challenges of ceremonies under way
 * @param webhookEndpoints the receivers of webhooks
 * @param webhookDeliveries the webhook events waiting to be delivered, and those given up
 * @param transactor runs work in one transaction across the stores
 */
public record Stores(
    UserStore users,
    SessionStore sessions,
    ThrottleStore throttle,
    ThrottleStore mailThrottle,
    OutboxStore outbox,
    TotpStore totp,
    ClientStore clients,
    GrantStore grants,
    SigningKeyStore signingKeys,
    EmailCodeStore emailCodes,
    PasskeyStore passkeys,
    ChallengeStore challenges,
    WebhookEndpointStore webhookEndpoints,
    WebhookDeliveryStore webhookDeliveries,
    Transactor transactor) {

  /** Checks that no store is null. */
  public Stores {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(mailThrottle, "mailThrottle");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(grants, "grants");
    Objects.requireNonNull(signingKeys, "signingKeys");
    Objects.requireNonNull(emailCodes, "emailCodes");
    Objects.requireNonNull(passkeys, "passkeys");
    Objects.requireNonNull(challenges, "challenges");
    Objects.requireNonNull(webhookEndpoints, "webhookEndpoints");
    Objects.requireNonNull(webhookDeliveries, "webhookDeliveries");
    Objects.requireNonNull(transactor, "transactor");
  }

  /** Creates every store over {@code database}, stamping new rows with {@code clock}'s time. */
  public static Stores on(Database database, Clock clock) {
    return new Stores(
        new UserStore(database.jdbi(), clock),
        new SessionStore(database.jdbi()),
        new ThrottleStore(database.jdbi(), ThrottleStore.Table.LOGIN),
        new ThrottleStore(database.jdbi(), ThrottleStore.Table.MAIL),
        new OutboxStore(database.jdbi()),
        new TotpStore(database.jdbi()),
        new ClientStore(database.jdbi()),
        new GrantStore(database.jdbi()),
        new SigningKeyStore(database.jdbi()),
        new EmailCodeStore(database.jdbi()),
        new PasskeyStore(database.jdbi()),
        new ChallengeStore(database.jdbi()),
        new WebhookEndpointStore(database.jdbi()),
        new WebhookDeliveryStore(database.jdbi()),
        new Transactor(database.jdbi()));
  }
}
