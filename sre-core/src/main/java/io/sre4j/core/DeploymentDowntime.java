package io.sre4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One deployment's declared downtime as one SLO saw it: expected against actual, once it ended
 * ({@link SloPolicy#deployments()}).
 *
 * <p>The declared downtime is planned like a maintenance window: requests inside it are left out
 * of the SLO's figures and counted apart. What is measured inside it: the requests left out, those
 * that would have been bad, and the <em>actual downtime</em>, the time of the window weighted by
 * the share of its requests that failed (each tick's span, so within one tick): 2 minutes of full
 * outage in a 5-minute window are 2 minutes. Maintenance windows overlapping it are measured with
 * it; a restart during it measures from the restart.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param version the version deployed
 * @param time when it went live
 * @param expectedDowntime the downtime declared
 * @param ended when its downtime ended, once it has; the figures below are final then
 * @param requests requests left out inside it
 * @param badEvents of those, the ones that would have been bad
 * @param actualDowntime the equivalent full downtime measured inside it
 * @param budgetCost what those bad events would have cost the SLO's budget, as a fraction of the
 *     budget the window would have had with the requests left out counted ({@code badEvents /
 *     ((validEvents + requests) × (1 − budgetObjective) + extraAllowance)}), or by time slices
 *     {@code actualDowntime / allowedBadTime}; 0 with no budget to compare with
 * @param burnSinceDeployment the burn rate since the deployment when its downtime ended
 * @since 0.3
 */
public record DeploymentDowntime(
    String version,
    Instant time,
    Duration expectedDowntime,
    Optional<Instant> ended,
    long requests,
    long badEvents,
    Duration actualDowntime,
    double budgetCost,
    double burnSinceDeployment) {

  /** Checks the fields. */
  public DeploymentDowntime {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(expectedDowntime, "expectedDowntime");
    Objects.requireNonNull(ended, "ended");
    Objects.requireNonNull(actualDowntime, "actualDowntime");
  }

  /** @return whether the measured downtime exceeded the declared one */
  public boolean overran() {
    return actualDowntime.compareTo(expectedDowntime) > 0;
  }
}
