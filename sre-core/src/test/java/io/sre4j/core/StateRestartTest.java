package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run split by restarts (the registry closed, which writes its state file, and a new registry
 * built on it) publishes the same alert and policy events and the same {@code sli_report} figures,
 * and ends with the same snapshots, as the uninterrupted run over the same requests.
 *
 * <p>Traffic: 20 hours from 2027-01-31T06:00Z (across the Europe/Berlin month boundary at 23:00Z),
 * two requests a second to two endpoints, with latency trouble at 07:00, a fast-burning outage at
 * 20:00 (pages) and a slow burn from midnight. Restarts land on interval boundaries (every 60 s), so both runs close the
 * same intervals: mid-alert, across the month boundary, and several in a row.
 */
final class StateRestartTest {

  private static final Instant START = Instant.parse("2027-01-31T06:00:00Z");
  private static final long STEP_MILLIS = 10_000;
  private static final long STEPS = Duration.ofHours(20).toMillis() / STEP_MILLIS;

  @TempDir Path dir;

  @Test
  void restartsAtManyPointsChangeNothingThatIsPublished() throws IOException {
    Run whole = run(Set.of(), dir.resolve("whole.state"));
    // an interval boundary every 6 steps: 1,440 = 10:00; 5,256 and 5,262 = 20:36 and 20:37,
    // mid-outage with the page firing; 6,300 = 23:30, after Berlin's month boundary (23:00Z);
    // 6,840 = 01:00 the next day, in the slow burn
    Run split = run(Set.of(1_440L, 5_256L, 5_262L, 6_300L, 6_840L), dir.resolve("split.state"));

    assertThat(whole.events).isNotEmpty();
    assertThat(whole.events.stream().filter(AlertEvent.class::isInstance)).hasSizeGreaterThan(2);
    assertThat(whole.events.stream().filter(BudgetPolicyEvent.class::isInstance)).isNotEmpty();
    assertThat(split.events).hasSameSizeAs(whole.events);
    for (int i = 0; i < whole.events.size(); i++) {
      // the state file's own figures (which file, writes, restore outcome) are the process's, not
      // the SLO's: they differ between the runs by design and are left out of the comparison
      assertThat(withoutStateFigures(split.events.get(i)))
          .as("event %d", i).isEqualTo(withoutStateFigures(whole.events.get(i)));
    }
    assertThat(split.snapshots).isEqualTo(whole.snapshots);
    assertThat(split.restores).containsOnly("restored");
    assertThat(split.restores).hasSize(5);
  }

