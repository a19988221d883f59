package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Budget adjustments (issue 15): an adjusted objective or an extra allowance, in force from its
 * start to its end; the budget figures show the original and the adjusted budget; brute force
 * against a reference computed from the window's counts and the adjustments in force.
 */
final class BudgetAdjustmentTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  @TempDir Path dir;

  private final ManualClock clock = ManualClock.at(T);
  private final List<SloEvent> events = new ArrayList<>();

  private SloRegistry registry(SloSpec spec, Path stateFile) {
    SloRegistry.Builder builder = SloRegistry.builder().service("shop").clock(clock).manualTick()
        .slo(spec).listener(events::add).reviewRequired(false);
    if (stateFile != null) {
      builder.stateFile(stateFile).stateFlush(Duration.ofHours(1));
    }
    return builder.build();
  }

  private static Optional<Instant> until(long offsetMillis) {
    return Optional.of(T.plusMillis(offsetMillis));
  }

  /** The reference: the adjustment that started last among those in force, by brute force. */
  private static BudgetAdjustment inForce(List<BudgetAdjustment> adjustments, Instant at) {
    BudgetAdjustment found = null;
    for (BudgetAdjustment a : adjustments) {
      boolean on = !at.isBefore(a.start()) && (a.end().isEmpty() || at.isBefore(a.end().get()));
      if (on && (found == null || !a.start().isBefore(found.start()))) {
        found = a;
      }
    }
    return found;
  }

  /** Checks one snapshot's budget figures against the reference, in the budget's unit. */
  private static void check(SloSnapshot s, SloSpec spec, List<BudgetAdjustment> adjustments) {
    BudgetAdjustment a = inForce(adjustments, s.windowEnd());
    boolean slices = s.timeslices();
    double units = slices ? (double) s.windowLength().toMillis() / s.sliceLength().toMillis()
        : s.validEvents();
    double spent = slices ? s.badSlices() : s.badEvents();
    double objective = a != null && a.objective().isPresent() ? a.objective().getAsDouble()
        : spec.objective();
    double extra = 0;
    if (a != null && a.extraBadEvents() > 0) {
      extra = a.extraBadEvents();
    } else if (a != null && !a.extraDowntime().isZero()) {
      extra = slices ? (double) a.extraDowntime().toMillis() / s.sliceLength().toMillis()
          : s.validEvents() * (double) a.extraDowntime().toMillis() / s.windowLength().toMillis();
    }
    double allowed = units * (1 - objective) + extra;
    double original = units * (1 - spec.objective());
    assertThat(s.adjusted()).as("adjusted at %s", s.windowEnd()).isEqualTo(a != null);
    assertThat(s.objective()).isEqualTo(spec.objective());
    assertThat(s.budgetObjective()).isEqualTo(objective);
    assertThat(s.extraAllowance()).isCloseTo(extra, within(1e-9));
    assertThat(slices ? s.allowedBadSlices() : s.allowedBadEvents())
        .isCloseTo(allowed, within(1e-6));
    if (spent > 0) {
      assertThat(s.budgetRemaining()).isCloseTo(1 - spent / allowed, within(1e-9));
      assertThat(s.originalBudgetRemaining()).isCloseTo(1 - spent / original, within(1e-9));
    } else {
      assertThat(s.budgetRemaining()).isEqualTo(1.0);
      assertThat(s.originalBudgetRemaining()).isEqualTo(1.0);
    }
  }

  @ParameterizedTest(name = "timeslices={0}")
  @ValueSource(booleans = {false, true})
  void bruteForceBudgetFiguresWithTemporaryAndLongTermAdjustments(boolean timeslices) {
    SloSpec.Builder builder = SloSpec.builder("checkout").objective("99.9%")
        .window(SloWindow.rolling(Duration.ofDays(1)));
    if (timeslices) {
      builder.budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95));
    }
    SloSpec spec = builder.build();
    SplittableRandom random = new SplittableRandom(15);
    Path file = dir.resolve("state-" + timeslices + ".bin");
    List<BudgetAdjustment> adjustments = new ArrayList<>();
    SloRegistry registry = registry(spec, file);
    try {
      Endpoint endpoint = registry.endpoint("GET", "/api/checkout");
      // a temporary objective that ends mid-window, an event (or downtime) allowance later, and a
      // long-term objective change that overrides both from its start on
      adjustments.add(BudgetAdjustment.objective(0.995, "migration", "cto", T.plusMillis(2 * HOUR),
          until(10 * HOUR)));
      adjustments.add(timeslices
          ? BudgetAdjustment.extraDowntime(Duration.ofMinutes(30), "incident credit", "vp",
              T.plusMillis(12 * HOUR), until(20 * HOUR))
          : BudgetAdjustment.extraBadEvents(500, "incident credit", "vp", T.plusMillis(12 * HOUR),
              until(20 * HOUR)));
      adjustments.add(BudgetAdjustment.objective(0.99, "new normal", "cto",
          T.plusMillis(30 * HOUR), Optional.empty()));
      adjustments.add(BudgetAdjustment.extraDowntime(Duration.ofHours(1), "outage credit", "vp",
          T.plusMillis(33 * HOUR), until(36 * HOUR)));
      for (BudgetAdjustment adjustment : adjustments) {
        registry.adjustBudget("checkout", adjustment);
      }
      for (long t = 0; t <= 2 * DAY; t += MINUTE) {
        clock.advanceTo(T.plusMillis(t));
        int requests = random.nextInt(50);
        int bad = random.nextInt(100) < 3 ? random.nextInt(requests + 1) : 0;
        for (int i = 0; i < requests; i++) {
          endpoint.record(i < bad ? 500 : 200, 1_000_000L);
        }
        registry.tick();
        if (t % (7 * MINUTE) == 0) {
          check(registry.snapshot("checkout").orElseThrow(), spec, adjustments);
        }
        if (t == DAY) { // a restart mid-way: the adjustments come back from the state file
          registry.close();
          registry = registry(spec, file);
          endpoint = registry.endpoint("GET", "/api/checkout");
          assertThat(registry.policy("checkout").orElseThrow().adjustments())
              .containsExactlyElementsOf(adjustments);
          check(registry.snapshot("checkout").orElseThrow(), spec, adjustments);
        }
      }
    } finally {
      registry.close();
    }
  }

  @Test
  void anAdjustmentLiftsTheExhaustionWhileInForceAndTheGateFollows() {
    SloSpec spec = SloSpec.builder("checkout").objective("99%")
        .window(SloWindow.rolling(Duration.ofDays(1))).build();
    try (SloRegistry registry = registry(spec, null)) {
      Endpoint endpoint = registry.endpoint("GET", "/api/checkout");
      for (int i = 0; i < 10_000; i++) {
        endpoint.record(i < 150 ? 500 : 200, 1_000_000L); // 150 bad, 100 allowed
      }
      registry.tick();
      assertThat(registry.status("checkout").orElseThrow().budgetState())
          .isEqualTo(BudgetState.EXHAUSTED);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isFalse();

      SloPolicy policy = registry.adjustBudget("checkout", BudgetAdjustment.objective(0.95,
          "migration", "cto", T, until(HOUR)));
      assertThat(policy.budgetInForce()).isEqualTo("adjusted");
      SloStatus adjusted = registry.status("checkout").orElseThrow();
      assertThat(adjusted.window().budgetRemaining()).isCloseTo(1 - 150.0 / 500, within(1e-9));
      assertThat(adjusted.window().originalBudgetRemaining()).isCloseTo(-0.5, within(1e-9));
      assertThat(adjusted.budgetState()).isEqualTo(BudgetState.HEALTHY);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isTrue();

      clock.advanceTo(T.plusMillis(HOUR)); // the adjustment ends: the whole window is judged again
      registry.tick();
      assertThat(registry.policy("checkout").orElseThrow().budgetInForce()).isEqualTo("original");
      assertThat(registry.status("checkout").orElseThrow().budgetState())
          .isEqualTo(BudgetState.EXHAUSTED);
      assertThat(ReleaseGate.over(registry).decide().allowed()).isFalse();

      assertThat(events).filteredOn(BudgetAdjustmentEvent.class::isInstance).singleElement()
          .satisfies(e -> {
            BudgetAdjustmentEvent event = (BudgetAdjustmentEvent) e;
            assertThat(event.slo()).isEqualTo("checkout");
            assertThat(event.objective()).isEqualTo(0.99);
            assertThat(event.adjustment().objective()).isEqualTo(OptionalDouble.of(0.95));
          });
    }
  }

  @Test
  void aLongTermAdjustmentIsANudgeToChangeTheSloAfterThirtyDays() {
    SloSpec spec = SloSpec.builder("checkout").objective("99.9%").build();
    try (SloRegistry registry = registry(spec, null)) {
      registry.adjustBudget("checkout", BudgetAdjustment.objective(0.995, "new normal", "cto", T,
          Optional.empty()));
      clock.advanceTo(T.plus(Duration.ofDays(30)));
      assertThat(registry.policy("checkout").orElseThrow().notes()).isEmpty();
      clock.advanceTo(T.plus(Duration.ofDays(30)).plusMillis(1));
      assertThat(registry.policy("checkout").orElseThrow().notes()).containsExactly(
          "long-term budget adjustment (objective 99.5%) in force since 2027-03-01T00:00:00Z,"
              + " over 30d: change the SLO itself");
    }
  }

  @Test
  void badAdjustmentsAreRejectedNamingTheField() {
    assertThatThrownBy(() -> new BudgetAdjustment(OptionalDouble.empty(), 0, Duration.ZERO, "r",
        "a", T, Optional.empty())).hasMessage("budget adjustment must be exactly one of an"
            + " objective, extra bad events or extra downtime but was none");
    assertThatThrownBy(() -> new BudgetAdjustment(OptionalDouble.of(0.99), 5, Duration.ZERO, "r",
        "a", T, Optional.empty())).hasMessage("budget adjustment must be exactly one of an"
            + " objective, extra bad events or extra downtime but was several");
    assertThatThrownBy(() -> BudgetAdjustment.objective(1.5, "r", "a", T, Optional.empty()))
        .hasMessage("budget adjustment objective must be in (0,1) but was \"1.5\"");
    assertThatThrownBy(() -> BudgetAdjustment.extraBadEvents(-1, "r", "a", T, Optional.empty()))
        .hasMessage("budget adjustment extra bad events must be between 0 and 1000000000000 but"
            + " was \"-1\"");
    assertThatThrownBy(() -> BudgetAdjustment.extraDowntime(Duration.ofDays(400), "r", "a", T,
        Optional.empty()))
        .hasMessage("budget adjustment extra downtime must be between 0s and 366d but was \"400d\"");
    assertThatThrownBy(() -> BudgetAdjustment.objective(0.99, " ", "a", T, Optional.empty()))
        .hasMessage("budget adjustment reason must be 1 to 512 characters, not blank but was \" \"");
    assertThatThrownBy(() -> BudgetAdjustment.objective(0.99, "r", "", T, Optional.empty()))
        .hasMessage("budget adjustment approver must be 1 to 128 characters, not blank but was an"
            + " empty string");
    assertThatThrownBy(() -> BudgetAdjustment.objective(0.99, "r", "a", T, Optional.of(T)))
        .hasMessage("budget adjustment end must be after its start 2027-03-01T00:00:00Z but was"
            + " \"2027-03-01T00:00:00Z\"");
    try (SloRegistry registry = registry(SloSpec.builder("checkout").build(), null)) {
      clock.advanceTo(T.plusMillis(HOUR));
      assertThatThrownBy(() -> registry.adjustBudget("nope",
          BudgetAdjustment.objective(0.99, "r", "a", T, Optional.empty())))
          .hasMessage("budget adjustment slo must be a registered SLO [checkout] but was \"nope\"");
      assertThatThrownBy(() -> registry.adjustBudget("checkout",
          BudgetAdjustment.objective(0.99, "r", "a", T, until(HOUR))))
          .hasMessage("budget adjustment end must be after now 2027-03-01T01:00:00Z but was"
              + " \"2027-03-01T01:00:00Z\"");
    }
  }
}
