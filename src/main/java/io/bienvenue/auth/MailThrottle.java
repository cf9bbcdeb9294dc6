package io.bienvenue.auth;

import io.bienvenue.store.ThrottleStore;
import io.bienvenue.user.Email;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an unauthenticated request may send a mail, from counters kept in the database
 * (so every instance shares them): one per mailbox ({@link Email#mailbox}: case and {@code +tag}
 * left out), one per client address, and one for the whole service. Every request counts, for a
 * registered email or not, so the answer reveals nothing. Counters are keyed by the SHA-256 of what
 * they count. Thread-safe.
 */
final class MailThrottle {

  private static final String OVERALL = Tokens.hash("mail+overall");

  private final ThrottleStore store;
  private final MailLimits limits;
  private final Clock clock;

  MailThrottle(ThrottleStore store, MailLimits limits, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a request for mail to {@code email} from {@code address}.
   *
   * @throws TooManyAttemptsException without counting it, if any limit is reached
   */
  void admit(String email, String address) {
    Instant now = clock.instant();
    Instant openAfter = now.minus(limits.window());
    String perMailbox = Tokens.hash("mail+email\n" + Email.mailbox(email));
    String perAddress = Tokens.hash("mail+address\n" + address);
    Map<String, ThrottleStore.Counter> counters =
        store.find(List.of(perMailbox, perAddress, OVERALL), openAfter);
    Duration wait = Duration.ZERO;
    wait = longer(wait, waitFor(counters.get(perMailbox), limits.perEmail(), now));
    wait = longer(wait, waitFor(counters.get(perAddress), limits.perAddress(), now));
    wait = longer(wait, waitFor(counters.get(OVERALL), limits.overall(), now));
    if (!wait.isZero()) {
      throw new TooManyAttemptsException("too many mails asked for", wait);
    }
    store.recordFailure(List.of(perMailbox, perAddress, OVERALL), now, openAfter);
  }

  private Duration waitFor(ThrottleStore.Counter counter, int max, Instant now) {
    if (counter == null || counter.failures() < max) {
      return Duration.ZERO;
    }
    return Duration.between(now, counter.windowStart().plus(limits.window()));
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
