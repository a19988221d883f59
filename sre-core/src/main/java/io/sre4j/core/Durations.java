package io.sre4j.core;

import java.time.Duration;

/**
 * Durations as sre4j writes them in configuration and logs, for the adapters and the structured
 * log: one parser and one formatter, so every key accepts the same text.
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("log.close-timeout", "1.5s");   // PT1.5S
 * String label = Durations.format(Duration.ofMinutes(90));            // "1h30m"
 * }</pre>
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> a regular-expression match per parse; a small
 * string per format.
 *
 * @since 0.1
 */
public final class Durations {

  private Durations() {}

  /**
   * Parses a duration: a decimal amount and a unit ({@code ns}, {@code us}, {@code ms}, {@code s},
   * {@code m} or {@code min}, {@code h}, {@code d}, {@code w}), such as {@code 800ms}, {@code 1.5s},
   * {@code 5m}, {@code 30d}, {@code 1w}, a compound such as {@code 1h30m}, or ISO-8601 such as
   * {@code PT5M}. Surrounding spaces are
   * ignored; range checks are the caller's.
   *
   * @param key the configuration key, named in the message of a rejection
   * @param text the text
   * @return the duration
   * @throws IllegalArgumentException shaped {@code "<key> must be a duration such as 800ms, 5m, 30d
   *     or PT5M but was <text>"} if {@code text} is not a duration, or if it exceeds 292 years
   */
  public static Duration parse(String key, String text) {
    return ConfigValues.parseDuration(key, text);
  }

  /**
   * Formats a duration as written in configuration and in log field names: {@code 800ms},
   * {@code 5m}, {@code 30d}, compound when no single unit fits ({@code 1h30m}); {@code 0s} for zero.
   * Days are the largest unit. {@link #parse} reads it back.
   *
   * @param duration any duration
   * @return its label, such as {@code 5m}
   */
  public static String format(Duration duration) {
    return ConfigValues.format(java.util.Objects.requireNonNull(duration, "duration"));
  }
}
