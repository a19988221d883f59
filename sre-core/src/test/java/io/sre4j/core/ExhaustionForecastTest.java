package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.SloStatus.Exhaustion;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exhaustion forecast ({@link Exhaustion}) against a brute-force walk: the window's events are
 * laid out step by step (the budget already spent spread evenly over it), then steps at the
 * lookback's burn rate are added, and the old ones leave a rolling window, until the budget
 * consumed over the window reaches 1; the forecast must name that step.
 */
final class ExhaustionForecastTest {

  private static final Instant NOW = Instant.parse("2027-03-10T12:00:00Z");
  private static final double OBJECTIVE = 0.999;

  /** A snapshot of a window whose valid events are {@code valid} and budget consumed {@code consumed}. */
  private static SloSnapshot snapshot(Instant start, Duration length, long valid, double consumed) {
    long bad = Math.round(consumed * (1 - OBJECTIVE) * valid);
    return new SloSnapshot("api", "availability", OBJECTIVE, "w", start, NOW, length, valid, bad,
        Duration.ZERO, 0);
  }

  /**
   * Steps of a rolling window of {@code steps} steps, each with {@code perStep} valid events, the
   * window's bad events spread evenly, then steps at burn {@code burn}, the oldest leaving: the
   * number of steps until consumed >= 1, or -1 if not within {@code limit} steps.
   */
  private static long bruteRolling(int steps, double perStep, double windowBad, double burn, int limit) {
    double[] bad = new double[steps];
    java.util.Arrays.fill(bad, windowBad / steps);
    double sumBad = windowBad;
    double allowed = (1 - OBJECTIVE) * perStep * steps;
    for (int k = 1; k <= limit; k++) {
      int oldest = (k - 1) % steps;
      sumBad -= bad[oldest];
      bad[oldest] = burn * (1 - OBJECTIVE) * perStep;
      sumBad += bad[oldest];
      if (sumBad / allowed >= 1 - 1e-12) {
        return k;
      }
    }
    return -1;
  }

  @Test
  void rollingWindowForecastIsTheBruteForceStep() {
    Random random = new Random(17);
    int checked = 0;
    for (int run = 0; run < 400; run++) {
      int steps = 24 * (1 + random.nextInt(30)); // 1 to 30 days of 1 h steps
      long perStep = 1_000 + random.nextInt(100_000);
      double consumed = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.98;
      double burn = random.nextInt(5) == 0 ? random.nextDouble() * 1.0 : 1.0 + random.nextDouble() * 60;
      long valid = perStep * steps;
      SloSnapshot window = snapshot(NOW.minus(Duration.ofHours(steps)), Duration.ofHours(steps),
          valid, consumed);
      Exhaustion forecast = Exhaustion.of(window, true,
          new BurnRate(Duration.ofHours(1), perStep, 0, burn));
      long brute = bruteRolling(steps, perStep, window.badEvents(), burn, 3 * steps);
      if (burn <= 1) {
        assertThat(forecast.timeLeft()).as("run %d: burn %s lasts", run, burn).isEmpty();
        assertThat(brute).as("run %d: the brute force never runs out either", run).isEqualTo(-1);
        continue;
      }
      assertThat(forecast.timeLeft()).as("run %d", run).isPresent();
      double hours = forecast.timeLeft().orElseThrow().toMillis() / 3_600_000.0;
      // the brute force moves in whole steps: the forecast falls in the step that crosses
      assertThat(brute).as("run %d: %s hours forecast", run, hours).isPositive();
      assertThat(hours).as("run %d: brute force step %d", run, brute)
          .isGreaterThan(brute - 1 - 1e-6).isLessThanOrEqualTo(brute + 1e-6);
      checked++;
    }
    assertThat(checked).isGreaterThan(250);
  }

