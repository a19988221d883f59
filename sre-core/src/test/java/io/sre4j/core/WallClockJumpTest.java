package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A wall clock that jumps back or forward never throws and never loses or doubles a count. */
final class WallClockJumpTest {

  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final int PER_PHASE = 5_000;

  @Test
  void wallClockJumpsLoseNoCountAndDoubleNone() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    Random random = new Random(0x7A11L);
    try (SloRegistry registry = SloRegistry.builder()
        .manualTick()
        .clock(clock)
        .interval(INTERVAL)
        .trendIntervals(10_000)
        .slo(SloSpec.builder("availability").objective("99.9%").build())
        .slo(SloSpec.builder("latency")
            .sli(Sli.latency(Duration.ofMillis(800))).objective("99%").build())
        .build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      List<Duration> jumps =
          List.of(Duration.ofHours(-3), Duration.ofHours(5), Duration.ofDays(-1));
      long recorded = 0;
      long bad = 0;
      long slow = 0;
      Instant lastEnd = Instant.MIN;

      for (int phase = 0; phase <= jumps.size(); phase++) {
        if (phase > 0) {
          Duration jump = jumps.get(phase - 1);
          assertThatCode(() -> clock.jumpWallTime(jump)).doesNotThrowAnyException();
        }
        for (int i = 0; i < PER_PHASE; i++) {
          int status = random.nextInt(20) == 0 ? 500 + random.nextInt(4) : 200;
          long nanos = random.nextInt(10) == 0 ? 1_500_000_000L : 20_000_000L;
          endpoint.record(status, nanos);
          recorded++;
          bad += status >= 500 ? 1 : 0;
          slow += status < 500 && nanos > 800_000_000L ? 1 : 0;
          clock.advance(Duration.ofMillis(random.nextInt(400)));
          if (i % 7 == 0) {
            assertThatCode(registry::tick).doesNotThrowAnyException();
          }
          if (i % 1_000 == 0) {
            SloSnapshot snapshot = registry.snapshot("availability").orElseThrow();
            assertThat(snapshot.windowEnd()).as("stamps never go back").isAfterOrEqualTo(lastEnd);
            lastEnd = snapshot.windowEnd();
          }
        }
      }
      clock.advance(INTERVAL); // close the last latency interval

      SloSnapshot availability = registry.snapshot("availability").orElseThrow();
      assertThat(availability.validEvents()).isEqualTo(recorded);
      assertThat(availability.badEvents()).isEqualTo(bad);
      assertThat(registry.lookback("availability", Duration.ofDays(3)).orElseThrow())
          .startsWith(recorded, bad);
      SloSnapshot latency = registry.snapshot("latency").orElseThrow();
      assertThat(latency.validEvents()).isEqualTo(recorded - bad);
      assertThat(latency.badEvents()).isEqualTo(slow);

      EndpointSnapshot trend = registry.endpointSnapshots().get(0);
      long elapsedSeconds = clock.monotonicTime() / 1_000_000_000L;
      assertThat(trend.intervals()).as("intervals rotate on monotonic time")
          .hasSizeGreaterThan((int) (elapsedSeconds / INTERVAL.toSeconds() / 2));
      assertThat(trend.intervals().stream().mapToLong(IntervalStats::count).sum())
          .isEqualTo(recorded);
      for (IntervalStats interval : trend.intervals()) {
        assertThat(interval.end()).isAfterOrEqualTo(interval.start());
      }
      assertThat(trend.clampedDurations()).isZero();
      assertThat(trend.droppedStatuses()).isZero();
    }
  }
}
