package io.bienvenue.oauth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules of a user's "Apps with access", the list on their profile page of every app that can
 * still act for them, and of taking an app's access away.
 *
 * <ul>
 *   <li>An app the user consented to is listed with the scopes they approved and the last approval
 *       ({@link Consents#list}).
 *   <li>An app that needs no consent (a first-party client) is listed while it holds a live grant
 *       of the user with a usable refresh token ({@link Grants#refreshableOf}), with the scopes of
 *       its grants and the newest grant's time.
 *   <li>One line per client, by name then client id.
 *   <li>Removing an app that is listed forgets the consent and revokes every grant of the user to
 *       it, in one transaction ({@link Consents#revoke}): its refresh tokens stop working, and its
 *       access tokens at UserInfo. An app not listed is left alone and reported as unknown, so an
 *       id of any shape, or another user's app, never reaches a query.
 * </ul>
 *
 * Thread-safe.
 */
final class AppsWithAccess {

  private static final Comparator<AppAccess> BY_NAME =
      Comparator.comparing(AppAccess::clientName).thenComparing(AppAccess::clientId);

  private final Consents consents;
  private final Grants grants;
  private final ClientRegistry clients;

  AppsWithAccess(Consents consents, Grants grants, ClientRegistry clients) {
    this.consents = Objects.requireNonNull(consents, "consents");
    this.grants = Objects.requireNonNull(grants, "grants");
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /** The apps with access to user {@code userId}'s account. */
  List<AppAccess> list(long userId) {
    Map<String, AppAccess> apps = new LinkedHashMap<>();
    consents.list(userId).forEach(app -> apps.put(app.clientId(), app));
    Map<String, List<Grant>> held = new LinkedHashMap<>();
    for (Grant grant : grants.refreshableOf(userId)) {
      if (!apps.containsKey(grant.clientId())) {
        held.computeIfAbsent(grant.clientId(), id -> new ArrayList<>()).add(grant);
      }
    }
    held.forEach(
        (clientId, ofClient) ->
            clients
                .find(clientId)
                .ifPresent(client -> apps.put(clientId, fromGrants(client, ofClient))));
    return apps.values().stream().sorted(BY_NAME).toList();
  }

  /**
   * Takes away the access of client {@code clientId} to user {@code userId}'s account, if it is one
   * of their apps with access.
   *
   * @return whether it was listed
   */
  boolean remove(long userId, String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    boolean listed = list(userId).stream().anyMatch(app -> app.clientId().equals(clientId));
    if (listed) {
      consents.revoke(userId, clientId);
    }
    return listed;
  }

  /** The line of {@code client}, which holds {@code held} (one or more grants, oldest first). */
  private static AppAccess fromGrants(Client client, List<Grant> held) {
    Set<String> scopes = new LinkedHashSet<>();
    held.forEach(grant -> scopes.addAll(grant.scopes()));
    Instant newest = held.get(held.size() - 1).createdAt();
    return new AppAccess(client.clientId(), client.name(), List.copyOf(scopes), newest);
  }
}
