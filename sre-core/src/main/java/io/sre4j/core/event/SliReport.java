package io.sre4j.core.event;

import io.sre4j.core.IntervalStats;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One SLO at the end of one interval: what happened in the interval, and where the SLO stands over
 * its whole window.
 *
 * @param time the end of the interval
 * @param service the service's name
 * @param intervalStart the start of the interval
 * @param intervalValid valid events in the interval
 * @param intervalBad bad events in the interval
 * @param latency latency of the interval over every endpoint the SLO covers (percentiles merged
 *     from their histograms, bands summed)
 * @param status the SLO at {@code time}: its compliance window, burn rates, alerts, policy state
 * @since 0.1
 */
public record SliReport(
    Instant time,
    String service,
    Instant intervalStart,
    long intervalValid,
    long intervalBad,
    IntervalStats latency,
    SloStatus status) implements SloEvent {

  /** Checks the fields. */
  public SliReport {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(intervalStart, "intervalStart");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(status, "status");
  }

  /** @return the SLO over its compliance window at {@code time} */
  public SloSnapshot window() {
    return status.window();
  }

  /** @return the SLO's name */
  public String slo() {
    return status.name();
  }

  /** @return good/valid over the interval, 1.0 with no data */
  public double intervalSli() {
    return intervalValid == 0 ? 1.0 : (double) (intervalValid - intervalBad) / intervalValid;
  }
}
