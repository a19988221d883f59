package io.sre4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast an SLO spends its error budget over one lookback: {@code (bad / valid) / (1 − objective)}.
 * 1.0 spends the budget exactly over the window; 14.4 spends 2 % of a 30-day budget in an hour. No
 * data gives 0.
 *
 * @param window the lookback
 * @param validEvents valid events in it
 * @param badEvents bad events in it, at most {@code validEvents}
 * @param rate the burn rate, 0 with no data
 * @since 0.1
 */
public record BurnRate(Duration window, long validEvents, long badEvents, double rate) {

  /** Checks the fields. */
  public BurnRate {
    Objects.requireNonNull(window, "window");
  }

  /**
   * Computes a burn rate.
   *
   * @param window the lookback
   * @param validEvents valid events in it
   * @param badEvents bad events in it
   * @param objective the SLO's objective, in (0,1)
   * @return the burn rate
   */
  public static BurnRate of(Duration window, long validEvents, long badEvents, double objective) {
    long bad = Math.min(badEvents, validEvents);
    double rate = validEvents == 0 ? 0.0 : ((double) bad / validEvents) / (1.0 - objective);
    return new BurnRate(window, validEvents, bad, rate);
  }

  /** @return the window as written in configuration, such as {@code 5m} */
  public String windowLabel() {
    return ConfigValues.format(window);
  }
}
