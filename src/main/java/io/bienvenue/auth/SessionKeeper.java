package io.bienvenue.auth;

import io.bienvenue.auth.failure.NoSessionException;
import io.bienvenue.auth.failure.UnknownSessionException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.SessionAndUser;
import io.bienvenue.store.SessionStore;
import io.bienvenue.store.Stores;
import io.bienvenue.store.Transactor;
import io.bienvenue.user.Session;
import io.bienvenue.user.SessionOrigin;
import io.bienvenue.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The life of a login session: started with a fresh token whose hash alone is stored, live until it
 * has gone unused for the idle timeout or reached its absolute lifetime, ended on logout.
 * Thread-safe.
 */
public final class SessionKeeper {

  /** The shapes of public ids: 22 base64url characters, or 32 hex digits given by a migration. */
  private static final Pattern PUBLIC_ID = Pattern.compile("[A-Za-z0-9_-]{22}|[0-9a-f]{32}");

  private final SessionStore sessions;
  private final Transactor transactor;
  private final WebhookEvents webhookEvents;
  private final Tokens tokens;
  private final Lifetimes lifetimes;
  private final Duration touchInterval;
  private final AuthEvents events;
  private final Clock clock;

  /**
   * Creates the keeper of the sessions in {@code stores}, with the mode's lifetimes, writing a
   * {@code session.created} event with each new session.
   */
  public SessionKeeper(
      Stores stores,
      WebhookEvents webhookEvents,
      Tokens tokens,
      Lifetimes lifetimes,
      AuthEvents events,
      Clock clock) {
    this.sessions = stores.sessions();
    this.transactor = stores.transactor();
    this.webhookEvents = Objects.requireNonNull(webhookEvents, "webhookEvents");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.lifetimes = Objects.requireNonNull(lifetimes, "lifetimes");
    this.touchInterval = lifetimes.touchInterval();
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Starts a session of {@code user} opened from {@code origin} and authenticated by {@code amr},
   * clearing their ended ones, and returns its token. The {@code session.created} event, with the
   * session's public id and {@code amr}, is written in the same transaction (or the caller's).
   */
  IssuedSession start(User user, SessionOrigin origin, List<String> amr) {
    Instant now = clock.instant();
    String token = tokens.newToken();
    String publicId = tokens.newId();
    transactor.inTransaction(
        () -> {
          sessions.deleteEndedOfUser(user.id(), now, idleSince(now));
          sessions.add(
              user.id(),
              publicId,
              Tokens.hash(token),
              now,
              now.plus(lifetimes.sessionLifetime()),
              origin,
              amr);
          webhookEvents.record(
              WebhookEvent.SESSION_CREATED, user, Map.of("session_id", publicId, "amr", amr));
          return null;
        });
    return new IssuedSession(token, lifetimes.sessionLifetime());
  }

  /** Returns the live sessions of the user {@code userId}, newest first, none marked current. */
  List<ActiveSession> listOfUser(long userId) {
    Instant now = clock.instant();
    return sessions.listLiveOfUser(userId, now, idleSince(now)).stream()
        .map(s -> new ActiveSession(s.publicId(), s.createdAt(), s.lastSeenAt(), s.origin(), false))
        .toList();
  }

  /** Returns the live sessions of the user of {@code current}, newest first, marking that one. */
  List<ActiveSession> listOfUser(Session current) {
    Instant now = clock.instant();
    return sessions.listLiveOfUser(current.userId(), now, idleSince(now)).stream()
        .map(
            s ->
                new ActiveSession(
                    s.publicId(),
                    s.createdAt(),
                    s.lastSeenAt(),
                    s.origin(),
                    s.publicId().equals(current.publicId())))
        .toList();
  }

  /**
   * Ends the session of {@code caller}'s user with public id {@code publicId}; it may be {@code
   * caller}'s own. An id of any other shape than one {@link Tokens#newId} or the migration gave is
   * no session's, and reaches no query.
   *
   * @throws UnknownSessionException if that user has no session with that id
   */
  void endOfUser(SessionAndUser caller, String publicId) {
    long userId = caller.user().id();
    if (publicId == null
        || !PUBLIC_ID.matcher(publicId).matches()
        || !sessions.deleteOfUserByPublicId(userId, publicId)) {
      throw new UnknownSessionException();
    }
    events.loggedOut(userId);
  }

  /**
   * Returns the live session with {@code token} and its user, who is not disabled: the guard of
   * every self-service call.
   *
   * @throws NoSessionException if there is none
   */
  SessionAndUser caller(String token) {
    return liveWithUser(token)
        .filter(found -> !found.user().disabled())
        .orElseThrow(NoSessionException::new);
  }

  /**
   * Returns the live session with {@code token}, stamping it as used when the stamp is stale. An
   * ended session found here is deleted. Empty for a null, malformed, unknown or ended token.
   */
  Optional<Session> live(String token) {
    return liveWithUser(token).map(SessionAndUser::session);
  }

  /**
   * Returns the live session with {@code token} and its user, read in one query, as {@link #live}
   * does.
   */
  Optional<SessionAndUser> liveWithUser(String token) {
    if (!Tokens.isWellFormed(token)) {
      return Optional.empty();
    }
    String tokenHash = Tokens.hash(token);
    Optional<SessionAndUser> found =
        sessions
            .findWithUser(tokenHash)
            .filter(s -> Tokens.sameHash(s.session().tokenHash(), tokenHash));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Session session = found.get().session();
    Instant now = clock.instant();
    Instant idleEnd = session.lastSeenAt().plus(lifetimes.sessionIdleTimeout());
    if (!now.isBefore(session.expiresAt()) || !now.isBefore(idleEnd)) {
      sessions.deleteByTokenHash(tokenHash);
      return Optional.empty();
    }
    if (Duration.between(session.lastSeenAt(), now).compareTo(touchInterval) > 0) {
      sessions.touch(session.id(), now);
      return Optional.of(found.get().seenAt(now));
    }
    return found;
  }

  private Instant idleSince(Instant now) {
    return now.minus(lifetimes.sessionIdleTimeout());
  }

  /** As {@link Auth#whoami}: the live session {@code token}, its user and when it ends. */
  Optional<LiveSession> whoami(String token) {
    return liveWithUser(token)
        .filter(found -> !found.user().disabled())
        .map(
            found ->
                new LiveSession(
                    found.user(),
                    found.session(),
                    found.twoFactorOn(),
                    found.session().lastSeenAt().plus(lifetimes.sessionIdleTimeout())));
  }

  /** As {@link Auth#destroySession}: ends the live session {@code token}, if there is one. */
  boolean logOut(String token) {
    Optional<Session> session = live(token);
    if (session.isEmpty() || !end(session.get())) {
      return false;
    }
    events.loggedOut(session.get().userId());
    return true;
  }

  /** Ends {@code session}; returns whether it still existed. */
  boolean end(Session session) {
    return sessions.deleteByTokenHash(session.tokenHash());
  }
}
