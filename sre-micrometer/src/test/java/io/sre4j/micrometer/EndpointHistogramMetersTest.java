package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The endpoint histogram as Prometheus scrapes it: a counter per bound (label {@code bound}) (the SLO's
 * threshold among them), {@code +Inf} equal to {@code _count}, moving when an interval closes; and
 * the rules' fleet percentile records.
 */
final class EndpointHistogramMetersTest {

  private static final long MS = 1_000_000L;

  @Test
  void scrapeHasCumulativeBucketsCountAndSumAsOfTheLastClosedInterval() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SloRegistry slos = SloRegistry.builder().manualTick().clock(clock)
        .latencyBuckets(List.of(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .slo(SloSpec.builder("lat").sli(Sli.latency(Duration.ofMillis(250))).build())
        .build()) {
      Endpoint endpoint = slos.endpoint("GET", "/a");
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(prometheus);
      endpoint.record(200, 100 * MS);
      endpoint.record(200, 250 * MS);
      endpoint.record(200, 250 * MS + 1);
      endpoint.record(500, 3_000 * MS);

      String before = prometheus.scrape();
      assertThat(before).contains(
          "# TYPE sre4j_endpoint_duration_seconds histogram",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"+Inf\"} 0",
          "sre4j_endpoint_duration_seconds_count{method=\"GET\",route=\"/a\"} 0");
      // one family: no bound-labelled counters, no function timer beside the histogram
      assertThat(before).doesNotContain("buckets_total", "bound=", "# TYPE sre4j_endpoint_duration_seconds summary");

      clock.advance(Duration.ofSeconds(60));
      slos.tick();
      String scrape = prometheus.scrape();
      assertThat(scrape).contains(
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"0.1\"} 1",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"0.25\"} 2",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"0.4\"} 3",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"0.8\"} 3",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"1.0\"} 3",
          "sre4j_endpoint_duration_seconds_bucket{method=\"GET\",route=\"/a\",le=\"+Inf\"} 4",
          "sre4j_endpoint_duration_seconds_count{method=\"GET\",route=\"/a\"} 4",
          "sre4j_endpoint_duration_seconds_sum{method=\"GET\",route=\"/a\"} 3.600000001");
    } finally {
      prometheus.close();
    }
  }

  @Test
  void otherRegistriesGetTheBucketsAsCountersWithAFunctionTimer() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    try (SloRegistry slos = SloRegistry.builder().manualTick().clock(clock)
        .latencyBuckets(List.of(Duration.ofMillis(100), Duration.ofSeconds(1)))
        .slo(SloSpec.builder("lat").sli(Sli.latency(Duration.ofMillis(250))).build())
        .build()) {
      Endpoint endpoint = slos.endpoint("GET", "/a");
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(simple);
      endpoint.record(200, 100 * MS);
      endpoint.record(200, 250 * MS + 1);
      endpoint.record(500, 3_000 * MS);
      clock.advance(Duration.ofSeconds(60));
      slos.tick();

      assertThat(SloMeterBinder.isPrometheus(simple)).isFalse();
      FunctionCounter threshold = simple.get(SloMeterNames.DEFAULT_ENDPOINT_DURATION_BUCKETS)
          .tags("method", "GET", "route", "/a", "bound", "0.25").functionCounter();
      FunctionCounter inf = simple.get(SloMeterNames.DEFAULT_ENDPOINT_DURATION_BUCKETS)
          .tags("bound", "+Inf").functionCounter();
      FunctionTimer timer = simple.get(SloMeterNames.DEFAULT_ENDPOINT_DURATION).functionTimer();
      assertThat(threshold.count()).isEqualTo(1.0);
      assertThat(inf.count()).isEqualTo(3.0);
      assertThat(timer.count()).isEqualTo(3.0);
    } finally {
      simple.close();
    }
  }

  @Test
  void theHistogramCarriesTheBindersTagsAndIsTheOnlyDurationFamily() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SloRegistry slos = SloRegistry.builder().manualTick().clock(clock)
        .latencyBuckets(List.of(Duration.ofMillis(100)))
        .build()) {
      Endpoint endpoint = slos.endpoint("POST", "/b");
      SloMeterBinder.builder(slos).tags(Tags.of("application", "orders"))
          .refreshInterval(Duration.ZERO).build().bindTo(prometheus);
      endpoint.record(200, 50 * MS);
      clock.advance(Duration.ofSeconds(60));
      slos.tick();

      assertThat(SloMeterBinder.isPrometheus(prometheus)).isTrue();
      assertThat(prometheus.find(SloMeterNames.DEFAULT_ENDPOINT_DURATION).meters()).isEmpty();
      assertThat(prometheus.find(SloMeterNames.DEFAULT_ENDPOINT_DURATION_BUCKETS).meters())
          .isEmpty();
      String scrape = prometheus.scrape();
      assertThat(scrape).contains(
          "sre4j_endpoint_duration_seconds_bucket{application=\"orders\",method=\"POST\","
              + "route=\"/b\",le=\"0.1\"} 1",
          "sre4j_endpoint_duration_seconds_count{application=\"orders\",method=\"POST\","
              + "route=\"/b\"} 1",
          "sre4j_endpoint_duration_seconds_sum{application=\"orders\",method=\"POST\","
              + "route=\"/b\"} 0.05");
      assertThat(scrape.split("# TYPE sre4j_endpoint_duration_seconds ", -1)).hasSize(2);
    } finally {
      prometheus.close();
    }
  }

  @Test
  void leIsWrittenAsPrometheusWritesBounds() {
    assertThat(EndpointMeters.le(Duration.ofMillis(300))).isEqualTo("0.3");
    assertThat(EndpointMeters.le(Duration.ofSeconds(1))).isEqualTo("1.0");
    assertThat(EndpointMeters.le(Duration.ofMillis(2500))).isEqualTo("2.5");
    assertThat(EndpointMeters.le(Duration.ofNanos(1_000))).isEqualTo("0.000001");
  }

  @Test
  void rulesRecordTheFleetPercentilesPerEndpoint() {
    String yaml = PrometheusRules.defaults()
        .render(List.of(SloSpec.builder("a").objective("99.9%").build()));
    for (int percentile : new int[] {50, 90, 99}) {
      assertThat(yaml).contains("      - record: method_route:sre4j_endpoint_duration_seconds:p"
          + percentile + "_rate5m\n"
          + "        expr: histogram_quantile(0." + percentile + ", sum by (le, method, route)"
          + " (rate(sre4j_endpoint_duration_seconds_bucket[5m])))\n");
    }
    assertThat(PrometheusRules.latencyRecord(99))
        .isEqualTo("method_route:sre4j_endpoint_duration_seconds:p99_rate5m");
    assertThatThrownBy(() -> PrometheusRules.latencyRecord(95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percentile must be 50, 90 or 99 but was 95");
  }
}
