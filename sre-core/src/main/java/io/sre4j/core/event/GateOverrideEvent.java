package io.sre4j.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Someone overrode the release gate: releases are allowed until {@code validUntil} whatever the
 * budget says.
 *
 * @param time when
 * @param service the service's name
 * @param reason why, as given
 * @param validUntil when the override lapses
 * @param slos the SLOs the gate judges
 * @param denyReasons what the gate would have said without the override
 * @since 0.1
 */
public record GateOverrideEvent(
    Instant time, String service, String reason, Instant validUntil, List<String> slos,
    List<String> denyReasons) implements SloEvent {

  /** Checks and copies the fields. */
  public GateOverrideEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(validUntil, "validUntil");
    slos = List.copyOf(slos);
    denyReasons = List.copyOf(denyReasons);
  }
}
