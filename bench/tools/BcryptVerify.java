import io.bienvenue.auth.password.PasswordHasher;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Times bcrypt verifies through the service's own {@link PasswordHasher} (so with the library the
 * service uses), for bench/run's bcrypt-bound limit: on one thread, or on THREADS threads at once,
 * which shows how well verifies scale across this machine's cores.
 *
 * <p>Usage: {@code java -cp target/bienvenue.jar bench/tools/BcryptVerify.java COST SAMPLES
 * [THREADS]}. Two verifies per thread warm the JIT first; prints the median time of one verify, in
 * milliseconds, over SAMPLES verifies on each thread.
 */
public final class BcryptVerify {

  public static void main(String[] args) throws Exception {
    int cost = Integer.parseInt(args[0]);
    int samples = Integer.parseInt(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String password = "bench-password-1";
    List<Double> millis = new ArrayList<>();
    try (PasswordHasher hasher = new PasswordHasher(cost, threads, threads, new SecureRandom())) {
      String hash = hasher.hash(password);
      ExecutorService callers = Executors.newFixedThreadPool(threads);
      List<Future<double[]>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        runs.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < 2; i++) {
                    check(hasher.verify(password, hash));
                  }
                  double[] times = new double[samples];
                  for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    check(hasher.verify(password, hash));
                    times[i] = (System.nanoTime() - start) / 1e6;
                  }
                  return times;
                }));
      }
      for (Future<double[]> run : runs) {
        for (double time : run.get()) {
          millis.add(time);
        }
      }
      callers.shutdown();
    }
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    System.out.printf("%.3f%n", median);
    System.out.flush();
  }

  private static void check(boolean verified) {
    if (!verified) {
      throw new IllegalStateException("the right password did not verify");
    }
  }
}
