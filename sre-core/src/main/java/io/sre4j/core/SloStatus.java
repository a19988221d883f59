package io.sre4j.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything known about one SLO at one moment: its window figures, burn rates, alerts, policy
 * state, maintenance and the last deployment.
 *
 * @param window the SLO over its compliance window
 * @param burnRates the burn rate over each lookback the alert rules use, shortest first
 * @param alerts each rule's reading at the last evaluation
 * @param firing the severities firing since the last evaluation, such as {@code page}
 * @param budgetState the error-budget policy state of {@code window}'s budget: {@code EXHAUSTED}
 *     whenever {@code window.budgetRemaining()} is at or under zero, never a state left over from
 *     the last evaluation (a page alert firing since then still makes it {@code AT_RISK})
 * @param maintenanceEvents requests left out because a maintenance window was active, in the
 *     compliance window
 * @param inMaintenance whether a maintenance window is active now
 * @param lastDeployment the last deployment marker, if any
 * @param sinceDeployment the burn rate since that deployment (edge error one bucket), if any
 * @param rollbackAdvised whether the burn since the last deployment reached the page factor within
 *     the rollback period after it
 * @param totalValidEvents valid events since the SLO was registered; monotonic, for counters that
 *     a fleet sums across instances
 * @param totalBadEvents bad events since the SLO was registered; monotonic
 * @param exhaustion the exhaustion forecast over each of {@link #FORECAST_LOOKBACKS} (1 h, then 6
 *     h): when the error budget runs out if the burn rate of that lookback goes on; see {@link
 *     Exhaustion}. Empty from {@link #of} and the 12-argument constructor.
 * @param noData whether none of the alert rules' short windows holds a valid event, so that no
 *     burn-rate alert can fire (a service without traffic is not shown as healthy by its SLI
 *     alone); true whenever {@code window} has no data
 * @param alertsSuppressedLowTraffic how many times an alert of some severity would have fired but
 *     for the low-traffic guard (every rule of the severity that reached its factor over both
 *     windows had fewer than the minimum valid events in its long window), counted once per
 *     stretch of evaluations in which it is so, since the registry was built; monotonic, not kept
 *     across restarts
 * @since 0.1
 */
public record SloStatus(
    SloSnapshot window,
    List<BurnRate> burnRates,
    List<AlertReading> alerts,
    Set<String> firing,
    BudgetState budgetState,
    long maintenanceEvents,
    boolean inMaintenance,
    Optional<Deployment> lastDeployment,
    Optional<BurnRate> sinceDeployment,
    boolean rollbackAdvised,
    long totalValidEvents,
    long totalBadEvents,
    List<Exhaustion> exhaustion,
    boolean noData,
    long alertsSuppressedLowTraffic) {

  /**
   * The lookbacks of the exhaustion forecast, shortest first: 1 h and 6 h.
   *
   * @since 0.3
   */
  public static final List<Duration> FORECAST_LOOKBACKS =
      List.of(Duration.ofHours(1), Duration.ofHours(6));

  /** Copies the collections. */
  public SloStatus {
    Objects.requireNonNull(window, "window");
    exhaustion = List.copyOf(exhaustion);
    burnRates = List.copyOf(burnRates);
    alerts = List.copyOf(alerts);
    firing = Set.copyOf(firing);
    Objects.requireNonNull(budgetState, "budgetState");
    Objects.requireNonNull(lastDeployment, "lastDeployment");
    Objects.requireNonNull(sinceDeployment, "sinceDeployment");
  }

  /**
   * A status without forecast: {@code exhaustion} empty, {@code noData} as {@code window}'s and no
   * suppressed alert. For tests and adapters written before the forecast.
   *
   * @param window the SLO over its compliance window
   * @param burnRates the burn rate over each lookback the alert rules use, shortest first
   * @param alerts each rule's reading at the last evaluation
   * @param firing the severities firing since the last evaluation
   * @param budgetState the error-budget policy state
   * @param maintenanceEvents requests left out for maintenance in the compliance window
   * @param inMaintenance whether a maintenance window is active now
   * @param lastDeployment the last deployment marker, if any
   * @param sinceDeployment the burn rate since that deployment, if any
   * @param rollbackAdvised whether a rollback is advised
   * @param totalValidEvents valid events since the SLO was registered
   * @param totalBadEvents bad events since the SLO was registered
   */
  public SloStatus(SloSnapshot window, List<BurnRate> burnRates, List<AlertReading> alerts,
      Set<String> firing, BudgetState budgetState, long maintenanceEvents, boolean inMaintenance,
      Optional<Deployment> lastDeployment, Optional<BurnRate> sinceDeployment,
      boolean rollbackAdvised, long totalValidEvents, long totalBadEvents) {
    this(window, burnRates, alerts, firing, budgetState, maintenanceEvents, inMaintenance,
        lastDeployment, sinceDeployment, rollbackAdvised, totalValidEvents, totalBadEvents,
        List.of(), window.noData(), 0);
  }

  /**
   * The status of an SLO with nothing but its window figures: no burn rate, no alert reading,
   * nothing firing, {@link BudgetState#HEALTHY}, no maintenance, no deployment, and totals equal
   * to the window's valid and bad events. For tests and for adapters that only have a snapshot.
   *
   * @param window the SLO over its compliance window
   * @return the status
   */
  public static SloStatus of(SloSnapshot window) {
    Objects.requireNonNull(window, "window");
    return new SloStatus(window, List.of(), List.of(), Set.of(), BudgetState.HEALTHY, 0, false,
        Optional.empty(), Optional.empty(), false, window.validEvents(), window.badEvents());
  }

  /** @return the SLO's name */
  public String name() {
    return window.name();
  }

  /** @return good events since the SLO was registered; monotonic */
  public long totalGoodEvents() {
    return totalValidEvents - totalBadEvents;
  }

  /** @return whether a page alert is firing */
  public boolean paging() {
    return firing.contains(AlertRule.PAGE);
  }

  /**
   * When the error budget runs out at the burn rate of a lookback, if it does: the time left of
   * {@link #exhaustion()}'s entry for {@code lookback}.
   *
   * <p><b>Cost:</b> a scan of at most two entries; nothing allocated but the result.
   *
   * @param lookback one of {@link #FORECAST_LOOKBACKS}, such as 1 hour
   * @return the time left from {@code window().windowEnd()}; empty when the burn rate over {@code
   *     lookback} is at most 1, the budget is already spent, the SLO is budgeted by time slices,
   *     a calendar period ends first, or {@code lookback} is not forecast
   * @since 0.3
   */
  public Optional<Duration> exhaustion(Duration lookback) {
    Objects.requireNonNull(lookback, "lookback");
    for (Exhaustion forecast : exhaustion) {
      if (forecast.burn().window().equals(lookback)) {
        return forecast.timeLeft();
      }
    }
    return Optional.empty();
  }

  /**
   * The exhaustion forecast over one lookback: how long the error budget left lasts if the burn
   * rate of the lookback goes on, from {@code window().windowEnd()}.
   *
   * <p><b>Model.</b> With {@code r} the budget left ({@link SloSnapshot#budgetRemaining()}) and
   * {@code b} the burn rate over the lookback, both by occurrences:
   *
   * <ul>
   *   <li>a rolling window of length {@code W}: {@code W × r / (b − (1 − r))}, the moment the
   *       events arriving at burn {@code b} outweigh those leaving the window, taking the events
   *       now in it as spread evenly over it. None when {@code b ≤ 1}: the budget then lasts.
   *   <li>a calendar period {@code E} old: {@code E × r / (b − 1)}, traffic going on at the
   *       period's average; none when {@code b ≤ 1} or when the period ends first (its budget
   *       starts afresh).
   *   <li>time slices: none (the burn rate counts events, the budget slices).
   * </ul>
   *
   * None when {@code r ≤ 0} (already spent: {@link BudgetState#EXHAUSTED}). The figure is exact
   * under the model's steady traffic and burn; real traffic moves it at every evaluation.
   *
   * @param burn the burn rate over the lookback, such as 1 hour
   * @param timeLeft the time left until the budget is spent; empty when it is not forecast to be
   * @since 0.3
   */
  public record Exhaustion(BurnRate burn, Optional<Duration> timeLeft) {

    /** Checks the fields. */
    public Exhaustion {
      Objects.requireNonNull(burn, "burn");
      Objects.requireNonNull(timeLeft, "timeLeft");
    }

    /**
     * Forecasts by the model above; by {@link AlertEngine} for each status.
     *
     * <p><b>Cost:</b> a few floating-point operations.
     *
     * @param window the SLO over its compliance window now
     * @param rolling true for a rolling window, false for a calendar period
     * @param burn the burn rate over the lookback
     * @return the forecast
     */
    static Exhaustion of(SloSnapshot window, boolean rolling, BurnRate burn) {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(burn, "burn");
      double r = window.budgetRemaining();
      double b = burn.rate();
      if (window.timeslices() || !(b > 1.0) || !(r > 0.0)) {
        return new Exhaustion(burn, Optional.empty());
      }
      double millis;
      if (rolling) {
        millis = window.windowLength().toMillis() * r / (b - 1.0 + r);
      } else if (window.noData()) {
        return new Exhaustion(burn, Optional.empty()); // no traffic of the period to go on at
      } else {
        long elapsed = window.windowEnd().toEpochMilli() - window.windowStart().toEpochMilli();
        millis = elapsed * r / (b - 1.0);
        if (window.windowEnd().toEpochMilli() + millis
            > window.windowStart().toEpochMilli() + window.windowLength().toMillis()) {
          return new Exhaustion(burn, Optional.empty());
        }
      }
      return new Exhaustion(burn, Optional.of(Duration.ofMillis(Math.round(millis))));
    }
  }

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

  /**
   * One alert rule read at one moment: its two burn rates and whether it holds.
   *
   * @param rule the rule
   * @param longBurn the burn rate over the rule's long window
   * @param shortBurn the burn rate over the rule's short window
   * @param holds whether both reach the factor and the long window has enough traffic
   * @since 0.1
   */
  public record AlertReading(AlertRule rule, BurnRate longBurn, BurnRate shortBurn, boolean holds) {

    /** Checks the fields. */
    public AlertReading {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(longBurn, "longBurn");
      Objects.requireNonNull(shortBurn, "shortBurn");
    }
  }

  /**
   * Where an SLO stands under the error-budget policy.
   *
   * @since 0.1
   */
  public enum BudgetState {
    /** Budget left above the at-risk threshold and no page alert firing. */
    HEALTHY,
    /** Budget left below the at-risk threshold (25 % by default), or a page alert firing. */
    AT_RISK,
    /** No budget left: remaining at or below zero. */
    EXHAUSTED,
    /**
     * Budget left again, but not reviewed: the SLO was exhausted and no review has been recorded
     * since ({@code policy.review-required}, on by default; {@link SloRegistry#recordReview}). The
     * release gate denies.
     *
     * @since 0.3
     */
    REVIEW_REQUIRED;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /**
     * @return the name as written in logs: {@code healthy}, {@code at_risk}, {@code exhausted},
     *     {@code review_required} (made once: every report line writes it)
     */
    public String label() {
      return label;
    }
  }
}
