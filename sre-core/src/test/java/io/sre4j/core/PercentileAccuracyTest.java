package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Percentiles, min, max, mean and count of one interval against an exact nearest-rank computation
 * over the same values (the value at index {@code ceil(p × n) − 1} of the sorted list).
 */
final class PercentileAccuracyTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final int N = 100_000;
  private static final long MS = 1_000_000L;
  private static final long HOUR = Endpoint.MAX_DURATION_NANOS;

  /** Name and a generator of N durations in nanoseconds, each within 0..1 h. */
  static Stream<Arguments> distributions() {
    return Stream.of(
        distribution("uniform 1ms..2s", random -> () -> MS + random.nextLong(2_000 * MS - MS + 1)),
        distribution("log-normal around 50ms", random -> () ->
            Math.round(Math.exp(Math.log(50.0 * MS) + 0.6 * random.nextGaussian()))),
        // exactly 90 % fast and 10 % slow: p90 must be the slowest fast value, p95 a slow one
        distribution("bimodal 90% fast / 10% slow", random -> {
          int[] index = {0};
          return () -> index[0]++ < N * 9 / 10
              ? 2 * MS + random.nextLong(8 * MS)
              : 1_500 * MS + random.nextLong(1_500 * MS);
        }),
        distribution("exponential, mean 100ms", random -> () ->
            Math.round(-100.0 * MS * Math.log(1.0 - random.nextDouble()))),
        distribution("constant 123.456789ms", random -> () -> 123_456_789L),
        distribution("heavy tail (Pareto) up to 1h", random -> () -> {
          double pareto = 1.0 * MS / Math.pow(1.0 - random.nextDouble(), 1.0 / 1.1);
          return random.nextInt(1_000) == 0 ? HOUR : Math.min(HOUR, Math.round(pareto));
        }),
        distribution("sub-millisecond 0..1ms", random -> () -> random.nextLong(MS)),
        distribution("sub-microsecond and seconds", random -> () ->
            random.nextBoolean()
                ? random.nextLong(1_000)
                : 1_000 * MS + random.nextLong(1_000 * MS)));
  }

  private static Arguments distribution(
      String name, Function<SplittableRandom, LongSupplier> generator) {
    LongSupplier next = generator.apply(new SplittableRandom(name.hashCode()));
    long[] values = new long[N];
    for (int i = 0; i < N; i++) {
      values[i] = next.getAsLong();
    }
    return Arguments.of(name, values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("distributions")
  void intervalFiguresMatchAnExactNearestRankSortWithinHistogramPrecision(
      String name, long[] values) {
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = SloRegistry.builder().clock(clock).manualTick().build();
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
    for (long value : values) {
      endpoint.record(200, value);
    }
    clock.advance(Duration.ofSeconds(60));
    registry.tick();

    EndpointSnapshot snapshot = registry.endpointSnapshots().get(0);
    assertThat(snapshot.intervals()).hasSize(1);
    IntervalStats stats = snapshot.latest().orElseThrow();

    long[] sorted = values.clone();
    Arrays.sort(sorted);
    assertThat(stats.count()).as(name + " count").isEqualTo(N);
    assertThat(stats.fast() + stats.tolerable() + stats.slow()).as(name + " bands").isEqualTo(N);
    assertThat(stats.failed()).as(name + " failed").isZero();
    assertClose(name + " min", stats.minNanos(), sorted[0]);
    assertClose(name + " max", stats.maxNanos(), sorted[N - 1]);
    assertClose(name + " p50", stats.p50Nanos(), nearestRank(sorted, 50, 100));
    assertClose(name + " p90", stats.p90Nanos(), nearestRank(sorted, 90, 100));
    assertClose(name + " p95", stats.p95Nanos(), nearestRank(sorted, 95, 100));
    assertClose(name + " p99", stats.p99Nanos(), nearestRank(sorted, 99, 100));
    assertClose(name + " p99.9", stats.p999Nanos(), nearestRank(sorted, 999, 1000));
    double exactMean = (double) Arrays.stream(values).sum() / N;
    assertThat(stats.meanNanos())
        .as(name + " mean")
        .isCloseTo(exactMean, within(Math.max(exactMean * 0.001, 1_000.0)));
    assertThat(snapshot.clampedDurations()).isZero();
    assertThat(snapshot.droppedStatuses()).isZero();
  }

  @Test
  void bimodalSplitLandsOnTheNearestRankNotTheNextValue() {
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = SloRegistry.builder().clock(clock).manualTick().build();
    Endpoint endpoint = registry.endpoint("GET", "/split");
    for (int i = 0; i < 900; i++) {
      endpoint.record(200, 10 * MS);
    }
    for (int i = 0; i < 100; i++) {
      endpoint.record(200, 2_000 * MS);
    }
    clock.advance(Duration.ofSeconds(60));
    IntervalStats stats = registry.endpointSnapshots().get(0).latest().orElseThrow();

    // rank ceil(0.9 × 1000) = 900 is the last fast value; rank 901 would be slow
    assertClose("p90", stats.p90Nanos(), 10 * MS);
    assertClose("p95", stats.p95Nanos(), 2_000 * MS);
    assertClose("p50", stats.p50Nanos(), 10 * MS);
  }

  @Test
  void outOfRangeDurationsAreClampedAndCountedAndBadStatusesAreDroppedAndCounted() {
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = SloRegistry.builder()
        .clock(clock)
        .manualTick()
        .slo(SloSpec.builder("availability").build())
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");

    endpoint.record(200, 5 * MS);
    endpoint.record(200, -1);
    endpoint.record(200, Long.MIN_VALUE);
    endpoint.record(200, HOUR); // at the limit: not clamped
    endpoint.record(200, HOUR + 1);
    endpoint.record(503, Long.MAX_VALUE);
    endpoint.recordThrown(-5);
    // dropped: not counted anywhere else, not even as clamped
    endpoint.record(99, 5 * MS);
    endpoint.record(600, 5 * MS);
    endpoint.record(-1, 5 * MS);
    endpoint.record(0, -1);
    endpoint.record(Integer.MAX_VALUE, Long.MAX_VALUE);
    clock.advance(Duration.ofSeconds(60));
    registry.tick();

    EndpointSnapshot snapshot = registry.endpointSnapshots().get(0);
    assertThat(snapshot.clampedDurations()).isEqualTo(5);
    assertThat(snapshot.droppedStatuses()).isEqualTo(5);
    IntervalStats stats = snapshot.latest().orElseThrow();
    assertThat(stats.count()).isEqualTo(7);
    assertThat(stats.minNanos()).isZero();
    assertClose("max", stats.maxNanos(), HOUR);
    assertThat(stats.fast()).as("5ms, three clamped to 0").isEqualTo(4);
    assertThat(stats.tolerable()).isZero();
    assertThat(stats.slow()).as("1h, and two clamped to 1h").isEqualTo(3);
    assertThat(stats.failed()).as("503 and thrown").isEqualTo(2);
    assertThat(stats.satisfied()).isEqualTo(3);

    SloSnapshot availability = registry.snapshot("availability").orElseThrow();
    assertThat(availability.validEvents()).isEqualTo(7);
    assertThat(availability.badEvents()).isEqualTo(2);
    SloSnapshot latency = registry.snapshot("latency").orElseThrow();
    assertThat(latency.validEvents()).as("failures not judged").isEqualTo(5);
    assertThat(latency.badEvents()).as("the 1h and clamped-to-1h successes").isEqualTo(2);
  }

  @Test
  void droppedStatusesAloneLeaveAnEmptyInterval() {
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = SloRegistry.builder()
        .clock(clock)
        .manualTick()
        .slo(SloSpec.builder("availability").build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(99, MS);
    endpoint.record(600, MS);
    endpoint.record(-1, MS);
    clock.advance(Duration.ofSeconds(60));

    EndpointSnapshot snapshot = registry.endpointSnapshots().get(0);
    assertThat(snapshot.droppedStatuses()).isEqualTo(3);
    assertThat(snapshot.clampedDurations()).isZero();
    assertThat(snapshot.latest().orElseThrow().noData()).isTrue();
    assertThat(registry.snapshot("availability").orElseThrow().noData()).isTrue();
  }

  /** The value at index ceil(num/den × n) − 1 of {@code sorted}, in exact integer arithmetic. */
  private static long nearestRank(long[] sorted, long num, long den) {
    long rank = Math.max(1, (num * sorted.length + den - 1) / den);
    return sorted[(int) rank - 1];
  }

  /**
   * Within 1 % relative (the bound {@link IntervalStats} documents; the layout holds 1/128) or
   * 1 µs absolute, whichever is larger.
   */
  private static void assertClose(String what, long actual, long expected) {
    long tolerance = Math.max(Math.round(Math.abs(expected) * 0.01), 1_000L);
    assertThat(actual).as(what + " (expected %d ± %d)", expected, tolerance)
        .isCloseTo(expected, within(tolerance));
  }
}
