package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.DEFAULT_SLO_BUDGET_REMAINING;
import static io.sre4j.micrometer.SloMeterNames.DEFAULT_SLO_BUDGET_STATE;
import static io.sre4j.micrometer.SloMeterNames.TAG_SLO;
import static io.sre4j.micrometer.SloMeterNames.TAG_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, risk "budget_state lags budget_remaining": the budget-state gauge said healthy while
 * the remaining-budget gauge beside it was negative, until the next evaluation. Read here between
 * two evaluations (the period is an hour, the clock manual).
 */
final class BudgetStateGaugeTest {

  @Test
  void theStateGaugeAgreesWithTheRemainingGaugeBeforeTheNextEvaluation() {
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    ManualClock clock = ManualClock.at(start);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (SloRegistry slos = SloRegistry.builder().service("orders").manualTick().clock(clock)
        .alertEvaluation(Duration.ofMinutes(5))
        .slo(SloSpec.builder("checkout").objective("99%").build()).build()) {
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      Endpoint endpoint = slos.endpoint("POST", "/api/checkout");
      for (int i = 0; i < 1000; i++) {
        endpoint.record(200, 1_000_000L);
      }
      slos.evaluate();
      assertThat(state(meters, "healthy")).isEqualTo(1.0);

      clock.advanceTo(start.plusSeconds(1));
      for (int i = 0; i < 50; i++) {
        endpoint.record(500, 1_000_000L);
      }
      double remaining =
          meters.get(DEFAULT_SLO_BUDGET_REMAINING).tags(TAG_SLO, "checkout").gauge().value();
      assertThat(remaining).isNegative();
      assertThat(state(meters, "exhausted")).isEqualTo(1.0);
      assertThat(state(meters, "healthy")).isZero();
      assertThat(state(meters, "at_risk")).isZero();
    } finally {
      meters.close();
    }
  }

  @Test
  void reviewRequiredAndTheAdjustedObjectiveAreGauges() {
    Instant start = Instant.parse("2026-11-02T09:00:00Z");
    ManualClock clock = ManualClock.at(start);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (SloRegistry slos = SloRegistry.builder().service("orders").manualTick().clock(clock)
        .slo(SloSpec.builder("checkout").objective("99%")
            .window(io.sre4j.core.SloWindow.rolling(Duration.ofDays(1))).build()).build()) {
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      Endpoint endpoint = slos.endpoint("POST", "/api/checkout");
      for (int i = 0; i < 1000; i++) {
        endpoint.record(i < 50 ? 500 : 200, 1_000_000L);
      }
      slos.evaluate();
      assertThat(state(meters, "exhausted")).isEqualTo(1.0);
      slos.adjustBudget("checkout", io.sre4j.core.BudgetAdjustment.objective(0.9, "migration",
          "cto", start, java.util.Optional.empty()));
      assertThat(meters.get(SloMeterNames.DEFAULT_SLO_BUDGET_OBJECTIVE).tags(TAG_SLO, "checkout")
          .gauge().value()).isEqualTo(0.9);
      assertThat(meters.get(SloMeterNames.DEFAULT_SLO_OBJECTIVE).tags(TAG_SLO, "checkout")
          .gauge().value()).isEqualTo(0.99);
      assertThat(state(meters, "review_required")).isEqualTo(1.0);
      assertThat(state(meters, "exhausted")).isZero();
    } finally {
      meters.close();
    }
  }

    private static double state(SimpleMeterRegistry meters, String state) {
    return meters.get(DEFAULT_SLO_BUDGET_STATE).tags(TAG_SLO, "checkout", TAG_STATE, state)
        .gauge().value();
  }
}
