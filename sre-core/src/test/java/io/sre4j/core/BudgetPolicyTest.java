package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error-budget policy: {@code HEALTHY}, {@code AT_RISK} (remaining under the threshold, or a
 * page firing) and {@code EXHAUSTED} (remaining at or under zero), moved by evaluations as traffic
 * comes in and as the rolling window slides, each change published once as a
 * {@link BudgetPolicyEvent}.
 */
final class BudgetPolicyTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  /** 99 % over a rolling day: budget 1 % of the valid requests, 10-minute buckets. */
  private static final SloSpec DAILY = SloSpec.builder("checkout")
      .objective("99%").window(SloWindow.rolling(Duration.ofDays(1))).build();

  /** A registry on a manual clock whose listener keeps the policy events. */
  private static final class Harness implements AutoCloseable {
    final ManualClock clock = ManualClock.at(T);
    final List<BudgetPolicyEvent> events = new ArrayList<>();
    final SloRegistry registry;
    final Endpoint endpoint;
    final String slo;

    Harness(SloSpec spec, UnaryOperator<SloRegistry.Builder> config) {
      this.slo = spec.name();
      this.registry = config.apply(SloRegistry.builder().service("shop").clock(clock).manualTick()
          .slo(spec).listener(event -> {
            if (event instanceof BudgetPolicyEvent policy) {
              events.add(policy);
            }
          })).build();
      this.endpoint = registry.endpoint("POST", "/api/checkout");
    }

    /** At {@code offset} after T: records the requests, then ticks (which evaluates). */
    Harness at(long offsetMillis, int requests, int failed) {
      clock.advanceTo(T.plusMillis(offsetMillis));
      for (int i = 0; i < requests - failed; i++) {
        endpoint.record(200, 5_000_000L);
      }
      for (int i = 0; i < failed; i++) {
        endpoint.record(500, 5_000_000L);
      }
      registry.tick();
      return this;
    }

    SloStatus status() {
      return registry.status(slo).orElseThrow();
    }

    BudgetState state() {
      return status().budgetState();
    }

    @Override
    public void close() {
      registry.close();
    }
  }

  @Test
  void movesUpToExhaustedAndBackDownAsTheWindowSlides() {
    // without the review requirement (policy.review-required, on by default since issue 15), which
    // would keep the SLO REVIEW_REQUIRED after the exhaustion: see ReviewPolicyTest
    try (Harness h = new Harness(DAILY, b -> b.reviewRequired(false))) {
      h.at(0, 10_000, 0);
      assertThat(h.state()).isEqualTo(BudgetState.HEALTHY);

      h.at(HOUR, 10_000, 160); // 160 bad of 20,000: 80 % of the budget spent
      assertThat(h.state()).isEqualTo(BudgetState.AT_RISK);
      assertThat(h.status().window().budgetRemaining()).isCloseTo(0.2, within(1e-9));
      assertThat(h.status().paging()).isFalse();

      h.at(2 * HOUR, 10_000, 300); // 460 bad of 30,000: overspent
      assertThat(h.state()).isEqualTo(BudgetState.EXHAUSTED);
      h.at(3 * HOUR, 10_000, 180); // 640 of 40,000
      h.at(4 * HOUR, 10_000, 0); // 640 of 50,000: still overspent
      assertThat(h.state()).isEqualTo(BudgetState.EXHAUSTED);
      assertThat(h.events).hasSize(2);

      // the window slides: each batch leaves exactly one day after it came (10-minute buckets)
      h.at(DAY, 0, 0); // the first, good batch leaves: 640 of 40,000
      h.at(DAY + HOUR, 0, 0); // 480 of 30,000
      h.at(DAY + 2 * HOUR - 10_000, 0, 0);
      assertThat(h.state()).isEqualTo(BudgetState.EXHAUSTED);
      h.at(DAY + 2 * HOUR, 0, 0); // the worst batch leaves: 180 of 20,000
      assertThat(h.state()).isEqualTo(BudgetState.AT_RISK);
      h.at(DAY + 3 * HOUR, 0, 0); // only good requests left
      assertThat(h.state()).isEqualTo(BudgetState.HEALTHY);
      h.at(DAY + 4 * HOUR, 0, 0); // nothing left: no data is healthy
      assertThat(h.status().window().noData()).isTrue();
      assertThat(h.state()).isEqualTo(BudgetState.HEALTHY);

      assertThat(h.events).extracting(BudgetPolicyEvent::time).containsExactly(
          T.plusMillis(HOUR), T.plusMillis(2 * HOUR), T.plusMillis(DAY + 2 * HOUR),
          T.plusMillis(DAY + 3 * HOUR));
      assertThat(h.events).extracting(BudgetPolicyEvent::from).containsExactly(
          BudgetState.HEALTHY, BudgetState.AT_RISK, BudgetState.EXHAUSTED, BudgetState.AT_RISK);
      assertThat(h.events).extracting(BudgetPolicyEvent::to).containsExactly(
          BudgetState.AT_RISK, BudgetState.EXHAUSTED, BudgetState.AT_RISK, BudgetState.HEALTHY);
      assertThat(h.events).extracting(BudgetPolicyEvent::reason).containsExactly(
          "20.0% of the error budget left, below the 25% threshold",
          "-53.3% of the error budget left: exhausted",
          "10.0% of the error budget left, below the 25% threshold",
          "100.0% of the error budget left");
      assertThat(h.events).extracting(BudgetPolicyEvent::budgetRemaining)
          .satisfiesExactly(
              r -> assertThat(r).isCloseTo(0.2, within(1e-9)),
              r -> assertThat(r).isCloseTo(1 - 460.0 / 300, within(1e-9)),
              r -> assertThat(r).isCloseTo(0.1, within(1e-9)),
              r -> assertThat(r).isEqualTo(1.0));
      assertThat(h.events).allSatisfy(e -> {
        assertThat(e.service()).isEqualTo("shop");
        assertThat(e.slo()).isEqualTo("checkout");
      });
    }
  }

  @Test
  void exactlyNoBudgetLeftIsExhausted() {
    // 50 % objective: 50 bad of 100 spend the budget exactly, with no rounding
    SloSpec half = SloSpec.builder("coin").objective(0.5).build();
    try (Harness h = new Harness(half, UnaryOperator.identity())) {
      h.at(0, 100, 50);
      assertThat(h.status().window().budgetRemaining()).isEqualTo(0.0);
      assertThat(h.state()).isEqualTo(BudgetState.EXHAUSTED);
      assertThat(h.events).singleElement().satisfies(e -> {
        assertThat(e.from()).isEqualTo(BudgetState.HEALTHY);
        assertThat(e.to()).isEqualTo(BudgetState.EXHAUSTED);
        assertThat(e.reason()).isEqualTo("0.0% of the error budget left: exhausted");
      });
    }
  }

  @Test
  void aFiringPageIsAtRiskEvenWithPlentyOfBudget() {
    try (Harness h = new Harness(SloSpec.builder("checkout").objective("99.9%").build(),
        UnaryOperator.identity())) {
      h.at(0, 1_000_000, 0); // a day of good traffic, all at once
      h.at(DAY, 1_000, 100); // then 10 % errors: burn 100 over 1 h and 5 m
      SloStatus paging = h.status();
      assertThat(paging.paging()).isTrue();
      assertThat(paging.window().budgetRemaining()).isGreaterThan(0.9);
      assertThat(paging.budgetState()).isEqualTo(BudgetState.AT_RISK);

      // the 5 m window forgets the burst after 5 minutes, the 30 m window after 30
      h.at(DAY + 5 * MINUTE, 0, 0);
      assertThat(h.status().paging()).isTrue();
      h.at(DAY + 30 * MINUTE - 10_000, 0, 0);
      assertThat(h.state()).isEqualTo(BudgetState.AT_RISK);
      h.at(DAY + 30 * MINUTE, 0, 0);
      assertThat(h.status().paging()).isFalse();
      assertThat(h.state()).isEqualTo(BudgetState.HEALTHY);

      assertThat(h.events).hasSize(2);
      assertThat(h.events.get(0)).satisfies(e -> {
        assertThat(e.time()).isEqualTo(T.plusMillis(DAY));
        assertThat(e.from()).isEqualTo(BudgetState.HEALTHY);
        assertThat(e.to()).isEqualTo(BudgetState.AT_RISK);
        assertThat(e.reason()).isEqualTo("90.0% of the error budget left, page alert firing");
      });
      assertThat(h.events.get(1)).satisfies(e -> {
        assertThat(e.time()).isEqualTo(T.plusMillis(DAY + 30 * MINUTE));
        assertThat(e.from()).isEqualTo(BudgetState.AT_RISK);
        assertThat(e.to()).isEqualTo(BudgetState.HEALTHY);
        assertThat(e.reason()).isEqualTo("90.0% of the error budget left");
      });
    }
  }

  @Test
  void atRiskThresholdIsConfigurable() {
    // 60 bad of 10,000 at 99 %: 40 % of the budget left
    try (Harness defaults = new Harness(DAILY, UnaryOperator.identity());
        Harness cautious = new Harness(DAILY, b -> b.atRiskThreshold(0.5))) {
      defaults.at(0, 10_000, 60);
      cautious.at(0, 10_000, 60);
      assertThat(defaults.state()).isEqualTo(BudgetState.HEALTHY);
      assertThat(defaults.events).isEmpty();
      assertThat(cautious.state()).isEqualTo(BudgetState.AT_RISK);
      assertThat(cautious.events).singleElement().extracting(BudgetPolicyEvent::reason)
          .isEqualTo("40.0% of the error budget left, below the 50% threshold");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.25, 1.5, Double.NaN})
  void atRiskThresholdOutsideTheOpenUnitIntervalIsRejected(double threshold) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SloRegistry.builder().atRiskThreshold(threshold))
        .withMessage("policy.at-risk must be in (0,1) but was \"" + threshold + "\"");
  }

  @Test
  void noDataIsHealthy() {
    try (Harness h = new Harness(DAILY, UnaryOperator.identity())) {
      h.registry.evaluate();
      h.at(HOUR, 0, 0);
      h.registry.evaluate();
      SloStatus status = h.status();
      assertThat(status.window().noData()).isTrue();
      assertThat(status.budgetState()).isEqualTo(BudgetState.HEALTHY);
      assertThat(status.firing()).isEmpty();
      assertThat(status.burnRates()).allSatisfy(burn -> assertThat(burn.rate()).isZero());
      assertThat(h.events).isEmpty();
    }
  }

  @Test
  void eachChangeIsPublishedOnceWhileTheStateHolds() {
    try (Harness h = new Harness(DAILY, UnaryOperator.identity())) {
      h.at(0, 10_000, 200);
      for (int i = 1; i <= 30; i++) {
        h.at(i * 10_000L, 10, 0);
        h.registry.evaluate();
      }
      assertThat(h.state()).isEqualTo(BudgetState.EXHAUSTED);
      assertThat(h.events).singleElement().extracting(BudgetPolicyEvent::to)
          .isEqualTo(BudgetState.EXHAUSTED);
    }
  }
}
