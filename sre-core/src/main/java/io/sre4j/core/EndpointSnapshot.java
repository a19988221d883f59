package io.sre4j.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One endpoint's latency trend: its last completed intervals, oldest first, plus the values it had
 * to clamp or drop.
 *
 * @param method HTTP method
 * @param route route template
 * @param intervals completed intervals, oldest first; at most the configured trend length
 * @param clampedDurations durations out of range (negative, or over 1 h) that were clamped, ever
 * @param droppedStatuses records with a status outside 100..599 that were dropped, ever
 * @since 0.1
 */
public record EndpointSnapshot(
    String method,
    String route,
    List<IntervalStats> intervals,
    long clampedDurations,
    long droppedStatuses) {

  /** Copies the list. */
  public EndpointSnapshot {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(route, "route");
    intervals = List.copyOf(intervals);
  }

  /** @return the most recent completed interval, if any */
  public Optional<IntervalStats> latest() {
    return intervals.isEmpty() ? Optional.empty() : Optional.of(intervals.get(intervals.size() - 1));
  }
}
