package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.DeploymentDowntimeEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployment downtime as planned downtime (issue 15): excluded exactly like a maintenance window,
 * checked against the budget like one, measured while it lasts, reported when it ends, kept in
 * the policy's history; the gate denies a declared downtime longer than the budget left.
 */
final class DeploymentDowntimeTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final SloSpec DAILY = SloSpec.builder("checkout").objective("99.9%")
      .window(SloWindow.rolling(Duration.ofDays(1))).build();

  @TempDir Path dir;

  private final List<SloEvent> events = new ArrayList<>();

  private SloRegistry registry(ManualClock clock, UnaryOperator<SloRegistry.Builder> config) {
    return config.apply(SloRegistry.builder().service("shop").clock(clock).manualTick()
        .slo(DAILY).listener(events::add).reviewRequired(false)).build();
  }

  @Test
  void theDeclaredDowntimeIsExcludedExactlyLikeAnEquivalentMaintenanceWindow() {
    ManualClock deployClock = ManualClock.at(T);
    ManualClock windowClock = ManualClock.at(T);
    SplittableRandom random = new SplittableRandom(42);
    try (SloRegistry deployed = registry(deployClock, UnaryOperator.identity());
        SloRegistry maintained = registry(windowClock, UnaryOperator.identity())) {
      Endpoint a = deployed.endpoint("GET", "/x");
      Endpoint b = maintained.endpoint("GET", "/x");
      for (long t = 0; t <= 3 * HOUR; t += 10_000) {
        deployClock.advanceTo(T.plusMillis(t));
        windowClock.advanceTo(T.plusMillis(t));
        if (t == HOUR) {
          deployed.declareDeployment("v1.2.3", Duration.ofMinutes(10));
          maintained.declareMaintenance(MaintenanceWindow.of(T.plusMillis(HOUR),
              T.plusMillis(HOUR + 10 * MINUTE), "deployment v1.2.3"));
        }
        int requests = random.nextInt(20);
        int bad = t >= HOUR && t < HOUR + 15 * MINUTE ? random.nextInt(requests + 1)
            : random.nextInt(100) == 0 ? 1 : 0;
        for (int i = 0; i < requests; i++) {
          int status = i < bad ? 503 : 200;
          a.record(status, 1_000_000L);
          b.record(status, 1_000_000L);
        }
        deployed.tick();
        maintained.tick();
        SloStatus x = deployed.status("checkout").orElseThrow();
        SloStatus y = maintained.status("checkout").orElseThrow();
        assertThat(x.window()).as("at %s", t).isEqualTo(y.window());
        assertThat(x.maintenanceEvents()).isEqualTo(y.maintenanceEvents());
        assertThat(x.inMaintenance()).isEqualTo(y.inMaintenance());
      }
      // the downtime left requests out, and they were measured
      assertThat(deployed.policy("checkout").orElseThrow().deployments().get(0).requests())
          .isPositive();
    }
  }

  @Test
  void theActualDowntimeIsMeasuredAndReportedWhenTheDeclaredOneEnds() {
    ManualClock clock = ManualClock.at(T);
    SloSpec lenient = SloSpec.builder("checkout").objective("90%")
        .window(SloWindow.rolling(Duration.ofDays(1))).build();
    try (SloRegistry registry = SloRegistry.builder().service("shop").clock(clock).manualTick()
        .slo(lenient).listener(events::add).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/x");
      assertThat(registry.declareDeployment("v2", Duration.ofMinutes(10))).isEmpty();
      for (long t = 10_000; t <= 20 * MINUTE; t += 10_000) {
        clock.advanceTo(T.plusMillis(t));
        for (int i = 0; i < 10; i++) {
          endpoint.record(t <= 5 * MINUTE ? 503 : 200, 1_000_000L); // 5 minutes of full outage
        }
        registry.tick();
        if (t == 4 * MINUTE) {
          DeploymentDowntime open =
              registry.policy("checkout").orElseThrow().deployments().get(0);
          assertThat(open.ended()).isEmpty();
          assertThat(open.actualDowntime()).isEqualTo(Duration.ofMinutes(4));
        }
      }
      DeploymentDowntime done = registry.policy("checkout").orElseThrow().deployments().get(0);
      assertThat(done.version()).isEqualTo("v2");
      assertThat(done.ended()).contains(T.plus(Duration.ofMinutes(10)));
      assertThat(done.expectedDowntime()).isEqualTo(Duration.ofMinutes(10));
      assertThat(done.actualDowntime()).isEqualTo(Duration.ofMinutes(5));
      assertThat(done.overran()).isFalse();
      assertThat(done.requests()).isEqualTo(600);
      assertThat(done.badEvents()).isEqualTo(300);
      // what the 300 bad would have cost: 600 requests at 90 % allow 60 bad events
      assertThat(done.budgetCost()).isCloseTo(300 / 60.0, within(1e-9));
      assertThat(registry.status("checkout").orElseThrow().window().badEvents()).isZero();

      assertThat(events).filteredOn(DeploymentEvent.class::isInstance).singleElement()
          .satisfies(e -> assertThat(((DeploymentEvent) e).deployment().expectedDowntime())
              .isEqualTo(Duration.ofMinutes(10)));
      assertThat(events).filteredOn(DeploymentDowntimeEvent.class::isInstance).singleElement()
          .satisfies(e -> {
            DeploymentDowntimeEvent ended = (DeploymentDowntimeEvent) e;
            assertThat(ended.time()).isEqualTo(T.plus(Duration.ofMinutes(10)));
            assertThat(ended.slo()).isEqualTo("checkout");
            assertThat(ended.downtime().actualDowntime()).isEqualTo(Duration.ofMinutes(5));
          });
    }
  }

  @Test
  void aDeclaredDowntimeOverBudgetIsReportedOrInStrictModeRejected() {
    // 99.9 % of a day allows 1m26.4s of downtime
    ManualClock clock = ManualClock.at(T);
    try (SloRegistry lenient = registry(clock, UnaryOperator.identity());
        SloRegistry strict = registry(clock, b -> b.strictMaintenance(true))) {
      assertThat(lenient.declareDeployment("v3", Duration.ofMinutes(2))).containsExactly(
          "checkout: 2m planned > 1m26s400ms allowed in 1d from 2027-03-01T00:00:00Z");
      assertThat(lenient.lastDeployment().orElseThrow().version()).isEqualTo("v3");
      assertThatThrownBy(() -> strict.declareDeployment("v3", Duration.ofMinutes(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("maintenance window 2027-03-01T00:00:00Z..2027-03-01T00:02:00Z exceeds the"
              + " error budget: checkout: 2m planned > 1m26s400ms allowed in 1d from"
              + " 2027-03-01T00:00:00Z");
      assertThat(strict.lastDeployment()).isEmpty();
      assertThat(strict.maintenanceWindows()).isEmpty();
      assertThat(strict.policy("checkout").orElseThrow().deployments()).isEmpty();
      assertThatThrownBy(() -> strict.declareDeployment("v3", Duration.ZERO))
          .hasMessage("deployment downtime must be between 1ms and 31d but was \"0s\"");
    }
  }

  @Test
  void theGateDeniesADeclaredDowntimeLongerThanTheBudgetLeft() {
    ManualClock clock = ManualClock.at(T);
    try (SloRegistry registry = registry(clock, UnaryOperator.identity())) {
      Endpoint endpoint = registry.endpoint("GET", "/x");
      for (int i = 0; i < 10_000; i++) {
        endpoint.record(i < 5 ? 500 : 200, 1_000_000L); // half the budget spent
      }
      registry.tick();
      ReleaseGate gate = ReleaseGate.over(registry);
      assertThat(gate.decide(Duration.ofSeconds(43)).allowed()).isTrue();
      GateDecision denied = gate.decide(Duration.ofMinutes(5));
      assertThat(denied.allowed()).isFalse();
      assertThat(denied.reasons()).containsExactly(
          "slo checkout: declared downtime 5m exceeds the 43s200ms of error budget left");
      assertThat(gate.decide().allowed()).isTrue();
      assertThatThrownBy(() -> gate.decide(Duration.ofMinutes(-1)))
          .hasMessage("gate downtime must be zero or positive but was \"-1m\"");
    }
  }

  @Test
  void theHistorySurvivesARestart() {
    Path file = dir.resolve("state.bin");
    ManualClock clock = ManualClock.at(T);
    try (SloRegistry registry = registry(clock, b -> b.stateFile(file))) {
      registry.declareDeployment("v4", Duration.ofMinutes(1));
      clock.advanceTo(T.plus(Duration.ofMinutes(2)));
      registry.tick();
      registry.declareDeployment("v5", Duration.ofMinutes(5));
    }
    try (SloRegistry restored = registry(clock, b -> b.stateFile(file))) {
      List<DeploymentDowntime> history = restored.policy("checkout").orElseThrow().deployments();
      assertThat(history).extracting(DeploymentDowntime::version).containsExactly("v4", "v5");
      assertThat(history.get(0).ended()).contains(T.plus(Duration.ofMinutes(1)));
      assertThat(history.get(1).ended()).isEmpty();
      clock.advanceTo(T.plus(Duration.ofMinutes(8)));
      restored.tick();
      assertThat(restored.policy("checkout").orElseThrow().deployments().get(1).ended())
          .contains(T.plus(Duration.ofMinutes(7)));
    }
  }
}