  @Test
  void calendarPeriodForecastIsTheBruteForceStepOrNoneWhenThePeriodEndsFirst() {
    Random random = new Random(18);
    int forecasts = 0;
    int periodEnds = 0;
    for (int run = 0; run < 400; run++) {
      int periodSteps = 24 * 30;
      int elapsed = 1 + random.nextInt(periodSteps - 1);
      long perStep = 1_000 + random.nextInt(100_000);
      double consumed = random.nextDouble() * 0.98;
      double burn = 1.0 + random.nextDouble() * 40;
      long valid = perStep * elapsed;
      SloSnapshot window = snapshot(NOW.minus(Duration.ofHours(elapsed)),
          Duration.ofHours(periodSteps), valid, consumed);
      Exhaustion forecast = Exhaustion.of(window, false,
          new BurnRate(Duration.ofHours(6), perStep, 0, burn));
      // brute force: nothing leaves a calendar period; events arrive at the period's average
      double sumBad = window.badEvents();
      double sumValid = valid;
      long brute = -1;
      for (int k = 1; elapsed + k <= periodSteps; k++) {
        sumBad += burn * (1 - OBJECTIVE) * perStep;
        sumValid += perStep;
        if (sumBad / ((1 - OBJECTIVE) * sumValid) >= 1 - 1e-12) {
          brute = k;
          break;
        }
      }
      if (brute < 0) {
        periodEnds++;
        assertThat(forecast.timeLeft()).as("run %d: the period ends first", run).isEmpty();
        continue;
      }
      forecasts++;
      double hours = forecast.timeLeft().orElseThrow().toMillis() / 3_600_000.0;
      assertThat(hours).as("run %d: brute force step %d", run, brute)
          .isGreaterThan(brute - 1 - 1e-6).isLessThanOrEqualTo(brute + 1e-6);
    }
    assertThat(forecasts).isGreaterThan(50);
    assertThat(periodEnds).isGreaterThan(10);
  }

  @Test
  void noForecastForASpentBudgetTimeSlicesOrACalendarPeriodWithoutData() {
    BurnRate fast = new BurnRate(Duration.ofHours(1), 1000, 100, 100.0);
    SloSnapshot spent = snapshot(NOW.minus(Duration.ofDays(30)), Duration.ofDays(30), 100_000, 1.2);
    assertThat(spent.budgetRemaining()).isNegative();
    assertThat(Exhaustion.of(spent, true, fast).timeLeft()).isEmpty();
    SloSnapshot slices = new SloSnapshot("api", "availability", OBJECTIVE, "30d",
        NOW.minus(Duration.ofDays(30)), NOW, Duration.ofDays(30), 100_000, 0, Duration.ofMinutes(1), 0);
    assertThat(Exhaustion.of(slices, true, fast).timeLeft()).isEmpty();
    SloSnapshot emptyPeriod = snapshot(NOW.minus(Duration.ofDays(1)), Duration.ofDays(30), 0, 0);
    assertThat(Exhaustion.of(emptyPeriod, false, fast).timeLeft()).isEmpty();
    // a rolling window with no data left: the whole budget at 100x lasts W / 100
    SloSnapshot fresh = snapshot(NOW, Duration.ofDays(30), 0, 0);
    assertThat(Exhaustion.of(fresh, true, fast).timeLeft())
        .contains(Duration.ofMillis(Duration.ofDays(30).toMillis() / 100));
  }

  /** A registry burning at 2x in its last hour: its status carries the 1h forecast, not the 6h. */
  @Test
  void theStatusCarriesTheForecastOfEachLookback() {
    ManualClock clock = ManualClock.at(NOW);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("api").objective("99.9%").build()).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/x");
      // 6 h at 1000 good a minute, then 1 h with 2 of 1000 failing (burn 2)
      for (int minute = 0; minute < 7 * 60; minute++) {
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 1000; i++) {
          endpoint.record(minute >= 6 * 60 && i < 2 ? 503 : 200, 1_000_000L);
        }
        registry.tick();
      }
      SloStatus status = registry.status("api").orElseThrow();
      assertThat(status.exhaustion()).extracting(e -> e.burn().window())
          .containsExactlyElementsOf(SloStatus.FORECAST_LOOKBACKS);
      BurnRate hour = status.exhaustion().get(0).burn();
      assertThat(hour.rate()).isCloseTo(2.0, org.assertj.core.api.Assertions.within(0.05));
      // W r / (b - (1 - r)) from the status' own figures
      double r = status.window().budgetRemaining();
      long expected = Math.round(Duration.ofDays(30).toMillis() * r / (hour.rate() - 1 + r));
      assertThat(status.exhaustion(Duration.ofHours(1)))
          .contains(Duration.ofMillis(expected));
      assertThat(status.exhaustion(Duration.ofHours(6))).as("6 h burn about 0.33").isEmpty();
      assertThat(status.exhaustion(Duration.ofMinutes(5))).isEmpty();
      assertThat(status.noData()).isFalse();
      assertThat(SloStatus.of(status.window()).exhaustion()).isEmpty();
    }
  }
}
