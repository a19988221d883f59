package io.sre4j.core.event;

import io.sre4j.core.BudgetState;
import java.time.Instant;
import java.util.Objects;

/**
 * An SLO moved from one error-budget policy state to another.
 *
 * @param time when the evaluation saw the change
 * @param service the service's name
 * @param slo the SLO's name
 * @param from the previous state
 * @param to the new state
 * @param budgetRemaining the fraction of budget left, negative when overspent
 * @param reason why, in words
 * @since 0.1
 */
public record BudgetPolicyEvent(
    Instant time, String service, String slo, BudgetState from, BudgetState to,
    double budgetRemaining, String reason) implements SloEvent {

  /** Checks the fields. */
  public BudgetPolicyEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }
}
