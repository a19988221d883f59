package io.sre4j.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A planned maintenance window: requests inside it are left out of SLIs, budgets and burn rates
 * and counted separately.
 *
 * @param start when it starts
 * @param end when it ends, after {@code start}
 * @param reason why, 1 to 256 characters
 * @param slos the SLOs it applies to; empty for every SLO
 * @since 0.1
 */
public record MaintenanceWindow(Instant start, Instant end, String reason, Set<String> slos) {

  /** Validates the fields. */
  public MaintenanceWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(reason, "reason");
    slos = Set.copyOf(Objects.requireNonNull(slos, "slos"));
    if (!end.isAfter(start)) {
      throw ConfigValues.reject("maintenance end", "after its start " + start, end);
    }
    if (reason.isBlank() || reason.length() > 256) {
      throw ConfigValues.reject("maintenance reason", "1 to 256 characters, not blank", reason);
    }
  }

  /**
   * A window for every SLO.
   *
   * @param start when it starts
   * @param end when it ends
   * @param reason why
   * @return the window
   */
  public static MaintenanceWindow of(Instant start, Instant end, String reason) {
    return new MaintenanceWindow(start, end, reason, Set.of());
  }

  /**
   * @param sloName an SLO's name
   * @return whether this window applies to it
   */
  public boolean appliesTo(String sloName) {
    return slos.isEmpty() || slos.contains(sloName);
  }

  /**
   * @param timeMillis a wall time
   * @return whether {@code start <= time < end}
   */
  public boolean contains(long timeMillis) {
    return start.toEpochMilli() <= timeMillis && timeMillis < end.toEpochMilli();
  }
}
