package io.bienvenue.auth;

import io.bienvenue.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a request may send a mail, from counters kept in the database (so every instance
 * shares them): one per email, one per client address. Every request counts, for a registered email
 * or not, so the answer reveals nothing. Counters are keyed by the SHA-256 of what they count.
 * Thread-safe.
 */
final class MailThrottle {

  private final ThrottleStore store;
  private final MailLimits limits;
  private final Clock clock;

  MailThrottle(ThrottleStore store, MailLimits limits, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a request for mail to {@code account} from {@code address}.
   *
   * @throws TooManyAttemptsException without counting it, if either limit is reached
   */
  void admit(String account, String address) {
    Instant now = clock.instant();
    Instant openAfter = now.minus(limits.window());
    String perEmail = Tokens.hash("mail+email\n" + account);
    String perAddress = Tokens.hash("mail+address\n" + address);
    Map<String, ThrottleStore.Counter> counters =
        store.find(List.of(perEmail, perAddress), openAfter);
    Duration wait = Duration.ZERO;
    wait = longer(wait, waitFor(counters.get(perEmail), limits.perEmail(), now));
    wait = longer(wait, waitFor(counters.get(perAddress), limits.perAddress(), now));
    if (!wait.isZero()) {
      throw new TooManyAttemptsException("too many mails asked for", wait);
    }
    store.recordFailure(List.of(perEmail, perAddress), now, openAfter);
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
