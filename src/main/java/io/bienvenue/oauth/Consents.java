package io.bienvenue.oauth;

import io.bienvenue.auth.WebhookEvent;
import io.bienvenue.auth.WebhookEvents;
import io.bienvenue.store.GrantStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.store.UserStore;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of consent: what a user let each client have, remembered per user and client as the set
 * of scopes approved so far.
 *
 * <ul>
 *   <li>A request is covered when the stored scopes include every requested one.
 *   <li>A new approval adds its scopes to the stored ones.
 *   <li>The consents are listed on the profile page ("Apps with access") with the clients' names.
 *   <li>Withdrawing a consent also revokes every grant of the user to that client, so the client's
 *       refresh and access tokens for them stop working.
 * </ul>
 *
 * Storing a consent writes the {@code oidc.consent_granted} webhook event, and withdrawing one the
 * {@code oidc.consent_revoked} event, in the same transaction. Deleting the user or the client
 * deletes their consents (and writes no consent event). Thread-safe.
 */
public final class Consents {

  private final GrantStore grants;
  private final UserStore users;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final Clock clock;

  /** Creates the rules over the stores of one database, writing the consent events. */
  public Consents(Stores stores, WebhookEvents webhookEvents, Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.grants = stores.grants();
    this.users = stores.users();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Tells whether user {@code userId} consented to client {@code clientId} having every scope. */
  public boolean covers(long userId, String clientId, Collection<String> scopes) {
    Objects.requireNonNull(scopes, "scopes");
    return grants
        .findConsent(userId, Objects.requireNonNull(clientId, "clientId"))
        .map(consent -> consent.scopes().containsAll(scopes))
        .orElse(false);
  }

  /**
   * Records that user {@code userId} consents to client {@code clientId} having {@code scopes}, in
   * addition to any scopes they approved for it before; the {@code oidc.consent_granted} event,
   * with every scope now approved, is written in the same transaction.
   */
  public void grant(long userId, String clientId, Collection<String> scopes) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(scopes, "scopes");
    transactor.inTransaction(
        () -> {
          Set<String> all = new LinkedHashSet<>();
          grants.findConsent(userId, clientId).ifPresent(old -> all.addAll(old.scopes()));
          all.addAll(scopes);
          grants.saveConsent(userId, clientId, all, clock.instant());
          recordConsentEvent(WebhookEvent.OIDC_CONSENT_GRANTED, userId, clientId, all);
          return null;
        });
  }

  /** Returns the clients user {@code userId} consented to, by name: their "Apps with access". */
  public List<AppAccess> list(long userId) {
    return grants.listConsents(userId).stream()
        .map(c -> new AppAccess(c.clientId(), c.clientName(), c.scopes(), c.grantedAt()))
        .toList();
  }

  /**
   * Withdraws the consent of user {@code userId} to client {@code clientId} and revokes every grant
   * of theirs to it, in one transaction, which writes the {@code oidc.consent_revoked} event with
   * the scopes the consent held, if there was one.
   *
   * @return whether there was a consent or a live grant
   */
  public boolean revoke(long userId, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return transactor.inTransaction(
        () -> {
          Optional<GrantStore.Consent> consent = grants.findConsent(userId, clientId);
          boolean deleted = grants.deleteConsent(userId, clientId);
          boolean revoked =
              grants.revokeGrantsOfUserAndClient(userId, clientId, clock.instant()) > 0;
          if (deleted && consent.isPresent()) {
            recordConsentEvent(
                WebhookEvent.OIDC_CONSENT_REVOKED, userId, clientId, consent.get().scopes());
          }
          return deleted | revoked;
        });
  }

  /**
   * Writes {@code event} of user {@code userId}'s consent to {@code clientId} for {@code scopes}.
   */
  private void recordConsentEvent(
      WebhookEvent event, long userId, String clientId, Collection<String> scopes) {
    users
        .findById(userId)
        .ifPresent(
            user ->
                webhookEvents.record(
                    event, user, Map.of("client_id", clientId, "scopes", List.copyOf(scopes))));
  }
}
