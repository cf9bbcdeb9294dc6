package io.bienvenue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CalibrateCommandTest {

  private static final Pattern TIMED = Pattern.compile("cost (\\d+) +([\\d.]+) ms");
  private static final Pattern CHOSEN = Pattern.compile("--bcrypt-cost (\\d+) ");

  private final Cli cli = new Cli();

  @Test
  void theChosenCostIsTheFirstWhoseVerifyReachesTheTarget() {
    assertThat(cli.run("calibrate", "--target", "20ms", "--samples", "1")).isZero();

    List<Timed> timed = new ArrayList<>();
    Matcher line = TIMED.matcher(cli.out());
    while (line.find()) {
      timed.add(new Timed(Integer.parseInt(line.group(1)), Double.parseDouble(line.group(2))));
    }
    Matcher chosen = CHOSEN.matcher(cli.out());
    assertThat(chosen.find()).as(cli.out()).isTrue();
    int cost = Integer.parseInt(chosen.group(1));
    Timed last = timed.get(timed.size() - 1);
    assertThat(last.cost()).isEqualTo(cost);
    assertThat(last.millis()).isGreaterThanOrEqualTo(20.0);
    // The ones before it were under the target (printed to a tenth of a millisecond).
    assertThat(timed.subList(0, timed.size() - 1))
        .allSatisfy(earlier -> assertThat(earlier.millis()).isLessThan(20.05));
  }

  private record Timed(int cost, double millis) {}

  @Test
  void neverRecommendsLessThanCostTen() {
    assertThat(cli.run("calibrate", "--target", "1ms", "--samples", "1")).isZero();

    assertThat(cli.out())
        .contains("cost 10")
        .contains("--bcrypt-cost 10 ")
        .doesNotContain("cost  9");
  }

  @Test
  void anUnusableTargetIsRefused() {
    assertThat(cli.run("calibrate", "--target", "0s")).isEqualTo(2);
    assertThat(cli.err()).contains("--target");
    assertThat(cli.run("calibrate", "--samples", "0")).isEqualTo(2);
    assertThat(cli.err()).contains("--samples");
  }
}
