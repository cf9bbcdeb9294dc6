import io.bienvenue.auth.PasswordHasher;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Times one bcrypt verify on one thread through the service's own {@link PasswordHasher}
 * (so with the library the service uses), for bench/run's bcrypt-bound limit.
 *
 * <p>Usage: {@code java -cp target/bienvenue.jar bench/tools/BcryptVerify.java COST SAMPLES}.
 * Two verifies warm the JIT first; prints the median of SAMPLES verifies in milliseconds.
 */
public final class BcryptVerify {

  public static void main(String[] args) {
    int cost = Integer.parseInt(args[0]);
    int samples = Integer.parseInt(args[1]);
    String password = "bench-password-1";
    double[] millis = new double[samples];
    try (PasswordHasher hasher = new PasswordHasher(cost, 1, 1, new SecureRandom())) {
      String hash = hasher.hash(password);
      for (int i = 0; i < 2; i++) {
        check(hasher.verify(password, hash));
      }
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        check(hasher.verify(password, hash));
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(millis);
    double median =
        samples % 2 == 1
            ? millis[samples / 2]
            : (millis[samples / 2 - 1] + millis[samples / 2]) / 2;
    System.out.printf("%.3f%n", median);
  }

  private static void check(boolean verified) {
    if (!verified) {
      throw new IllegalStateException("the right password did not verify");
    }
  }
}
