package io.bienvenue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.Parallel;
import io.bienvenue.testing.PendingMail;
import io.bienvenue.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mail outbox on a real SQLite file: claiming, leases, retries, housekeeping. */
abstract class OutboxStoreContract {

  /** An empty database of the engine under test. */
  abstract TestDatabase newDatabase();

  private static final Duration LEASE = Duration.ofMinutes(1);

  private TestDatabase backend;
  private final Instant now = MutableClock.startingNow().instant();
  private Database database;
  private OutboxStore outbox;

  @BeforeEach
  void openDatabase() {
    backend = newDatabase();
    database = Database.open(backend.location(), 4);
    outbox = new OutboxStore(database.jdbi());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
    backend.close();
  }

  @Test
  void anEnqueuedMessageIsDueAtOnceAndClaimedWithItsLease() {
    OutboxMessage enqueued = outbox.enqueue("password_reset", "bob@example.org", now);

    List<OutboxMessage> claimed = outbox.claimDue(now, LEASE, 10);

    assertThat(enqueued.id()).isPositive();
    assertThat(enqueued.createdAt()).isEqualTo(now);
    assertThat(enqueued.nextAttemptAt()).isEqualTo(now);
    assertThat(enqueued.attempts()).isZero();
    assertThat(enqueued.finished()).isFalse();
    assertThat(claimed).hasSize(1);
    OutboxMessage message = claimed.get(0);
    assertThat(message.id()).isEqualTo(enqueued.id());
    assertThat(message.kind()).isEqualTo("password_reset");
    assertThat(message.recipient()).isEqualTo("bob@example.org");
    assertThat(message.claimedUntil()).contains(now.plus(LEASE));
    assertThat(PendingMail.count(database)).isEqualTo(1);
  }

  @Test
  void aReturnToIsKeptWithTheMessageAndAMessageWithoutOneHasNone() {
    long with =
        outbox
            .enqueue("password_reset", "bob@example.org", Optional.of("/ui/profile?x=1"), now)
            .id();
    long without = outbox.enqueue("password_reset", "ada@example.org", now).id();

    List<OutboxMessage> claimed = outbox.claimDue(now, LEASE, 10);

    assertThat(claimed)
        .extracting(OutboxMessage::id, OutboxMessage::returnTo)
        .containsExactly(
            tuple(with, Optional.of("/ui/profile?x=1")), tuple(without, Optional.empty()));
    assertThat(outbox.find(with).orElseThrow().returnTo()).contains("/ui/profile?x=1");
  }

  @Test
  void deletePendingToRemovesOnlyThatAddressesPendingMailOfTheKindsNamed() {
    OutboxMessage sent = outbox.enqueue("password_reset", "bob@example.org", now);
    outbox.markSent(sent.id(), now);
    outbox.enqueue("password_reset", "bob@example.org", now);
    outbox.enqueue("email_verification", "BOB@example.org", now);
    OutboxMessage notice = outbox.enqueue("password_changed", "bob@example.org", now);
    OutboxMessage other = outbox.enqueue("password_reset", "ada@example.org", now);

    assertThat(
            outbox.deletePendingTo(
                "bob@example.org", List.of("password_reset", "email_verification")))
        .isEqualTo(2);
    assertThat(outbox.deletePendingTo("bob@example.org", List.of())).isZero();
    assertThat(PendingMail.count(database)).isEqualTo(2);
    assertThat(outbox.find(notice.id())).as("a notice of another kind stays").isPresent();
    assertThat(outbox.find(other.id())).isPresent();
    assertThat(outbox.find(sent.id())).as("a sent mail stays for the record").isPresent();
  }

