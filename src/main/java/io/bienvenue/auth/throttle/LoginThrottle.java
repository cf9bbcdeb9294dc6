package io.bienvenue.auth.throttle;

import io.bienvenue.auth.failure.TooManyAttemptsException;
import io.bienvenue.auth.token.Tokens;
import io.bienvenue.store.ThrottleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a login attempt may run bcrypt at all, from failure counters kept in the database
 * (so every instance shares them). An attempt is reserved before any work is done for it: each of
 * its counters is raised in the database, and if one would pass its limit nothing is counted and
 * the attempt is refused. So of many attempts sent at once, exactly as many as the limit leaves
 * room for are checked, and the rest are refused without bcrypt. The reservation is the failure
 * count: an attempt that succeeds clears its account's counters, and one that proves to be no guess
 * at all gives its reservation back. Counters are keyed by the SHA-256 of what they count, so the
 * table holds no email address or IP in clear; IPv6 addresses count by their /64 ({@link
 * AddressBlock}). Thread-safe.
 */
public final class LoginThrottle {

  private final ThrottleStore store;
  private final ThrottlePolicy policy;
  private final Clock clock;

  /** Creates the throttle that counts in {@code store} by the limits of {@code policy}. */
  public LoginThrottle(ThrottleStore store, ThrottlePolicy policy, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reserves an attempt at {@code account} from {@code address}, counted as a failure until the
   * caller says otherwise. The caller closes it in a try-with-resources block, after calling {@link
   * Attempt#succeeded()} once the whole request has succeeded; a failed attempt needs no call.
   *
   * @throws TooManyAttemptsException counting nothing, if a limit is reached
   */
  public Attempt begin(String account, String address) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(address, "address");
    Instant now = clock.instant();
    String block = AddressBlock.of(address);
    Map<String, Integer> limits = new LinkedHashMap<>();
    limits.put(accountAndAddress(account, block), policy.perAccountAndAddress());
    limits.put(addressOnly(block), policy.perAddress());
    limits.put(accountOnly(account), policy.perAccount());
    List<ThrottleStore.Counter> over = store.countIfUnder(limits, now, now.minus(policy.window()));
    if (!over.isEmpty()) {
      throw new TooManyAttemptsException(untilOpen(over, now, policy.window()));
    }
    return new Attempt(account, block, List.copyOf(limits.keySet()));
  }

  /**
   * How long until every counter in {@code over}, each with a window of {@code window}, is open.
   */
  static Duration untilOpen(List<ThrottleStore.Counter> over, Instant now, Duration window) {
    Duration wait = Duration.ZERO;
    for (ThrottleStore.Counter counter : over) {
      Duration left = Duration.between(now, counter.windowStart().plus(window));
      wait = left.compareTo(wait) > 0 ? left : wait;
    }
    return wait;
  }

  /**
   * One reserved attempt. Until {@link #succeeded()} or {@link #withdraw()}, it counts as a failed
   * one; closing it without either keeps it counted. Not thread-safe: one request uses it.
   */
  public final class Attempt implements AutoCloseable {

    private final String account;
    private final String block;
    private final List<String> keys;
    private boolean settled;

    private Attempt(String account, String block, List<String> keys) {
      this.account = account;
      this.block = block;
      this.keys = keys;
    }

    /**
     * The whole request succeeded: the account's counters are cleared. The address's own counter
     * only gets this attempt back, so that an attacker cannot wipe it by logging into an account of
     * their own.
     */
    public void succeeded() {
      if (!settled) {
        settled = true;
        store.clear(List.of(accountAndAddress(account, block), accountOnly(account)));
        store.release(List.of(addressOnly(block)));
      }
    }

    /**
     * The attempt was no guess (the password was right but the request stopped short of success for
     * another reason, such as a second factor still to come): it is not counted, and nothing is
     * cleared.
     */
    public void withdraw() {
      if (!settled) {
        settled = true;
        store.release(keys);
      }
    }

    /** Leaves the attempt counted as a failure unless it was settled otherwise. */
    @Override
    public void close() {
      settled = true;
    }
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
}
