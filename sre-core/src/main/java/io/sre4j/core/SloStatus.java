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
    long totalBadEvents) {

  /** Copies the collections. */
  public SloStatus {
    Objects.requireNonNull(window, "window");
    burnRates = List.copyOf(burnRates);
    alerts = List.copyOf(alerts);
    firing = Set.copyOf(firing);
    Objects.requireNonNull(budgetState, "budgetState");
    Objects.requireNonNull(lastDeployment, "lastDeployment");
    Objects.requireNonNull(sinceDeployment, "sinceDeployment");
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

    /**
     * @return the name as written in logs: {@code healthy}, {@code at_risk}, {@code exhausted},
     *     {@code review_required}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
