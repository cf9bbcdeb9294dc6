package io.bienvenue.auth;

import io.bienvenue.store.OutboxStore;
import io.bienvenue.user.User;
import java.time.Clock;
import java.util.Objects;

/**
 * Queues security notices ({@link Notice}) in the outbox, where the service sends mail, addressed
 * to the address stored for the user. Called inside the transaction of the change it tells of, the
 * notice commits or rolls back with it; a committed notice is sent even if the account is deleted
 * right after. Thread-safe.
 */
public final class Notices {

  private final OutboxStore outbox;
  private final AuthSettings settings;
  private final Clock clock;

  /** Creates the notices that queue into {@code outbox}, in the mode {@code settings} gives. */
  public Notices(OutboxStore outbox, AuthSettings settings, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Queues {@code notice} to {@code user}'s stored email, as read from the database; does nothing
   * where the service sends no mail.
   */
  void queue(Notice notice, User user) {
    Objects.requireNonNull(notice, "notice");
    if (settings.sendsMail()) {
      outbox.enqueue(notice.kind(), user.email(), clock.instant());
    }
  }
}
