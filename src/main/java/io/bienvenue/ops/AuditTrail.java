package io.bienvenue.ops;

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
    AUDIT.info("event=registered user_id={}", userId);
  }

  @Override
  public void loggedIn(long userId) {
    loginSuccess.increment();
    AUDIT.info("event=logged_in user_id={}", userId);
  }

  @Override
  public void loginFailed(OptionalLong userId) {
    loginFailure.increment();
    AUDIT.info("event=login_failed user_id={}", idOrUnknown(userId));
  }

  @Override
  public void loginThrottled() {
    loginThrottled.increment();
    AUDIT.info("event=login_throttled");
  }

  @Override
  public void loginDisabled(long userId) {
    loginDisabled.increment();
    AUDIT.info("event=login_refused_disabled user_id={}", userId);
  }

  @Override
  public void loginUnverified(long userId) {
    loginUnverified.increment();
    AUDIT.info("event=login_refused_unverified user_id={}", userId);
  }

  @Override
  public void emailVerified(long userId) {
    emailsVerified.increment();
    AUDIT.info("event=email_verified user_id={}", userId);
  }

  @Override
  public void loggedOut(long userId) {
    logouts.increment();
    AUDIT.info("event=logged_out user_id={}", userId);
  }

  @Override
  public void resetRequested(OptionalLong userId) {
    resetsRequested.increment();
    AUDIT.info("event=reset_requested user_id={}", idOrUnknown(userId));
  }

  @Override
  public void passwordChanged(long userId) {
    passwordChanges.increment();
    AUDIT.info("event=password_changed user_id={}", userId);
  }

  @Override
  public void userDisabled(long userId) {
    usersDisabled.increment();
    AUDIT.info("event=user_disabled user_id={}", userId);
  }

  @Override
  public void accountDeleted(long userId) {
    accountsDeleted.increment();
    AUDIT.info("event=account_deleted user_id={}", userId);
  }

  @Override
  public void secondFactorChanged(long userId, boolean on) {
    AUDIT.info("event=second_factor_{} user_id={}", on ? "on" : "off", userId);
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
}
