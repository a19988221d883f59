package io.sre4j.core.event;

import java.time.Instant;

/**
 * Something that happened to the service's SLOs, delivered to {@link SloListener}s: a report at
 * the end of each interval, and (as the model grows) alerts, maintenance, deployments, policy
 * changes and gate overrides.
 *
 * <p>Events are immutable values, created only when at least one listener is registered.
 *
 * @since 0.1
 */
public sealed interface SloEvent
    permits SliReport, AlertEvent, BudgetPolicyEvent, DeploymentEvent, GateOverrideEvent,
        MaintenanceEvent {

  /** @return when it happened (wall time) */
  Instant time();

  /** @return the service's name */
  String service();
}
