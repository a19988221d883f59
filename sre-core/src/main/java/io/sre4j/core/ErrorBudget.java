package io.sre4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Error-budget arithmetic that needs no traffic: what an objective allows over a window.
 *
 * <pre>{@code
 * ErrorBudget.allowedDowntime(0.9999, Duration.ofDays(30)); // PT4M19.2S, 4.32 minutes
 * }</pre>
 *
 * <p><b>Thread safety:</b> stateless.
 *
 * @since 0.1
 */
public final class ErrorBudget {

  private ErrorBudget() {}

  /**
   * The bad fraction an objective allows: {@code 1 − objective}.
   *
   * @param objective the target ratio, in (0,1)
   * @return the allowed bad fraction, in (0,1)
   * @throws IllegalArgumentException if {@code objective} is not in (0,1)
   */
  public static double allowedBadFraction(double objective) {
    return 1.0 - ConfigValues.requireOpenUnitInterval("objective", objective);
  }

  /**
   * The downtime an objective allows over a window: {@code (1 − objective) × window}, to the
   * millisecond (rounded to nearest).
   *
   * @param objective the target ratio, in (0,1)
   * @param window the window, positive
   * @return the allowed downtime
   * @throws IllegalArgumentException if {@code objective} is not in (0,1) or {@code window} is not
   *     positive
   */
  public static Duration allowedDowntime(double objective, Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw ConfigValues.reject("window", "positive", ConfigValues.format(window));
    }
    double millis = window.toMillis() * allowedBadFraction(objective);
    return Duration.ofMillis(Math.round(millis));
  }
}
