package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.EndpointSnapshot.LatencyBuckets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's meters: band totals added up from the completed intervals seen, the latest
 * snapshot for the percentiles, and the core's cumulative latency buckets: on a Prometheus registry
 * read by {@link PrometheusHistogram} (one real histogram), on any other a function timer ({@code
 * _count}, {@code _sum}) and one counter per bucket bound ({@code bound}).
 *
 * <p><b>Thread safety:</b> {@link #update} under the binder's lock; meters read the volatile
 * fields from any thread.
 */
final class EndpointMeters {

  private static final String[] PERCENTILES = {"p50", "p90", "p95", "p99", "p999"};
  private static final String[] BANDS = {"fast", "tolerable", "slow"};

  final MeterGroup group;
  final String method;
  final String route;
  private volatile @Nullable EndpointSnapshot snapshot;
  // written under the binder's lock, read by meters from any thread
  private volatile long fast;
  private volatile long tolerable;
  private volatile long slow;
  private @Nullable IntervalStats lastCounted;
  private volatile LatencyBuckets buckets;

  /**
   * @param first the endpoint's first snapshot, for its method and route tags
   * @param tags the binder's tags, on every meter
   * @param binder the binder, whose refresh every meter read goes through
   * @param registries the binder's bound registries
   */
  EndpointMeters(
      EndpointSnapshot first, Tags tags, SloMeterBinder binder, List<MeterRegistry> registries) {
    this.group = new MeterGroup(registries);
    this.method = first.method();
    this.route = first.route();
    Tags endpointTags = tags.and(TAG_METHOD, first.method()).and(TAG_ROUTE, first.route());
    this.buckets = first.buckets();
    group.add(
        registry ->
            binder.exportsHistogram(registry) ? null : FunctionTimer.builder(
                    DEFAULT_ENDPOINT_DURATION,
                    this,
                    meters -> (long) binder.read(() -> meters.buckets.count()),
                    meters -> binder.read(() -> meters.buckets.sumSeconds()),
                    TimeUnit.SECONDS)
                .tags(endpointTags)
                .description("Requests and the sum of their durations, as of the last completed"
                    + " interval")
                .register(registry));
    List<Duration> bounds = first.buckets().bounds();
    for (int i = 0; i <= bounds.size(); i++) {
      int bucket = i;
      String le = i == bounds.size() ? "+Inf" : le(bounds.get(i));
      group.add(
          registry ->
              binder.exportsHistogram(registry) ? null : FunctionCounter.builder(
                      DEFAULT_ENDPOINT_DURATION_BUCKETS,
                      this,
                      meters -> binder.read(() -> meters.bucket(bucket)))
                  .tags(endpointTags.and(TAG_BOUND, le))
                  .description("Requests at or under each latency bound (in seconds), as of"
                      + " the last completed interval: a cumulative histogram")
                  .register(registry));
    }
    for (String band : BANDS) {
      group.add(
          registry ->
              FunctionCounter.builder(
                      DEFAULT_ENDPOINT_REQUESTS,
                      this,
                      meters -> binder.read(() -> meters.band(band)))
                  .tags(endpointTags.and(TAG_BAND, band))
                  .baseUnit(UNIT_REQUESTS)
                  .description("Requests in each latency band, over the completed intervals")
                  .register(registry)); // weakly held, like the SLO counters
    }
    for (int i = 0; i < PERCENTILES.length; i++) {
      int percentile = i;
      group.add(
          registry ->
              Gauge.builder(
                      DEFAULT_ENDPOINT_LATENCY,
                      this,
                      meters -> binder.read(() -> meters.percentileSeconds(percentile)))
                  .tags(endpointTags.and(TAG_PERCENTILE, PERCENTILES[percentile]))
                  .baseUnit(UNIT_SECONDS)
                  .description(
                      "Latency percentile of the latest completed interval; NaN when it had no"
                          + " request")
                  .strongReference(true)
                  .register(registry));
    }
  }

  void update(EndpointSnapshot next) {
    List<IntervalStats> intervals = next.intervals();
    int from = 0;
    if (lastCounted != null) {
      from = intervals.lastIndexOf(lastCounted) + 1; // 0 when it left the trend: count them all
    }
    long addFast = 0;
    long addTolerable = 0;
    long addSlow = 0;
    for (int i = from; i < intervals.size(); i++) {
      IntervalStats stats = intervals.get(i);
      addFast += stats.fast();
      addTolerable += stats.tolerable();
      addSlow += stats.slow();
    }
    fast += addFast;
    tolerable += addTolerable;
    slow += addSlow;
    if (!intervals.isEmpty()) {
      lastCounted = intervals.get(intervals.size() - 1);
    }
    snapshot = next;
    buckets = next.buckets();
  }

  /** The cumulative buckets as of the last update, for the Prometheus histogram. */
  LatencyBuckets latencyBuckets() {
    return buckets;
  }

  /** Requests at or under bound {@code bucket}, or all of them past the last bound. */
  double bucket(int bucket) {
    LatencyBuckets current = buckets;
    return bucket < current.counts().size() ? current.counts().get(bucket) : current.count();
  }

  /** A bound in seconds as Prometheus writes {@code le}: {@code 0.3}, {@code 1.0}, {@code 2.5}. */
  static String le(Duration bound) {
    String seconds = BigDecimal.valueOf(bound.toNanos(), 9).stripTrailingZeros().toPlainString();
    return seconds.contains(".") ? seconds : seconds + ".0";
  }

  double band(String band) {
    return switch (band) {
      case "fast" -> fast;
      case "tolerable" -> tolerable;
      default -> slow;
    };
  }

  double percentileSeconds(int percentile) {
    EndpointSnapshot current = snapshot;
    IntervalStats latest = current == null ? null : current.latest().orElse(null);
    if (latest == null || latest.noData()) {
      return Double.NaN;
    }
    long nanos =
        switch (percentile) {
          case 0 -> latest.p50Nanos();
          case 1 -> latest.p90Nanos();
          case 2 -> latest.p95Nanos();
          case 3 -> latest.p99Nanos();
          default -> latest.p999Nanos();
        };
    return nanos / 1e9;
  }
}
