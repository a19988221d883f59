package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.LatencyBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The cumulative latency buckets of an endpoint: their bounds always hold the band edges and every
 * latency SLO's threshold, a bucket at a threshold counts exactly the requests the SLO calls good,
 * and the counts move when an interval closes.
 */
final class LatencyBucketsTest {

  private static final Instant START = Instant.parse("2027-03-10T12:00:00Z");
  private static final long MS = 1_000_000L;

  @Test
  void boundsAreTheConfiguredOnesPlusBandEdgesAndLatencyThresholds() {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .latencyBuckets(List.of(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1)))
        .latencyBands(Duration.ofMillis(400), Duration.ofMillis(800))
        .slo(SloSpec.builder("fast").sli(Sli.latency(Duration.ofMillis(333))).build())
        .slo(SloSpec.builder("availability").build())
        .build()) {
      registry.endpoint("GET", "/a").record(200, 5 * MS);
      clock.advance(Duration.ofSeconds(60));
      registry.tick();

      LatencyBuckets buckets = registry.endpointSnapshots().get(0).buckets();
      assertThat(buckets.bounds()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(333),
          Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1));
      assertThat(buckets.counts()).containsExactly(1L, 1L, 1L, 1L, 1L);
      assertThat(buckets.count()).isEqualTo(1);
    }
  }

  @Test
  void theDefaultBoundsArePrometheusDefaultsAndTheBandEdges() {
    try (SloRegistry registry = SloRegistry.builder().manualTick().build()) {
      registry.endpoint("GET", "/a");
      assertThat(registry.endpointSnapshots().get(0).buckets().bounds()).containsExactly(
          Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
          Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(400),
          Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofSeconds(1),
          Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
  }

  @Test
  void configuredBucketsAreRead() {
    Sre4jConfig config = Sre4jConfig.from(Map.of("metrics.latency-buckets", "20ms,2s"));
    try (SloRegistry registry = config.applyTo(SloRegistry.builder()).manualTick().build()) {
      registry.endpoint("GET", "/a");
      assertThat(registry.endpointSnapshots().get(0).buckets().bounds()).containsExactly(
          Duration.ofMillis(20), Duration.ofMillis(400), Duration.ofMillis(800),
          Duration.ofSeconds(2));
    }
  }

  /**
   * Durations on both sides of a threshold that is no edge of the recorder's log-linear buckets
   * (333 ms lies inside a 4 ms bucket): the bucket at the threshold counts what the SLI counts
   * good, to the request.
   */
  @Test
  void theBucketAtAThresholdCountsExactlyTheSlisGoodEvents() {
    ManualClock clock = ManualClock.at(START);
    long threshold = 333 * MS;
    assertThat(LatencyLayout.lowest(LatencyLayout.bucket(threshold))).isLessThan(threshold);
    assertThat(LatencyLayout.lowest(LatencyLayout.bucket(threshold + 1))).isLessThan(threshold);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofNanos(threshold))).build())
        .build()) {
      Endpoint endpoint = registry.endpoint("GET", "/a");
      SplittableRandom random = new SplittableRandom(17);
      long atOrUnder = 0;
      for (int i = 0; i < 10_000; i++) {
        long nanos = threshold + random.nextLong(-2 * MS, 2 * MS);
        if (i % 100 == 0) {
          nanos = threshold + (i % 200 == 0 ? 0 : 1); // exactly at, and one nanosecond over
        }
        endpoint.record(200, nanos);
        if (nanos <= threshold) {
          atOrUnder++;
        }
      }
      clock.advance(Duration.ofSeconds(60));
      registry.tick();

      LatencyBuckets buckets = registry.endpointSnapshots().get(0).buckets();
      long atThreshold = buckets.counts().get(buckets.bounds().indexOf(Duration.ofNanos(threshold)));
      SloSnapshot slo = registry.snapshot("latency").orElseThrow();
      assertThat(atThreshold).isEqualTo(atOrUnder);
      assertThat(atThreshold).isEqualTo(slo.validEvents() - slo.badEvents());
      assertThat(buckets.count()).isEqualTo(10_000).isEqualTo(slo.validEvents());
    }
  }

  @Test
  void countsAreCumulativeAndMoveWhenAnIntervalCloses() {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .latencyBuckets(List.of(Duration.ofMillis(100))).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/a");
      endpoint.record(200, 50 * MS);
      endpoint.record(503, 2_000 * MS);
      clock.advance(Duration.ofSeconds(60));
      registry.tick();
      endpoint.record(200, 100 * MS);

      LatencyBuckets closed = registry.endpointSnapshots().get(0).buckets();
      assertThat(closed.counts()).containsExactly(1L, 1L, 1L); // 100ms, 400ms, 800ms
      assertThat(closed.count()).isEqualTo(2);
      assertThat(closed.sumSeconds()).isEqualTo(2.05);

      clock.advance(Duration.ofSeconds(60));
      registry.tick();
      LatencyBuckets next = registry.endpointSnapshots().get(0).buckets();
      assertThat(next.counts()).containsExactly(2L, 2L, 2L);
      assertThat(next.count()).isEqualTo(3);
      assertThat(next.sumSeconds()).isEqualTo(2.15, org.assertj.core.data.Offset.offset(1e-9));
    }
  }
}
