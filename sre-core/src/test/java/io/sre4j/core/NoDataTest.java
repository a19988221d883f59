package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No data is defined, not a sentinel: SLI 1.0, nothing consumed, nothing NaN. */
final class NoDataTest {

  private static final Instant START = Instant.parse("2027-03-10T12:00:00Z");

  static Stream<SloSpec> slos() {
    return Stream.of(
        SloSpec.builder("availability-30d").objective("99.9%").build(),
        SloSpec.builder("latency-28d")
            .sli(Sli.latency(Duration.ofMillis(800)))
            .objective("99%")
            .window(SloWindow.rolling(Duration.ofDays(28)))
            .build(),
        SloSpec.builder("slices-30d")
            .objective("99.99%")
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
            .build(),
        SloSpec.builder("month-new-york")
            .objective("99.5%")
            .window(SloWindow.calendarMonth(ZoneId.of("America/New_York")))
            .build(),
        SloSpec.builder("week-berlin-slices")
            .objective("99%")
            .window(SloWindow.calendarWeek(ZoneId.of("Europe/Berlin")))
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.9))
            .build());
  }

  @ParameterizedTest
  @MethodSource("slos")
  void freshSloReportsNoData(SloSpec spec) {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock).slo(spec).build()) {
      registry.endpoint("GET", "/api/orders/{id}");

      assertNoData(registry.snapshot(spec.name()).orElseThrow());
      assertThat(registry.lookback(spec.name(), Duration.ofHours(1)).orElseThrow())
          .startsWith(0L, 0L);
    }
  }

  @ParameterizedTest
  @MethodSource("slos")
  void sloWhoseWindowSlidPastAllDataReportsNoData(SloSpec spec) {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock).slo(spec).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int minute = 0; minute < 10; minute++) {
        for (int i = 0; i < 50; i++) {
          endpoint.record(i % 3 == 0 ? 503 : 200, 900_000_000L);
        }
        endpoint.recordThrown(2_000_000_000L);
        registry.tick();
        clock.advance(Duration.ofMinutes(5));
      }
      SloSnapshot withData = registry.snapshot(spec.name()).orElseThrow();
      assertThat(withData.noData()).isFalse();
      assertThat(withData.budgetConsumed()).isPositive();

      clock.advance(Duration.ofDays(40)); // past a 30-day window, a month and a week
      SloSnapshot slid = registry.snapshot(spec.name()).orElseThrow();

      assertNoData(slid);
      assertThat(slid.windowEnd()).isEqualTo(clock.instant());
      assertThat(registry.lookback(spec.name(), Duration.ofDays(3)).orElseThrow())
          .startsWith(0L, 0L);
    }
  }

  private static void assertNoData(SloSnapshot snapshot) {
    assertThat(snapshot.noData()).isTrue();
    assertThat(snapshot.validEvents()).isZero();
    assertThat(snapshot.badEvents()).isZero();
    assertThat(snapshot.goodEvents()).isZero();
    assertThat(snapshot.badSlices()).isZero();
    assertThat(snapshot.sli()).isEqualTo(1.0);
    assertThat(snapshot.budgetConsumed()).isEqualTo(0.0);
    assertThat(snapshot.budgetRemaining()).isEqualTo(1.0);
    assertThat(snapshot.allowedBadEvents()).isEqualTo(0.0);
    assertThat(snapshot.badTime()).isEqualTo(Duration.ZERO);
    double[] figures = {snapshot.sli(), snapshot.allowedBadEvents(), snapshot.totalSlices(),
        snapshot.allowedBadSlices(), snapshot.budgetConsumed(), snapshot.budgetRemaining()};
    for (double figure : figures) {
      assertThat(figure).isNotNaN().isFinite();
    }
    assertThat(snapshot.windowStart()).isBefore(snapshot.windowEnd());
    assertThat(snapshot.windowLength()).isPositive();
    assertThat(snapshot.allowedBadTime()).isPositive();
    if (snapshot.timeslices()) {
      assertThat(snapshot.allowedBadSlices()).isPositive();
    }
  }
}
