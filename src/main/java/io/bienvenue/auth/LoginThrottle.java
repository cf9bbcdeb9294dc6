package io.bienvenue.auth;

import io.bienvenue.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a login attempt may run bcrypt at all, from failure counters kept in the database
 * (so every instance shares them). Counters are keyed by the SHA-256 of what they count, so the
 * table holds no email address or IP in clear. Thread-safe.
 */
final class LoginThrottle {

  private final ThrottleStore store;
  private final ThrottlePolicy policy;
  private final Clock clock;

  LoginThrottle(ThrottleStore store, ThrottlePolicy policy, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns how long {@code address} must wait before trying {@code account} again, or empty if it
   * may try now.
   */
  Optional<Duration> retryAfter(String account, String address) {
    Instant now = clock.instant();
    Instant openAfter = now.minus(policy.window());
    List<Limit> limits = limits(account, address);
    Map<String, ThrottleStore.Counter> counters =
        store.find(limits.stream().map(Limit::key).toList(), openAfter);
    Duration wait = Duration.ZERO;
    for (Limit limit : limits) {
      ThrottleStore.Counter counter = counters.get(limit.key());
      if (counter != null && counter.failures() >= limit.max()) {
        Duration left = Duration.between(now, counter.windowStart().plus(policy.window()));
        wait = left.compareTo(wait) > 0 ? left : wait;
      }
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** Counts a failed attempt on every counter it belongs to. */
  void recordFailure(String account, String address) {
    Instant now = clock.instant();
    store.recordFailure(
        limits(account, address).stream().map(Limit::key).toList(),
        now,
        now.minus(policy.window()));
  }

  /**
   * Resets the account's counters after a successful login. The address's own counter stays: an
   * attacker must not be able to wipe it by logging into an account of their own.
   */
  void recordSuccess(String account, String address) {
    store.clear(List.of(accountAndAddress(account, address), accountOnly(account)));
  }

  private List<Limit> limits(String account, String address) {
    return List.of(
        new Limit(accountAndAddress(account, address), policy.perAccountAndAddress()),
        new Limit(addressOnly(address), policy.perAddress()),
        new Limit(accountOnly(account), policy.perAccount()));
  }

  private static String accountAndAddress(String account, String address) {
    return Tokens.hash("account+address\n" + account + "\n" + address);
  }

  private static String addressOnly(String address) {
    return Tokens.hash("address\n" + address);
  }

  private static String accountOnly(String account) {
    return Tokens.hash("account\n" + account);
  }

  private record Limit(String key, int max) {}
}
