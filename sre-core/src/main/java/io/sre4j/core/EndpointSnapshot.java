package io.sre4j.core;

import java.time.Duration;
import java.time.Instant;
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
 * @param buckets cumulative latency bucket counts since the endpoint was created, as of the last
 *     completed interval ({@link LatencyBuckets#none()} when unknown)
 * @since 0.1
 */
public record EndpointSnapshot(
    String method,
    String route,
    List<IntervalStats> intervals,
    long clampedDurations,
    long droppedStatuses,
    LatencyBuckets buckets) {

  /** Copies the list. */
  public EndpointSnapshot {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(buckets, "buckets");
    intervals = List.copyOf(intervals);
  }

  /**
   * A snapshot without bucket counts ({@link LatencyBuckets#none()}).
   *
   * @param method HTTP method
   * @param route route template
   * @param intervals completed intervals, oldest first
   * @param clampedDurations durations that were clamped, ever
   * @param droppedStatuses records with a status outside 100..599 that were dropped, ever
   */
  public EndpointSnapshot(String method, String route, List<IntervalStats> intervals,
      long clampedDurations, long droppedStatuses) {
    this(method, route, intervals, clampedDurations, droppedStatuses, LatencyBuckets.none());
  }

  /**
   * Every request an endpoint recorded since it was created, counted at or under each of a small
   * fixed set of latency bounds, in the Prometheus histogram convention ({@code le}): the bounds
   * of {@code metrics.latency-buckets}, both latency band edges and every latency SLO's threshold,
   * each exact. A request counts at or under a bound when its duration is {@code <=} the bound,
   * the comparison a latency SLO makes, so that at an SLO's threshold the count is exactly the
   * requests the SLO would call fast enough. The counts move when an interval closes (60 s by
   * default), together with {@link IntervalStats}.
   *
   * @param bounds the bounds, increasing
   * @param counts for each bound, requests at or under it (cumulative, so non-decreasing)
   * @param count every request (the {@code +Inf} bucket)
   * @param sumSeconds the sum of their durations, in seconds
   * @since 0.1
   */
  public record LatencyBuckets(List<Duration> bounds, List<Long> counts, long count, double sumSeconds) {

    private static final LatencyBuckets NONE = new LatencyBuckets(List.of(), List.of(), 0, 0);

    /** Copies the lists and checks that there is one count per bound. */
    public LatencyBuckets {
      bounds = List.copyOf(bounds);
      counts = List.copyOf(counts);
      if (bounds.size() != counts.size()) {
        throw new IllegalArgumentException(
            "one count per bound, but " + counts.size() + " counts for " + bounds.size() + " bounds");
      }
    }

    /** @return no bounds and no request */
    public static LatencyBuckets none() {
      return NONE;
    }
  }

  /** @return the most recent completed interval, if any */
  public Optional<IntervalStats> latest() {
    return intervals.isEmpty() ? Optional.empty() : Optional.of(intervals.get(intervals.size() - 1));
  }

  /**
   * Latency of one endpoint over one interval (60 s by default): percentiles, bands and Apdex.
   *
   * <p>Durations are nanoseconds. Count, min, max and mean are exact; each percentile is within
   * 1/128 (0.79 %, under the 1 % bound sre4j promises) of the exact nearest-rank value from 1 µs to
   * 1 h, and within 8 ns below 1 µs (a log-linear histogram of 64 buckets per power of two).
   * Percentiles use the nearest-rank definition. With no request in the interval every figure is 0 and
   * {@link #apdex()} is 1.0.
   *
   * <p>Bands: fast at or under the first edge (400 ms by default), tolerable at or under the second
   * (800 ms), slow above it. Apdex counts fast successes as satisfied and tolerable successes as
   * tolerating; failed requests (5xx or thrown) are frustrated whatever their duration.
   *
   * @param start the interval's start
   * @param end the interval's end
   * @param count requests
   * @param minNanos fastest request
   * @param maxNanos slowest request
   * @param meanNanos arithmetic mean, for completeness; prefer the percentiles
   * @param p50Nanos median
   * @param p90Nanos 90th percentile
   * @param p95Nanos 95th percentile
   * @param p99Nanos 99th percentile
   * @param p999Nanos 99.9th percentile
   * @param fast requests in the fast band
   * @param tolerable requests in the tolerable band
   * @param slow requests in the slow band
   * @param failed requests that failed (5xx or thrown), in any band
   * @param satisfied fast requests that did not fail
   * @param tolerating tolerable requests that did not fail
   * @since 0.1
   */
  public record IntervalStats(
      Instant start,
      Instant end,
      long count,
      long minNanos,
      long maxNanos,
      double meanNanos,
      long p50Nanos,
      long p90Nanos,
      long p95Nanos,
      long p99Nanos,
      long p999Nanos,
      long fast,
      long tolerable,
      long slow,
      long failed,
      long satisfied,
      long tolerating) {

    /** Checks the fields. */
    public IntervalStats {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }

    /**
     * An interval with no request.
     *
     * @param start its start
     * @param end its end
     * @return the empty interval
     */
    public static IntervalStats empty(Instant start, Instant end) {
      return new IntervalStats(start, end, 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return {@code (satisfied + tolerating / 2) / count}, or 1.0 with no request */
    public double apdex() {
      return count == 0 ? 1.0 : (satisfied + tolerating / 2.0) / count;
    }

    /** @return whether no request was recorded */
    public boolean noData() {
      return count == 0;
    }
  }
}
