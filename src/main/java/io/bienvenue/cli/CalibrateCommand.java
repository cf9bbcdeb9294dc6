package io.bienvenue.cli;

import io.bienvenue.auth.password.BcryptHashes;
import io.bienvenue.auth.password.PasswordHasher;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bienvenue calibrate}: finds the bcrypt cost for {@code --bcrypt-cost} on this machine. It
 * times password verifies through the service's own {@link PasswordHasher}, one thread, from cost
 * {@value #FLOOR} up, and stops at the first cost whose median verify takes at least the target:
 * that cost makes each guess against a stolen hash that expensive, and each login costs one core
 * that long. It never recommends less than {@value #FLOOR}, OWASP's minimum.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Times one bcrypt verify at each cost from "
          + CalibrateCommand.FLOOR
          + " up, on this machine,"
          + " and prints the first cost whose verify takes at least --target: the value for"
          + " --bcrypt-cost. Run it on the machine that will serve, while it is otherwise idle.",
      "Each cost doubles the time of a login (one core for that long) and of every guess an"
          + " attacker makes against a stolen hash."
    },
    sortOptions = false)
final class CalibrateCommand implements Callable<Integer> {

  /** The lowest cost this command recommends (OWASP Password Storage Cheat Sheet: 10). */
  static final int FLOOR = BcryptHashes.MIN_PRODUCTION_COST;

  private static final String PASSWORD = "calibration-password";

  @Option(
      names = "--target",
      defaultValue = "250ms",
      converter = DurationConverter.class,
      description = "The least time one verify should take. Default: ${DEFAULT-VALUE}.")
  Duration target;

  @Option(
      names = "--samples",
      defaultValue = "3",
      description = "Verifies timed at each cost; the median counts. Default: ${DEFAULT-VALUE}.")
  int samples;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (target.isZero() || target.isNegative() || target.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new ParameterException(
          spec.commandLine(), "--target must be more than 0 and at most 1m, not " + target);
    }
    if (samples < 1 || samples > 100) {
      throw new ParameterException(
          spec.commandLine(), "--samples must be from 1 to 100, not " + samples);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "bcrypt verify on one thread, median of %d, target %.1f ms:%n",
        samples, target.toNanos() / 1e6);
    warmUp();
    for (int cost = FLOOR; cost <= BcryptHashes.MAX_COST; cost++) {
      Duration verify = medianVerify(cost);
      out.printf("  cost %2d  %8.1f ms%n", cost, verify.toNanos() / 1e6);
      out.flush();
      if (verify.compareTo(target) >= 0) {
        out.printf(
            "--bcrypt-cost %d (BIENVENUE_BCRYPT_COST=%d): about %.1f logins per second per core%n",
            cost, cost, 1e9 / verify.toNanos());
        return 0;
      }
    }
    spec.commandLine()
        .getErr()
        .printf("even cost %d verifies faster than the target%n", BcryptHashes.MAX_COST);
    return 1;
  }

  /** Lets the JIT compile bcrypt before anything is timed. */
  private static void warmUp() {
    try (PasswordHasher hasher = new PasswordHasher(4, 1, 1, new SecureRandom())) {
      String hash = hasher.hash(PASSWORD);
      for (int i = 0; i < 200; i++) {
        hasher.verify(PASSWORD, hash);
      }
    }
  }

  private Duration medianVerify(int cost) {
    long[] nanos = new long[samples];
    try (PasswordHasher hasher = new PasswordHasher(cost, 1, 1, new SecureRandom())) {
      String hash = hasher.hash(PASSWORD);
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        if (!hasher.verify(PASSWORD, hash)) {
          throw new IllegalStateException("the right password did not verify");
        }
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    return Duration.ofNanos(nanos[samples / 2]);
  }
}
