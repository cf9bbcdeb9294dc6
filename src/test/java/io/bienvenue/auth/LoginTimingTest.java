package io.bienvenue.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bienvenue.testing.MutableClock;
import io.bienvenue.testing.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No such user" and "wrong password" must not be told apart by the time they take (ASVS 2.2.x,
 * user enumeration). Both run one bcrypt verify at the configured cost.
 */
class LoginTimingTest {

  private static final int COST = 8;
  private static final int ROUNDS = 30;

  @TempDir Path folder;

  @Test
  void unknownEmailAndWrongPasswordTakeAlikeTime() {
    ThrottlePolicy generous = new ThrottlePolicy(1000, 1000, 100, Duration.ofMinutes(1));
    try (TestServices services =
        new TestServices(folder, MutableClock.startingNow(), Lifetimes.DEFAULTS, generous, COST)) {
      Auth auth = services.auth;
      auth.registerUser("known@example.org", "the right password");
      List<Long> unknown = new ArrayList<>();
      List<Long> wrong = new ArrayList<>();
      for (int i = 0; i < ROUNDS + 5; i++) {
        long a = time(auth, "nobody" + i + "@example.org", "10.0.0." + i);
        long b = time(auth, "known@example.org", "10.0.1." + i);
        if (i >= 5) { // the first rounds warm the JIT up
          unknown.add(a);
          wrong.add(b);
        }
      }

      double ratio = (double) median(unknown) / median(wrong);
      assertThat(ratio).as("median unknown-email / wrong-password time").isBetween(0.75, 1.25);
    }
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