  @Test
  void enqueueRefusesABlankKindOrRecipient() {
    assertThatThrownBy(() -> outbox.enqueue(" ", "bob@example.org", now))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> outbox.enqueue("password_reset", "", now))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PendingMail.count(database)).isZero();
  }

  @Test
  void claimDueTakesAtMostTheLimitOldestFirst() {
    long first = outbox.enqueue("k", "a@example.org", now.minusSeconds(3)).id();
    long second = outbox.enqueue("k", "b@example.org", now.minusSeconds(2)).id();
    outbox.enqueue("k", "c@example.org", now.minusSeconds(1));

    assertThat(outbox.claimDue(now, LEASE, 2))
        .extracting(OutboxMessage::id)
        .containsExactly(first, second);
  }

  @Test
  void aClaimedMessageIsNotClaimedAgainUntilItsLeaseRunsOut() {
    long id = outbox.enqueue("k", "bob@example.org", now).id();
    outbox.claimDue(now, LEASE, 10);

    assertThat(outbox.claimDue(now, LEASE, 10)).isEmpty();
    assertThat(outbox.claimDue(now.plus(LEASE).minusMillis(1), LEASE, 10)).isEmpty();
    assertThat(outbox.claimDue(now.plus(LEASE), LEASE, 10))
        .extracting(OutboxMessage::id)
        .containsExactly(id);
  }

  @Test
  void aMessageNotYetDueIsNotClaimed() {
    outbox.enqueue("k", "bob@example.org", now);

    assertThat(outbox.claimDue(now.minusMillis(1), LEASE, 10)).isEmpty();
  }

  @Test
  void aSentMessageNeverComesBack() {
    long id = outbox.enqueue("k", "bob@example.org", now).id();
    outbox.claimDue(now, LEASE, 10);

    outbox.markSent(id, now.plusSeconds(1));

    assertThat(outbox.claimDue(now.plus(Duration.ofDays(30)), LEASE, 10)).isEmpty();
    assertThat(PendingMail.count(database)).isZero();
    OutboxMessage sent = outbox.find(id).orElseThrow();
    assertThat(sent.sentAt()).contains(now.plusSeconds(1));
    assertThat(sent.claimedUntil()).isEmpty();
    assertThat(sent.finished()).isTrue();
  }

  @Test
  void markFailedCountsTheAttemptAndReschedules() {
    long id = outbox.enqueue("k", "bob@example.org", now).id();
    outbox.claimDue(now, LEASE, 10);
    Instant retryAt = now.plus(Duration.ofMinutes(5));

    outbox.markFailed(id, retryAt, "cannot reach the SMTP server");

    assertThat(outbox.claimDue(retryAt.minusMillis(1), LEASE, 10)).isEmpty();
    List<OutboxMessage> retried = outbox.claimDue(retryAt, LEASE, 10);
    assertThat(retried).hasSize(1);
    assertThat(retried.get(0).attempts()).isEqualTo(1);
    assertThat(retried.get(0).lastError()).contains("cannot reach the SMTP server");
    outbox.markFailed(id, retryAt, "again");
    assertThat(outbox.find(id).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void markFailedReleasesTheLeaseAtOnce() {
    long id = outbox.enqueue("k", "bob@example.org", now).id();
    outbox.claimDue(now, LEASE, 10);

    outbox.markFailed(id, now, "try again now");

    assertThat(outbox.claimDue(now, LEASE, 10)).extracting(OutboxMessage::id).containsExactly(id);
  }

  @Test
  void anErrorIsKeptShort() {
    long id = outbox.enqueue("k", "bob@example.org", now).id();

    outbox.markFailed(id, now, "x".repeat(5_000));

    String kept = outbox.find(id).orElseThrow().lastError().orElseThrow();
    assertThat(kept).hasSize(OutboxStore.MAX_ERROR_LENGTH).startsWith("xxx").endsWith("…");
  }

  @Test
  void aDroppedMessageIsFinishedAndNeverRetried() {
    long id = outbox.enqueue("k", "nobody@example.org", now).id();
    outbox.claimDue(now, LEASE, 10);

    outbox.markDropped(id, now, "nothing to send");
    outbox.markFailed(id, now, "too late to count");

    assertThat(outbox.claimDue(now.plus(Duration.ofDays(30)), LEASE, 10)).isEmpty();
    assertThat(PendingMail.count(database)).isZero();
    OutboxMessage dropped = outbox.find(id).orElseThrow();
    assertThat(dropped.droppedAt()).contains(now);
    assertThat(dropped.sentAt()).isEmpty();
    assertThat(dropped.attempts()).isZero();
    assertThat(dropped.lastError()).contains("nothing to send");
  }

  @Test
  void concurrentClaimersClaimEachMessageExactlyOnce() throws Exception {
    List<Long> enqueued = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      enqueued.add(outbox.enqueue("k", "user" + i + "@example.org", now).id());
    }

    List<List<Long>> claims =
        Parallel.run(
            8,
            index -> {
              List<Long> mine = new ArrayList<>();
              List<OutboxMessage> batch;
              while (!(batch = outbox.claimDue(now, LEASE, 3)).isEmpty()) {
                batch.forEach(message -> mine.add(message.id()));
              }
              return mine;
            });

    List<Long> all = claims.stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(50).doesNotHaveDuplicates();
    assertThat(all).containsExactlyInAnyOrderElementsOf(enqueued);
  }

  @Test
  void deleteFinishedBeforeRemovesOnlyOldFinishedMessages() {
    long oldSent = outbox.enqueue("k", "a@example.org", now).id();
    long oldDropped = outbox.enqueue("k", "b@example.org", now).id();
    long recentSent = outbox.enqueue("k", "c@example.org", now).id();
    long pending = outbox.enqueue("k", "d@example.org", now.minus(Duration.ofDays(30))).id();
    outbox.markSent(oldSent, now.minus(Duration.ofDays(8)));
    outbox.markDropped(oldDropped, now.minus(Duration.ofDays(8)), "nothing to send");
    outbox.markSent(recentSent, now);

    int deleted = outbox.deleteFinishedBefore(now.minus(Duration.ofDays(7)));

    assertThat(deleted).isEqualTo(2);
    assertThat(outbox.find(oldSent)).isEmpty();
    assertThat(outbox.find(oldDropped)).isEmpty();
    assertThat(outbox.find(recentSent)).isPresent();
    assertThat(outbox.find(pending)).isPresent();
  }

  @Test
  void enqueueJoinsTheCallersTransaction() {
    Transactor transactor = new Transactor(database.jdbi());

    assertThatThrownBy(
            () ->
                transactor.inTransaction(
                    () -> {
                      outbox.enqueue("password_reset", "bob@example.org", now);
                      throw new IllegalStateException("the rest of the work failed");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(PendingMail.count(database)).isZero();
    assertThat(outbox.claimDue(now, LEASE, 10)).isEmpty();
  }

  @Test
  void enqueueCommitsWithTheCallersTransaction() {
    Transactor transactor = new Transactor(database.jdbi());

    OutboxMessage message =
        transactor.inTransaction(() -> outbox.enqueue("password_reset", "bob@example.org", now));

    assertThat(outbox.find(message.id())).contains(message);
  }
}
