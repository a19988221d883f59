package io.sre4j.core.event;

import io.sre4j.core.AlertReading;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An alert of one severity started or stopped firing for an SLO. Each alert fires once and
 * resolves once: no event repeats while its state holds.
 *
 * @param time when the evaluation saw the change
 * @param service the service's name
 * @param slo the SLO's name
 * @param severity such as {@code page} or {@code ticket}
 * @param firing true when it started firing, false when it resolved
 * @param since when it started firing (equal to {@code time} for a firing event)
 * @param readings the severity's rules with their burn rates at {@code time}
 * @since 0.1
 */
public record AlertEvent(
    Instant time,
    String service,
    String slo,
    String severity,
    boolean firing,
    Instant since,
    List<AlertReading> readings) implements SloEvent {

  /** Checks and copies the fields. */
  public AlertEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(since, "since");
    readings = List.copyOf(readings);
  }

  /** @return {@code firing} or {@code resolved}, as written in logs */
  public String state() {
    return firing ? "firing" : "resolved";
  }
}
