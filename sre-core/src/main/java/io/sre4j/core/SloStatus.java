package io.sre4j.core;

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
 * @param budgetState the error-budget policy state
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
}
