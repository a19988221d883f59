package io.sre4j.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The release gate's answer: may this release go out?
 *
 * @param time when it was decided
 * @param allowed whether the release may go out
 * @param overridden whether it is allowed only because of an override
 * @param reasons why it is (or, when overridden, would be) denied; empty when the SLOs allow it
 * @param notes what is worth knowing but does not deny, such as an SLO at risk
 * @param overrideReason the reason of the override in force, if any
 * @param overrideUntil when the override in force lapses, if any
 * @since 0.1
 */
public record GateDecision(
    Instant time,
    boolean allowed,
    boolean overridden,
    List<String> reasons,
    List<String> notes,
    Optional<String> overrideReason,
    Optional<Instant> overrideUntil) {

  /** Checks and copies the fields. */
  public GateDecision {
    Objects.requireNonNull(time, "time");
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
    Objects.requireNonNull(overrideReason, "overrideReason");
    Objects.requireNonNull(overrideUntil, "overrideUntil");
  }
}