  @Test
  void timeWhileDownIsTimeWithNoData() throws IOException {
    Path file = dir.resolve("down.state");
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = registry(clock, file)) {
      Endpoint checkout = registry.endpoint("POST", "/checkout");
      for (int i = 0; i < 100; i++) {
        checkout.record(i < 10 ? 503 : 200, 1_000_000);
      }
      registry.tick();
    }
    clock.advance(Duration.ofHours(2)); // the service was down for two hours
    try (SloRegistry registry = registry(clock, file)) {
      assertThat(registry.stateStatus()).hasValueSatisfying(status -> {
        assertThat(status.restoreOutcome()).isEqualTo("restored");
        assertThat(status.restoredFrom()).contains(START);
      });
      SloSnapshot month = registry.snapshot("availability").orElseThrow();
      assertThat(month.validEvents()).isEqualTo(100);
      assertThat(month.badEvents()).isEqualTo(10);
      assertThat(registry.lookback("availability", Duration.ofHours(1)).orElseThrow())
          .startsWith(0L, 0L);
      assertThat(registry.lookback("latency", Duration.ofHours(6)).orElseThrow())
          .startsWith(90L, 0L); // the 503s are not judged for latency
    }
  }

  @Test
  void aFirstStartWritesTheFileOnCloseAndCountsTheWrite() throws IOException {
    Path file = dir.resolve("first.state");
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = registry(clock, file);
    assertThat(registry.stateStatus().orElseThrow().restoreOutcome()).isEqualTo("fresh");
    assertThat(file).doesNotExist();

    registry.close();

    SloRegistry.StateStatus status = registry.stateStatus().orElseThrow();
    assertThat(status.writes()).isEqualTo(1);
    assertThat(status.writeFailures()).isZero();
    assertThat(status.lastWritten()).contains(START);
    assertThat(file).exists();
  }

  @Test
  void writesEveryFlushPeriodFromTheTick() throws IOException {
    Path file = dir.resolve("flush.state");
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry =
        builder(clock).stateFile(file).stateFlush(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 12; i++) { // two minutes of 10 s ticks
        clock.advance(Duration.ofSeconds(10));
        registry.tick();
      }
      assertThat(registry.stateStatus().orElseThrow().writes()).isEqualTo(4);
      assertThat(registry.stateStatus().orElseThrow().lastWritten())
          .contains(START.plus(Duration.ofMinutes(2)));
    }
  }

  @Test
  void aGateOverrideAndTheLastDeploymentSurviveARestart() throws IOException {
    Path file = dir.resolve("plans.state");
    ManualClock clock = ManualClock.at(START);
    MaintenanceWindow window =
        MaintenanceWindow.of(START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)).plus(
            Duration.ofMinutes(5)), "database upgrade");
    try (SloRegistry registry = registry(clock, file)) {
      registry.deployment("1.2.3");
      registry.declareMaintenance(window);
      ReleaseGate.over(registry).override("hotfix INC-1", Duration.ofHours(2));
    }
    clock.advance(Duration.ofMinutes(30));
    try (SloRegistry registry = registry(clock, file)) {
      assertThat(registry.lastDeployment()).contains(new Deployment("1.2.3", START));
      assertThat(registry.maintenanceWindows()).containsExactly(window);
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.overrideReason()).contains("hotfix INC-1");
      assertThat(decision.overrideUntil()).contains(START.plus(Duration.ofHours(2)));
    }
  }

  @Test
  void restoredWindowsKeepToTheAcceptedRangeAndArePrunedLikeDeclaredOnes() throws IOException {
    Path file = dir.resolve("windows.state");
    MaintenanceWindow soon = MaintenanceWindow.of(START.plus(Duration.ofHours(1)),
        START.plus(Duration.ofHours(2)), "soon");
    Instant later = START.plus(Duration.ofDays(300));
    MaintenanceWindow far = MaintenanceWindow.of(later, later.plus(Duration.ofHours(1)), "far");
    try (SloRegistry registry = registry(ManualClock.at(START), file)) {
      registry.declareMaintenance(soon);
      registry.declareMaintenance(far);
    }
    // a wall clock 100 days behind the file: "far" would end more than 365 days ahead
    try (SloRegistry registry =
        registry(ManualClock.at(START.minus(Duration.ofDays(100))), file)) {
      assertThat(registry.maintenanceWindows()).containsExactly(soon);
    }
    // the longest SLO window is the calendar month, 31 days: "soon" no longer matters after it
    ManualClock clock = ManualClock.at(START.plus(Duration.ofHours(2)).plus(Duration.ofDays(31)));
    try (SloRegistry registry = registry(clock, file)) {
      assertThat(registry.maintenanceWindows()).containsExactly(soon);
      clock.advance(Duration.ofMillis(1));
      registry.tick();
      assertThat(registry.maintenanceWindows()).isEmpty();
    }
  }

  private static SloEvent withoutStateFigures(SloEvent event) {
    if (event instanceof SliReport r) {
      return new SliReport(r.time(), r.service(), r.intervalStart(), r.intervalValid(),
          r.intervalBad(), r.latency(), r.status());
    }
    return event;
  }

  private record Run(List<SloEvent> events, List<SloSnapshot> snapshots, List<String> restores) {}

  /** Drives the traffic through a registry, restarting it after each step in {@code restarts}. */
  private static Run run(Set<Long> restarts, Path file) throws IOException {
    ManualClock clock = ManualClock.at(START);
    List<SloEvent> events = new ArrayList<>();
    List<String> restores = new ArrayList<>();
    SloRegistry registry = registry(clock, file, events);
    Random random = new Random(42);
    for (long step = 1; step <= STEPS; step++) {
      clock.advance(Duration.ofMillis(STEP_MILLIS));
      registry.tick();
      if (restarts.contains(step)) { // after the tick that closed an interval, before its requests
        registry.close();
        registry = registry(clock, file, events);
        restores.add(registry.stateStatus().orElseThrow().restoreOutcome());
      }
      Endpoint checkout = registry.endpoint("POST", "/checkout");
      Endpoint search = registry.endpoint("GET", "/search");
      double failure = failureRate(step);
      for (int i = 0; i < 10; i++) {
        checkout.record(random.nextDouble() < failure ? 503 : 200, latencyNanos(random, step));
        search.record(random.nextDouble() < failure / 4 ? 500 : 200, latencyNanos(random, step));
      }
      registry.tick();
    }
    List<SloSnapshot> snapshots = registry.sloSnapshots();
    registry.close();
    Files.deleteIfExists(file);
    return new Run(events, snapshots, restores);
  }

  private static double failureRate(long step) {
    long hour = step * STEP_MILLIS / 3_600_000;
    if (hour >= 14 && hour < 16) {
      return 0.2; // a fast burn: pages
    }
    if (hour >= 18 && hour < 20) {
      return 0.004; // a slow burn
    }
    return 0.0002;
  }

  private static long latencyNanos(Random random, long step) {
    long hour = step * STEP_MILLIS / 3_600_000;
    long millis = hour >= 1 && hour < 3 ? 300 + random.nextInt(1200) : 20 + random.nextInt(400);
    return millis * 1_000_000L;
  }

  private static SloRegistry registry(ManualClock clock, Path file) {
    return builder(clock).stateFile(file).build();
  }

  private static SloRegistry registry(ManualClock clock, Path file, List<SloEvent> events) {
    return builder(clock).stateFile(file).listener(events::add).build();
  }

  private static SloRegistry.Builder builder(ManualClock clock) {
    return SloRegistry.builder()
        .service("shop")
        .clock(clock)
        .manualTick()
        .slo(SloSpec.builder("availability")
            .objective(0.999)
            .window(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin")))
            .build())
        .slo(SloSpec.builder("latency")
            .sli(Sli.latency(Duration.ofMillis(800)))
            .objective(0.99)
            .window(SloWindow.rolling(Duration.ofDays(7)))
            .build())
        .slo(SloSpec.builder("checkout")
            .objective(0.995)
            .endpoints(new EndpointSelector(List.of("/checkout"), Set.of(), List.of()))
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
            .build());
  }
}
