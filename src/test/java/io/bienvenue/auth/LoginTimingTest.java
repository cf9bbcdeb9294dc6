package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.auth.failure.InvalidCredentialsException;
import io.bienvenue.auth.password.PasswordHasher;
import io.bienvenue.auth.throttle.ThrottlePolicy;
import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestServices;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No such user" and "wrong password" must not be told apart by the time they take (ASVS 2.2.x,
 * user enumeration). Both run one bcrypt verify at the configured cost; a hash stored at a lower
 * cost (an imported user) spends the difference in extra work, as Django's {@code harden_runtime}
 * does, and one above the cap is not verified at all but answered like a wrong password.
 */
class LoginTimingTest {

  private static final int COST = 8;
  private static final int LOW_COST = 4;
  private static final int ROUNDS = 30;

  @TempDir Path folder;

  @Test
  void unknownEmailAndWrongPasswordTakeAlikeTime() {
    ThrottlePolicy generous = new ThrottlePolicy(1000, 1000, 100, Duration.ofMinutes(1));
    try (TestServices services =
        new TestServices(folder, MutableClock.startingNow(), Lifetimes.DEFAULTS, generous, COST)) {
      Auth auth = services.auth;
      auth.registerUser("known@example.org", "the right password");
      double ratio = unknownOverWrong(auth, "known@example.org", "10.0.0.", "10.0.1.");
      assertThat(ratio).as("median unknown-email / wrong-password time").isBetween(0.75, 1.25);
    }
  }

  @Test
  void aWrongPasswordForALowerCostHashTakesAsLongAsAnUnknownEmail() {
    ThrottlePolicy generous = new ThrottlePolicy(1000, 1000, 100, Duration.ofMinutes(1));
    try (TestServices services =
            new TestServices(
                folder, MutableClock.startingNow(), Lifetimes.DEFAULTS, generous, COST);
        PasswordHasher cheap = new PasswordHasher(LOW_COST, 1, 4, new SecureRandom())) {
      Auth auth = services.auth;
      services.users.addUser("imported@example.org", cheap.hash("the right password"));
      double ratio = unknownOverWrong(auth, "imported@example.org", "10.0.2.", "10.0.3.");
      assertThat(ratio)
          .as("median unknown-email / wrong-password time, stored cost %d of %d", LOW_COST, COST)
          .isBetween(0.75, 1.25);
    }
  }

  @Test
  void theRightPasswordForALowerCostHashLogsInAndIsRehashedAtTheConfiguredCost() {
    try (TestServices services =
            new TestServices(
                folder,
                MutableClock.startingNow(),
                Lifetimes.DEFAULTS,
                ThrottlePolicy.DEFAULTS,
                COST);
        PasswordHasher cheap = new PasswordHasher(LOW_COST, 1, 4, new SecureRandom())) {
      services.users.addUser("imported@example.org", cheap.hash("the right password"));

      services.auth.logIn("imported@example.org", "the right password", "10.0.4.1");

      String stored =
          services.users.findByEmail("imported@example.org").orElseThrow().hashedPassword();
      assertThat(stored).startsWith("$2b$0" + COST + "$");
      assertThat(services.hasher.verify("the right password", stored)).isTrue();
    }
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHashAboveTheCapIsNeverVerifiedAndAnswersLikeAWrongPasswordAtOnce() {
    try (TestServices services =
        new TestServices(
            folder,
            MutableClock.startingNow(),
            Lifetimes.DEFAULTS,
            ThrottlePolicy.DEFAULTS,
            COST)) {
      // A well-formed cost-31 string planted in the database: verifying it would take days.
      String cost31 = "$2b$31$" + "abcdefghijklmnopqrstuv" + "0123456789012345678901234567890";
      services.users.addUser("heavy@example.org", cost31);

      long start = System.nanoTime();
      assertThatThrownBy(() -> services.auth.logIn("heavy@example.org", "a guess", "10.0.5.1"))
          .isInstanceOf(InvalidCredentialsException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  /**
   * The median time of a wrong-password login for an unknown email over that for {@code known},
   * over {@link #ROUNDS} of each after five that warm the JIT up; each login comes from an address
   * of its own under {@code unknownNet} or {@code knownNet}, so the throttle never steps in.
   */
  private static double unknownOverWrong(
      Auth auth, String known, String unknownNet, String knownNet) {
    List<Long> unknown = new ArrayList<>();
    List<Long> wrong = new ArrayList<>();
    for (int i = 0; i < ROUNDS + 5; i++) {
      long a = time(auth, "nobody" + i + "@example.org", unknownNet + i);
      long b = time(auth, known, knownNet + i);
      if (i >= 5) {
        unknown.add(a);
        wrong.add(b);
      }
    }
    return (double) median(unknown) / median(wrong);
  }

  private static long time(Auth auth, String email, String address) {
    long start = System.nanoTime();
    assertThatThrownBy(() -> auth.logIn(email, "a wrong password", address))
        .isInstanceOf(InvalidCredentialsException.class);
    return System.nanoTime() - start;
  }

  private static long median(List<Long> samples) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
