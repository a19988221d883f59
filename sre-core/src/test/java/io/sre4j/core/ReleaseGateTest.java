package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release gate: allow or deny for each policy state of the gating SLOs, with the exact reasons,
 * and overrides that are recorded and lapse.
 */
final class ReleaseGateTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  /** Two SLOs on separate endpoints, 99 % over a rolling day. */
  private static final class Shop implements AutoCloseable {
    final ManualClock clock = ManualClock.at(T);
    final List<SloEvent> events = new ArrayList<>();
    final SloRegistry registry = SloRegistry.builder().service("shop").clock(clock).manualTick()
        .slo(spec("checkout", "/api/checkout/**"))
        .slo(spec("search", "/api/search/**"))
        .listener(events::add)
        .build();
    final Endpoint checkout = registry.endpoint("POST", "/api/checkout");
    final Endpoint search = registry.endpoint("GET", "/api/search");

    private static SloSpec spec(String name, String routes) {
      return SloSpec.builder(name).objective("99%").window(SloWindow.rolling(Duration.ofDays(1)))
          .endpoints(EndpointSelector.routes(routes)).build();
    }

    /** At {@code offset} after T: records on one endpoint, then ticks (which evaluates). */
    Shop at(long offsetMillis, Endpoint endpoint, int requests, int failed) {
      clock.advanceTo(T.plusMillis(offsetMillis));
      for (int i = 0; i < requests - failed; i++) {
        endpoint.record(200, 5_000_000L);
      }
      for (int i = 0; i < failed; i++) {
        endpoint.record(503, 5_000_000L);
      }
      registry.tick();
      return this;
    }

    BudgetState state(String slo) {
      return registry.status(slo).orElseThrow().budgetState();
    }

    List<GateOverrideEvent> overrides() {
      return events.stream().filter(GateOverrideEvent.class::isInstance)
          .map(GateOverrideEvent.class::cast).toList();
    }

    @Override
    public void close() {
      registry.close();
    }
  }

  @Test
  void healthyAllows() {
    try (Shop shop = new Shop()) {
      shop.at(MINUTE, shop.checkout, 10_000, 10);
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();
      assertThat(shop.state("checkout")).isEqualTo(BudgetState.HEALTHY);
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.overridden()).isFalse();
      assertThat(decision.reasons()).isEmpty();
      assertThat(decision.notes()).isEmpty();
      assertThat(decision.overrideReason()).isEmpty();
      assertThat(decision.overrideUntil()).isEmpty();
      assertThat(decision.time()).isEqualTo(T.plusMillis(MINUTE));
    }
  }

  @Test
  void atRiskByThresholdAllowsWithANote() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 10_000, 80); // 80 % of the budget spent
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();
      assertThat(shop.state("checkout")).isEqualTo(BudgetState.AT_RISK);
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.overridden()).isFalse();
      assertThat(decision.reasons()).isEmpty();
      assertThat(decision.notes()).containsExactly("slo checkout: at risk, 20.0% of the error budget left");
    }
  }

  @Test
  void pagingDenies() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 100_000, 0);
      shop.at(2 * HOUR, shop.checkout, 1_000, 150); // 15 % errors: burn 15 over 1 h and 5 m
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();
      assertThat(shop.registry.status("checkout").orElseThrow().paging()).isTrue();
      assertThat(shop.state("checkout")).isEqualTo(BudgetState.AT_RISK);
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reasons()).containsExactly("slo checkout: page alert firing");
      assertThat(decision.notes()).isEmpty();
    }
  }

  @Test
  void exhaustedDenies() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 10_000, 200); // 2 % errors: twice the budget, burn 2, no page
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();
      assertThat(shop.state("checkout")).isEqualTo(BudgetState.EXHAUSTED);
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.overridden()).isFalse();
      assertThat(decision.reasons())
          .containsExactly("slo checkout: error budget exhausted, -100.0% of the error budget left");
      assertThat(decision.notes()).isEmpty();
    }
  }

  @Test
  void exhaustedAndPagingGivesBothReasons() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 1_000, 500);
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reasons()).containsExactly(
          "slo checkout: error budget exhausted, -4900.0% of the error budget left",
          "slo checkout: page alert firing");
    }
  }

  @Test
  void gateJudgesOnlyItsSlos() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 10_000, 0);
      shop.at(MINUTE, shop.search, 10_000, 200);
      assertThat(shop.state("search")).isEqualTo(BudgetState.EXHAUSTED);

      ReleaseGate checkoutGate = ReleaseGate.over(shop.registry, "checkout");
      assertThat(checkoutGate.slos()).containsExactly("checkout");
      assertThat(checkoutGate.decide().allowed()).isTrue();
      assertThat(checkoutGate.decide().reasons()).isEmpty();

      String searchExhausted = "slo search: error budget exhausted, -100.0% of the error budget left";
      ReleaseGate everything = ReleaseGate.over(shop.registry);
      assertThat(everything.slos()).isEmpty();
      assertThat(everything.decide().allowed()).isFalse();
      assertThat(everything.decide().reasons()).containsExactly(searchExhausted);
      assertThat(ReleaseGate.over(shop.registry, "checkout", "search").decide().reasons())
          .containsExactly(searchExhausted);
    }
  }

  @Test
  void unknownSloIsRejected() {
    try (Shop shop = new Shop()) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> ReleaseGate.over(shop.registry, "checkout", "payments"))
          .withMessage("gate slo must be a registered SLO [checkout, search] but was \"payments\"");
    }
  }

  @Test
  void sloRemovedAfterTheGateWasMadeDenies() {
    try (Shop shop = new Shop()) {
      ReleaseGate gate = ReleaseGate.over(shop.registry, "search");
      shop.registry.remove("search");
      GateDecision decision = gate.decide();
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reasons()).containsExactly("slo search is not registered");
    }
  }

  @Test
  void overrideAllowsForAWhileKeepsTheReasonsAndIsRecorded() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 10_000, 200);
      String exhausted = "slo checkout: error budget exhausted, -100.0% of the error budget left";
      ReleaseGate gate = ReleaseGate.over(shop.registry, "checkout");
      assertThat(gate.decide().allowed()).isFalse();

      shop.clock.advance(Duration.ofMinutes(3));
      Instant overriddenAt = shop.clock.instant();
      Instant until = overriddenAt.plus(Duration.ofHours(1));
      GateDecision decision = gate.override("hotfix for INC-1234, approved by on-call", Duration.ofHours(1));

      assertThat(decision.allowed()).isTrue();
      assertThat(decision.overridden()).isTrue();
      assertThat(decision.reasons()).containsExactly(exhausted);
      assertThat(decision.overrideReason()).contains("hotfix for INC-1234, approved by on-call");
      assertThat(decision.overrideUntil()).contains(until);
      assertThat(shop.overrides()).singleElement().satisfies(event -> {
        assertThat(event.time()).isEqualTo(overriddenAt);
        assertThat(event.service()).isEqualTo("shop");
        assertThat(event.reason()).isEqualTo("hotfix for INC-1234, approved by on-call");
        assertThat(event.validUntil()).isEqualTo(until);
        assertThat(event.slos()).containsExactly("checkout");
        assertThat(event.denyReasons()).containsExactly(exhausted);
      });

      shop.clock.advanceTo(until.minusSeconds(1));
      GateDecision stillOverridden = gate.decide();
      assertThat(stillOverridden.allowed()).isTrue();
      assertThat(stillOverridden.overridden()).isTrue();
      assertThat(stillOverridden.reasons()).containsExactly(exhausted);

      shop.clock.advanceTo(until);
      GateDecision lapsed = gate.decide();
      assertThat(lapsed.allowed()).isFalse();
      assertThat(lapsed.overridden()).isFalse();
      assertThat(lapsed.reasons()).containsExactly(exhausted);
      assertThat(lapsed.overrideReason()).isEmpty();
      assertThat(lapsed.overrideUntil()).isEmpty();
      assertThat(shop.overrides()).hasSize(1);
    }
  }

  @Test
  void overrideOnAHealthyGateChangesNothingButIsStillRecorded() {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 1_000, 0);
      ReleaseGate gate = ReleaseGate.over(shop.registry);
      GateDecision decision = gate.override("release train 42", Duration.ofMinutes(30));
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.overridden()).isFalse();
      assertThat(decision.reasons()).isEmpty();
      assertThat(shop.overrides()).singleElement().satisfies(event -> {
        assertThat(event.slos()).isEmpty();
        assertThat(event.denyReasons()).isEmpty();
      });
    }
  }

  static Stream<Arguments> badOverrides() {
    String tooLong = "x".repeat(513);
    return Stream.of(
        Arguments.of("", Duration.ofHours(1),
            "override reason must be 1 to 512 characters, not blank but was an empty string"),
        Arguments.of("   ", Duration.ofHours(1),
            "override reason must be 1 to 512 characters, not blank but was \"   \""),
        Arguments.of(tooLong, Duration.ofHours(1),
            "override reason must be 1 to 512 characters, not blank but was \"" + "x".repeat(200) + "…\" (513 characters)"),
        Arguments.of("hotfix", Duration.ofSeconds(59),
            "override validFor must be between 1m and 7d but was \"59s\""),
        Arguments.of("hotfix", Duration.ofDays(7).plusSeconds(1),
            "override validFor must be between 1m and 7d but was \"7d1s\""),
        Arguments.of("hotfix", Duration.ofHours(-1),
            "override validFor must be between 1m and 7d but was \"-1h\""));
  }

  @ParameterizedTest
  @MethodSource("badOverrides")
  void badOverrideArgumentsAreRejectedAndNothingIsRecorded(String reason, Duration validFor,
      String message) {
    try (Shop shop = new Shop()) {
      shop.at(0, shop.checkout, 10_000, 200);
      ReleaseGate gate = ReleaseGate.over(shop.registry, "checkout");
      assertThatIllegalArgumentException().isThrownBy(() -> gate.override(reason, validFor))
          .withMessage(message);
      assertThat(gate.decide().allowed()).isFalse();
      assertThat(shop.overrides()).isEmpty();
    }
  }

  @Test
  void nullOverrideArgumentsAreRejected() {
    try (Shop shop = new Shop()) {
      ReleaseGate gate = ReleaseGate.over(shop.registry);
      assertThatNullPointerException().isThrownBy(() -> gate.override(null, Duration.ofHours(1)))
          .withMessage("reason");
      assertThatNullPointerException().isThrownBy(() -> gate.override("hotfix", null))
          .withMessage("validFor");
      assertThatNullPointerException().isThrownBy(() -> ReleaseGate.over(null))
          .withMessage("registry");
    }
  }
}
