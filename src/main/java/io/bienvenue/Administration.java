package io.bienvenue;

import io.bienvenue.auth.AdminKeys;
import io.bienvenue.auth.Auth;
import io.bienvenue.auth.AuthSettings;
import io.bienvenue.auth.UserAdmin;
import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.password.PasswordPolicy;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.oauth.ClientRegistry;
import io.bienvenue.oauth.SigningKeys;
import io.bienvenue.ops.AuditTrail;
import io.bienvenue.secrets.SecretBox;
import io.bienvenue.store.Database;
import io.bienvenue.store.Stores;
import io.bienvenue.store.WebhookDeliveryStore;
import io.bienvenue.webhooks.WebhookEndpoints;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * The composition root of the operator's commands ({@code user ...}, {@code sessions revoke},
 * {@code client ...}, {@code keys ...}): the database, the stores, the {@link Auth} service for
 * registrations, {@link UserAdmin} and the {@link ClientRegistry}, wired the way {@link Bienvenue}
 * wires the running service. Closing it closes the database.
 */
public final class Administration implements AutoCloseable {

  private final Database database;
  private final PasswordHasher hasher;
  private final Auth auth;
  private final UserAdmin users;
  private final ClientRegistry clients;
  private final Stores stores;
  private final SecureRandom random;
  private final Clock clock;

  private Administration(
      Database database,
      PasswordHasher hasher,
      Auth auth,
      UserAdmin users,
      ClientRegistry clients,
      Stores stores,
      SecureRandom random,
      Clock clock) {
    this.database = database;
    this.hasher = hasher;
    this.auth = auth;
    this.users = users;
    this.clients = clients;
    this.stores = stores;
    this.random = random;
    this.clock = clock;
  }

  /**
   * Opens (and migrates) the database at {@code location}.
   *
   * @param bcryptCost the cost of hashes for users added from the command line
   * @param passwords the password policy for users added from the command line
   */
  public static Administration open(
      String location, int bcryptCost, PasswordPolicy passwords, Clock clock) {
    Objects.requireNonNull(passwords, "passwords");
    return wire(Database.open(location, 2), bcryptCost, passwords, clock);
  }

  /**
   * Opens the database at {@code location} for commands that only read: it must exist at the newest
   * schema, and nothing is created or migrated (see {@link Database#openExisting}).
   *
   * @throws IllegalStateException if there is no database there, or it is behind the schema
   */
  public static Administration openExisting(String location, Clock clock) {
    return wire(
        Database.openExisting(location, 2),
        BcryptHashes.DEFAULT_COST,
        PasswordPolicy.development(),
        clock);
  }

  /** The administration over {@code database}, which it closes if the wiring fails. */
  private static Administration wire(
      Database database, int bcryptCost, PasswordPolicy passwords, Clock clock) {
    try {
      SecureRandom random = new SecureRandom();
      PasswordHasher hasher = new PasswordHasher(bcryptCost, 1, 4, random);
      Stores stores = Stores.on(database, clock);
      AuthSettings settings =
          new AuthSettings(
              AuthSettings.DEVELOPMENT.lifetimes(),
              AuthSettings.DEVELOPMENT.throttle(),
              passwords,
              AuthSettings.DEVELOPMENT.resetDelivery());
      // An operator's changes are audited like the service's; the counters go nowhere.
      AuditTrail audit = new AuditTrail(new SimpleMeterRegistry());
      // The operator's commands register, list, disable and delete users, and delete a second
      // factor, but never read or write a TOTP secret: they need no secrets key.
      SecretBox box = SecretBox.withoutKeys("the operator's commands hold no secrets key");
      Tokens tokens = new Tokens(random);
      AuthServices services =
          AuthServices.wire(stores, hasher, tokens, box, settings, audit, clock);
      Auth auth = services.auth();
      return new Administration(
          database,
          hasher,
          auth,
          new UserAdmin(stores, services.webhookEvents(), audit, clock),
          new ClientRegistry(stores.clients(), tokens, clock),
          stores,
          random,
          clock);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The authentication service, for registering users. */
  public Auth auth() {
    return auth;
  }

  /** The operator's view of users. */
  public UserAdmin users() {
    return users;
  }

  /** The registered OpenID Connect clients. */
  public ClientRegistry clients() {
    return clients;
  }

  /**
   * The OpenID Connect signing keys, their private parts sealed and opened by {@code box}: unlike
   * the other commands, {@code keys rotate} needs the secrets key.
   */
  public SigningKeys signingKeys(SecretBox box) {
    return OAuthServices.wire(stores, box, random, clock).signingKeys();
  }

  /**
   * The registered webhook endpoints, their secrets sealed by {@code box}: adding an endpoint or
   * rotating its secret needs the secrets key the service runs with.
   */
  public WebhookEndpoints webhooks(SecretBox box) {
    return new WebhookEndpoints(stores.webhookEndpoints(), box, random, clock);
  }

  /** The webhook outbox: the deliveries given up, to list and send again. */
  public WebhookDeliveryStore webhookDeliveries() {
    return stores.webhookDeliveries();
  }

  /** The clock the commands run on. */
  public Clock clock() {
    return clock;
  }

  /** The admin API's keys: {@code admin-key add}, {@code list} and {@code remove}. */
  public AdminKeys adminKeys() {
    return AuthServices.adminKeys(
        database, stores, new Tokens(random), AuthSettings.DEVELOPMENT.throttle(), clock);
  }

  @Override
  public void close() {
    hasher.close();
    database.close();
  }
}
