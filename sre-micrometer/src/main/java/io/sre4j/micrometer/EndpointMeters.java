package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sre4j.core.EndpointSnapshot;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One endpoint's meters: band totals added up from the completed intervals seen, and the latest
 * snapshot for the percentiles.
 *
 * <p><b>Thread safety:</b> {@link #update} under the binder's lock; meters read the volatile
 * fields from any thread.
 */
final class EndpointMeters {

  private static final String[] PERCENTILES = {"p50", "p90", "p95", "p99", "p999"};
  private static final String[] BANDS = {"fast", "tolerable", "slow"};

  final MeterGroup group;
  private volatile @Nullable EndpointSnapshot snapshot;
  // written under the binder's lock, read by meters from any thread
  private volatile long fast;
  private volatile long tolerable;
  private volatile long slow;
  private @Nullable IntervalStats lastCounted;

  /**
   * @param first the endpoint's first snapshot, for its method and route tags
   * @param tags the binder's tags, on every meter
   * @param binder the binder, whose refresh every meter read goes through
   * @param registries the binder's bound registries
   */
  EndpointMeters(
      EndpointSnapshot first, Tags tags, SloMeterBinder binder, List<MeterRegistry> registries) {
    this.group = new MeterGroup(registries);
    Tags endpointTags = tags.and(TAG_METHOD, first.method()).and(TAG_ROUTE, first.route());
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
