package io.bienvenue.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way operators write them: a whole number and a unit ({@code 500ms}, {@code
 * 2s}, {@code 30m}, {@code 12h}, {@code 7d}), or ISO-8601 ({@code PT30M}). Stateless.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException if it is neither form
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write it like 500ms, 2s, 30m, 12h or 7d");
    }
  }

  /**
   * Writes {@code duration} in the short form {@link #parse} reads, in the largest of hours,
   * minutes, seconds and milliseconds that it is a whole number of: {@code 30m}, {@code 24h},
   * {@code 1500ms}. Days are written as hours, as the flags' help does ({@code 24h}, not {@code
   * 1d}).
   *
   * @throws IllegalArgumentException if {@code duration} is negative or not whole milliseconds
   */
  public static String format(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(duration + " is not a whole number of milliseconds");
    }
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
