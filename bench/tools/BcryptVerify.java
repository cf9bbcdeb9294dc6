import java.util.Arrays;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Times one bcrypt verify on one thread with the library the service uses (Spring Security's
 * {@code BCrypt.checkpw}), for bench/run's bcrypt-bound limit.
 *
 * <p>Usage: {@code java -cp target/bienvenue.jar bench/tools/BcryptVerify.java COST SAMPLES}.
 * Two verifies warm the JIT first; prints the median of SAMPLES verifies in milliseconds.
 */
public final class BcryptVerify {

  public static void main(String[] args) {
    int cost = Integer.parseInt(args[0]);
    int samples = Integer.parseInt(args[1]);
    String password = "bench-password-1";
    String hash = BCrypt.hashpw(password, BCrypt.gensalt("$2b", cost));
    for (int i = 0; i < 2; i++) {
      check(BCrypt.checkpw(password, hash));
    }
    double[] millis = new double[samples];
    for (int i = 0; i < samples; i++) {
      long start = System.nanoTime();
      check(BCrypt.checkpw(password, hash));
      millis[i] = (System.nanoTime() - start) / 1e6;
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
