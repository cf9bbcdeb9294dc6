package io.bienvenue.ops;

import static net.logstash.logback.argument.StructuredArguments.value;

import io.bienvenue.auth.AuthEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what {@code Auth} reports: one line on the {@code bienvenue.audit} logger per event, with
 * the user's id where known and never a secret, and a counter per event in the metrics.
 * Thread-safe.
 *
 * <p>Counters: {@code
 * bienvenue_logins_total{outcome=success|failure|throttled|disabled|unverified}}, {@code
 * bienvenue_registrations_total}, {@code bienvenue_emails_verified_total}, {@code
 * bienvenue_logouts_total}, {@code bienvenue_password_resets_requested_total}, {@code
 * bienvenue_password_changes_total}, {@code bienvenue_users_disabled_total}, {@code
 * bienvenue_accounts_deleted_total}, {@code bienvenue_admin_actions_total{action}}, {@code
 * bienvenue_admin_keys_refused_total}.
 */
public final class AuditTrail implements AuthEvents {

  private static final Logger AUDIT = LoggerFactory.getLogger("bienvenue.audit");

  private final Counter loginSuccess;
  private final Counter loginFailure;
  private final Counter loginThrottled;
  private final Counter loginDisabled;
  private final Counter loginUnverified;
  private final Counter emailsVerified;
  private final Counter registrations;
  private final Counter logouts;
  private final Counter resetsRequested;
  private final Counter passwordChanges;
  private final Counter usersDisabled;
  private final Counter accountsDeleted;
  private final Counter adminKeysRefused;
  private final MeterRegistry metrics;

  /** Creates the trail, registering its counters in {@code metrics}. */
  public AuditTrail(MeterRegistry metrics) {
    this.metrics = metrics;
    adminKeysRefused =
        counter(metrics, "bienvenue.admin.keys.refused", "Admin API requests with a wrong key");
    loginSuccess = logins(metrics, "success");
    loginFailure = logins(metrics, "failure");
    loginThrottled = logins(metrics, "throttled");
    loginDisabled = logins(metrics, "disabled");
    loginUnverified = logins(metrics, "unverified");
    emailsVerified =
        counter(metrics, "bienvenue.emails.verified", "Emails verified by their users");
    registrations = counter(metrics, "bienvenue.registrations", "Users registered");
    logouts = counter(metrics, "bienvenue.logouts", "Sessions ended by logout");
    resetsRequested =
        counter(metrics, "bienvenue.password.resets.requested", "Password resets asked for");
    passwordChanges = counter(metrics, "bienvenue.password.changes", "Passwords changed");
    usersDisabled = counter(metrics, "bienvenue.users.disabled", "Users disabled by an operator");
    accountsDeleted =
        counter(metrics, "bienvenue.accounts.deleted", "Accounts deleted by their own users");
  }

  @Override
  public void registered(long userId) {
    registrations.increment();
    audit("registered", userId);
  }

  @Override
  public void loggedIn(long userId) {
    loginSuccess.increment();
    audit("logged_in", userId);
  }

  @Override
  public void loginFailed(OptionalLong userId) {
    loginFailure.increment();
    audit("login_failed", idOrUnknown(userId));
  }

  @Override
  public void loginThrottled() {
    loginThrottled.increment();
    audit("login_throttled");
  }

  @Override
  public void loginDisabled(long userId) {
    loginDisabled.increment();
    audit("login_refused_disabled", userId);
  }

  @Override
  public void loginUnverified(long userId) {
    loginUnverified.increment();
    audit("login_refused_unverified", userId);
  }

  @Override
  public void emailVerified(long userId) {
    emailsVerified.increment();
    audit("email_verified", userId);
  }

  @Override
  public void loggedOut(long userId) {
    logouts.increment();
    audit("logged_out", userId);
  }

  @Override
  public void resetRequested(OptionalLong userId) {
    resetsRequested.increment();
    audit("reset_requested", idOrUnknown(userId));
  }

  @Override
  public void passwordChanged(long userId) {
    passwordChanges.increment();
    audit("password_changed", userId);
  }

  @Override
  public void userDisabled(long userId) {
    usersDisabled.increment();
    audit("user_disabled", userId);
  }

  @Override
  public void accountDeleted(long userId) {
    accountsDeleted.increment();
    audit("account_deleted", userId);
  }

  @Override
  public void secondFactorChanged(long userId, boolean on) {
    audit(on ? "second_factor_on" : "second_factor_off", userId);
  }

  /**
   * An admin API request, made with the key named {@code keyName}, did {@code action} (a fixed
   * snake_case word: {@code disable_user}), to the user whose public id is {@code userId} if one is
   * named. Never the key; counted in {@code bienvenue_admin_actions_total{action}}.
   */
  public void adminAction(String keyName, String action, Optional<String> userId) {
    Counter.builder("bienvenue.admin.actions")
        .description("Admin API actions by action")
        .tag("action", action)
        .register(metrics)
        .increment();
    AUDIT.info(
        "event=admin_action action={} admin_key={} user={}",
        action,
        keyName,
        userId.orElse("none"));
  }

  /** An admin API request came with a wrong, removed or malformed key: never the key itself. */
  public void adminKeyRefused() {
    adminKeysRefused.increment();
    AUDIT.info("event=admin_key_refused");
  }

  private static String idOrUnknown(OptionalLong userId) {
    return userId.isPresent() ? Long.toString(userId.getAsLong()) : "unknown";
  }

  private static Counter logins(MeterRegistry metrics, String outcome) {
    return Counter.builder("bienvenue.logins")
        .description("Login attempts by outcome")
        .tag("outcome", outcome)
        .register(metrics);
  }

  private static Counter counter(MeterRegistry metrics, String name, String description) {
    return Counter.builder(name).description(description).register(metrics);
  }

  /**
   * Logs {@code event} about the user {@code userId}: in text as {@code event=... user_id=...}, and
   * in JSON logs as the fields {@code event} and {@code user_id} beside the message.
   */
  private static void audit(String event, Object userId) {
    AUDIT.info("event={} user_id={}", value("event", event), value("user_id", userId));
  }

  /** Logs {@code event}, which is about no one user, as {@link #audit(String, Object)} does. */
  private static void audit(String event) {
    AUDIT.info("event={}", value("event", event));
  }
}
