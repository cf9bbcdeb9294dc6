package io.bienvenue.testing;

import io.bienvenue.store.Database;

/** What the tests read of the mail outbox with SQL of their own, beside the store's queries. */
public final class PendingMail {

  private PendingMail() {}

  /** How many messages in {@code database}'s outbox are neither sent nor dropped. */
  public static long count(Database database) {
    return database
        .jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL")
                    .mapTo(Long.class)
                    .one());
  }
}
