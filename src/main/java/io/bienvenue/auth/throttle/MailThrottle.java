package io.bienvenue.auth.throttle;

import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ThrottleStore;
import io.bienvenue.user.Email;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an unauthenticated request may send a mail, from counters kept in the database
 * (so every instance shares them): one per mailbox ({@link Email#mailbox}: case and {@code +tag}
 * left out), one per client address, and one for the whole service. Every request counts, for a
 * registered email or not, so the answer reveals nothing. Counters are keyed by the SHA-256 of what
 * they count; an IPv6 client counts by its /64 ({@link AddressBlock}). A request is counted by one
 * atomic reservation ({@link ThrottleStore#countIfUnder}), so requests sent at once cannot pass a
 * limit together. Thread-safe.
 */
public final class MailThrottle {

  private static final String OVERALL = Tokens.hash("mail+overall");

  private final ThrottleStore store;
  private final MailLimits limits;
  private final Clock clock;

  /** Creates the throttle that counts mail in {@code store} by {@code limits}. */
  public MailThrottle(ThrottleStore store, MailLimits limits, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts a request for mail to {@code email} from {@code address}.
   *
   * @throws TooManyAttemptsException without counting it, if any limit is reached
   */
  public void admit(String email, String address) {
    Instant now = clock.instant();
    Map<String, Integer> counters = new LinkedHashMap<>();
    counters.put(Tokens.hash("mail+email\n" + Email.mailbox(email)), limits.perEmail());
    counters.put(Tokens.hash("mail+address\n" + AddressBlock.of(address)), limits.perAddress());
    counters.put(OVERALL, limits.overall());
    List<ThrottleStore.Counter> over =
        store.countIfUnder(counters, now, now.minus(limits.window()));
    if (!over.isEmpty()) {
      throw new TooManyAttemptsException(
          "too many mails asked for", LoginThrottle.untilOpen(over, now, limits.window()));
    }
  }
}
