package io.sre4j.core.event;

import io.sre4j.core.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A maintenance window was declared, rejected, started or ended.
 *
 * @param time when
 * @param service the service's name
 * @param kind what happened
 * @param window the window
 * @param overBudget for a declaration: the SLOs whose allowed downtime the planned windows would
 *     exceed, each with the figures, such as {@code checkout: 50m planned > 43m12s allowed}; empty
 *     when within budget
 * @since 0.1
 */
public record MaintenanceEvent(
    Instant time, String service, Kind kind, MaintenanceWindow window, List<String> overBudget)
    implements SloEvent {

  /** What happened to the window. */
  public enum Kind {
    /** Accepted, possibly over budget (see {@code overBudget}). */
    DECLARED,
    /** Refused in strict mode because it was over budget. */
    REJECTED,
    /** Became active: requests are left out from now. */
    STARTED,
    /** Stopped being active. */
    ENDED;

    /** @return the name as written in logs */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks and copies the fields. */
  public MaintenanceEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(window, "window");
    overBudget = List.copyOf(overBudget);
  }
}
