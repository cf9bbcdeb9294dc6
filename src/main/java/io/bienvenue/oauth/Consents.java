package io.bienvenue.oauth;

import io.bienvenue.store.GrantStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
 * Deleting the user or the client deletes their consents. Thread-safe.
 */
public final class Consents {

  private final GrantStore grants;
  private final Transactor transactor;
  private final Clock clock;

  /** Creates the rules over the stores of one database. */
  public Consents(Stores stores, Clock clock) {
    Objects.requireNonNull(stores, "stores");
    this.grants = stores.grants();
    this.transactor = stores.transactor();
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
   * addition to any scopes they approved for it before.
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
   * of theirs to it, in one transaction.
   *
   * @return whether there was a consent or a live grant
   */
  public boolean revoke(long userId, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return transactor.inTransaction(
        () ->
            grants.deleteConsent(userId, clientId)
                | grants.revokeGrantsOfUserAndClient(userId, clientId, clock.instant()) > 0);
  }
}
