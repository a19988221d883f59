package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sre4j.core.EndpointSnapshot.LatencyBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints' latency buckets as one real Prometheus histogram family, {@value
 * SloMeterNames#PROMETHEUS_ENDPOINT_DURATION} ({@code _bucket{le}}, {@code _count}, {@code _sum}),
 * collected at scrape time on a Micrometer {@code PrometheusMeterRegistry}'s Prometheus registry.
 *
 * <p>The only class of this module that touches {@code io.prometheus.*} and {@code
 * io.micrometer.prometheusmetrics.*}, both optional: {@link SloMeterBinder} loads it only after it
 * found, by class name, that the registry it binds to is a {@code PrometheusMeterRegistry}.
 *
 * <p><b>Thread safety:</b> {@link #collect} from any scrape thread; it reads the binder's endpoint
 * meters through the binder. <b>Cost:</b> a scrape allocates one data point per endpoint.
 */
final class PrometheusHistogram implements MultiCollector {

  private final SloMeterBinder binder;
  private final String[] tagNames;
  private final String[] tagValues;

  private PrometheusHistogram(SloMeterBinder binder, Tags tags, NamingConvention naming) {
    this.binder = binder;
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Tag tag : tags) {
      names.add(naming.tagKey(tag.getKey()));
      values.add(naming.tagValue(tag.getValue()));
    }
    this.tagNames = names.toArray(new String[0]);
    this.tagValues = values.toArray(new String[0]);
  }


  /**
   * Registers the histogram of {@code binder}'s endpoints on {@code registry}'s Prometheus
   * registry.
   *
   * @param registry a {@code PrometheusMeterRegistry} ({@link SloMeterBinder#isPrometheus})
   * @param binder the binder whose endpoints it reads
   * @param tags the binder's tags, labels of every data point
   * @return the registered collector
   * @throws ClassCastException if the registry's class comes from another class loader than
   *     this module's Prometheus registry class
   */
  static PrometheusHistogram register(MeterRegistry registry, SloMeterBinder binder, Tags tags) {
    PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) registry;
    PrometheusHistogram histogram =
        new PrometheusHistogram(binder, tags, prometheus.config().namingConvention());
    prometheus.getPrometheusRegistry().register(histogram);
    return histogram;
  }

  @Override
  public MetricSnapshots collect() {
    List<EndpointMeters> endpoints = binder.endpointMetersForScrape();
    if (endpoints.isEmpty()) {
      return new MetricSnapshots();
    }
    HistogramSnapshot.Builder family =
        HistogramSnapshot.builder()
            .name(PROMETHEUS_ENDPOINT_DURATION)
            .unit(Unit.SECONDS)
            .help("Request durations per endpoint: requests at or under each latency bound, their"
                + " count and sum, as of the last completed interval");
    for (EndpointMeters endpoint : endpoints) {
      family.dataPoint(dataPoint(endpoint));
    }
    return new MetricSnapshots(family.build());
  }

  private HistogramDataPointSnapshot dataPoint(EndpointMeters endpoint) {
    LatencyBuckets buckets = endpoint.latencyBuckets();
    List<Duration> bounds = buckets.bounds();
    List<Long> cumulative = buckets.counts();
    int n = bounds.size();
    double[] upper = new double[n + 1];
    long[] counts = new long[n + 1]; // per bucket, not cumulative: the exposition adds them up
    long previous = 0;
    for (int i = 0; i < n; i++) {
      upper[i] = bounds.get(i).toNanos() / 1e9;
      long atOrUnder = i < cumulative.size() ? cumulative.get(i) : buckets.count();
      counts[i] = atOrUnder - previous;
      previous = atOrUnder;
    }
    upper[n] = Double.POSITIVE_INFINITY;
    counts[n] = buckets.count() - previous;
    Labels labels =
        Labels.of(tagNames, tagValues)
            .merge(Labels.of(TAG_METHOD, endpoint.method, TAG_ROUTE, endpoint.route));
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
        .sum(buckets.sumSeconds())
        .build();
  }
}
