package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.TestTime.SECOND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Planned maintenance: requests inside a window are left out of the SLI, the budget, the burn
 * rates and the alerts, and counted separately; windows start and end at ticks; the planned
 * downtime inside a compliance window is checked against the budget.
 */
final class MaintenanceTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  /** 99.9 % over 30 days: 43 min 12 s of downtime allowed. */
  private static final SloSpec AVAILABILITY = SloSpec.builder("availability").objective("99.9%").build();

  /** A registry on a manual clock that keeps every event. */
  private static final class Harness implements AutoCloseable {
    final ManualClock clock;
    final List<SloEvent> events = new ArrayList<>();
    final SloRegistry registry;
    final Endpoint endpoint;

    Harness(Instant start, UnaryOperator<SloRegistry.Builder> config, SloSpec... specs) {
      clock = ManualClock.at(start);
      SloRegistry.Builder builder = SloRegistry.builder().service("shop").clock(clock).manualTick()
          .listener(events::add);
      for (SloSpec spec : specs) {
        builder.slo(spec);
      }
      registry = config.apply(builder).build();
      endpoint = registry.endpoint("GET", "/api/orders/{id}");
    }

    Harness(SloSpec... specs) {
      this(T, UnaryOperator.identity(), specs);
    }

    /**
     * From {@code from} (inclusive) to {@code to} (exclusive) in 10 s steps: advance, tick, record
     * 10 requests (all failing when {@code failing} says so), tick.
     */
    void traffic(Instant from, Instant to, LongPredicate failing) {
      for (long t = from.toEpochMilli(); t < to.toEpochMilli(); t += 10 * SECOND) {
        step(Instant.ofEpochMilli(t), 10, failing.test(t));
      }
    }

    void step(Instant at, int requests, boolean failing) {
      clock.advanceTo(at);
      registry.tick();
      for (int i = 0; i < requests; i++) {
        endpoint.record(failing ? 503 : 200, 10_000_000L);
      }
      registry.tick();
    }

    SloStatus status(String slo) {
      return registry.status(slo).orElseThrow();
    }

    List<MaintenanceEvent> maintenanceEvents() {
      return events.stream().filter(MaintenanceEvent.class::isInstance)
          .map(MaintenanceEvent.class::cast).toList();
    }

    List<AlertEvent> alerts() {
      return events.stream().filter(AlertEvent.class::isInstance).map(AlertEvent.class::cast).toList();
    }

    @Override
    public void close() {
      registry.close();
    }
  }

  private static Instant at(long offsetMillis) {
    return T.plusMillis(offsetMillis);
  }

  // ------------------------------------------------------------------------------------------
  // exclusion

  @Test
  void anOutageInsideMaintenanceIsLeftOutOfSliBudgetBurnRatesAndAlerts() {
    LongPredicate outage = t -> t >= at(HOUR + 5 * MINUTE).toEpochMilli()
        && t < at(HOUR + 35 * MINUTE).toEpochMilli();
    try (Harness planned = new Harness(AVAILABILITY)) {
      MaintenanceWindow window = MaintenanceWindow.of(at(HOUR), at(HOUR + 40 * MINUTE), "database upgrade");
      assertThat(planned.registry.declareMaintenance(window)).isEmpty();
      planned.traffic(T, at(3 * HOUR), outage);

      SloStatus status = planned.status("availability");
      long inside = 40 * 6 * 10; // 240 steps of 10 requests
      assertThat(status.window().validEvents()).isEqualTo(3 * 360 * 10 - inside);
      assertThat(status.window().badEvents()).isZero();
      assertThat(status.window().budgetRemaining()).isEqualTo(1.0);
      assertThat(status.maintenanceEvents()).isEqualTo(inside);
      assertThat(status.inMaintenance()).isFalse();
      assertThat(status.burnRates()).isNotEmpty().allSatisfy(burn -> assertThat(burn.badEvents()).isZero());
      assertThat(status.burnRates()).filteredOn(burn -> burn.window().equals(Duration.ofHours(6)))
          .singleElement().satisfies(burn -> assertThat(burn.validEvents()).isEqualTo(3 * 360 * 10 - inside));
      assertThat(status.firing()).isEmpty();
      assertThat(status.budgetState()).isEqualTo(BudgetState.HEALTHY);
      assertThat(planned.alerts()).isEmpty();
    }
    try (Harness unplanned = new Harness(AVAILABILITY)) {
      unplanned.traffic(T, at(3 * HOUR), outage);

      SloStatus status = unplanned.status("availability");
      assertThat(status.window().validEvents()).isEqualTo(3 * 360 * 10);
      assertThat(status.window().badEvents()).isEqualTo(30 * 6 * 10);
      assertThat(status.maintenanceEvents()).isZero();
      assertThat(unplanned.alerts()).anySatisfy(alert -> {
        assertThat(alert.severity()).isEqualTo("page");
        assertThat(alert.firing()).isTrue();
      });
    }
  }

  @Test
  void windowsDeclaredAheadStartAndEndAtTheTicksThatReachThem() {
    try (Harness h = new Harness(AVAILABILITY)) {
      MaintenanceWindow window =
          MaintenanceWindow.of(at(HOUR + 5 * SECOND), at(HOUR + 10 * MINUTE + 5 * SECOND), "kernel patch");
      h.registry.declareMaintenance(window);
      assertThat(h.registry.maintenanceWindows()).containsExactly(window);

      h.step(at(HOUR + 4 * SECOND), 1, false); // before: counted
      assertThat(h.status("availability").inMaintenance()).isFalse();
      h.clock.advanceTo(at(HOUR + 5 * SECOND));
      h.endpoint.record(200, 1_000_000L); // inside, but no tick has seen the window yet: counted
      h.registry.tick();
      assertThat(h.status("availability").inMaintenance()).isTrue();
      h.endpoint.record(200, 1_000_000L); // left out
      h.step(at(HOUR + 10 * MINUTE + 4 * SECOND), 1, false); // left out
      h.step(at(HOUR + 10 * MINUTE + 5 * SECOND), 1, false); // the end is exclusive: counted

      SloStatus status = h.status("availability");
      assertThat(status.inMaintenance()).isFalse();
      assertThat(status.window().validEvents()).isEqualTo(3);
      assertThat(status.maintenanceEvents()).isEqualTo(2);
      assertThat(h.maintenanceEvents()).extracting(MaintenanceEvent::kind, MaintenanceEvent::time)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, T),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, at(HOUR + 5 * SECOND)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, at(HOUR + 10 * MINUTE + 5 * SECOND)));
      assertThat(h.maintenanceEvents()).allSatisfy(event -> {
        assertThat(event.window()).isEqualTo(window);
        assertThat(event.overBudget()).isEmpty();
        assertThat(event.service()).isEqualTo("shop");
      });
    }
  }

  @Test
  void withTenSecondTicksAWindowStartsAndEndsAtTheFirstTickAtOrAfterItsEdge() {
    try (Harness h = new Harness(AVAILABILITY)) {
      h.registry.declareMaintenance(MaintenanceWindow.of(at(HOUR + 3 * SECOND), at(HOUR + MINUTE + 3 * SECOND), "x"));
      h.traffic(at(HOUR - MINUTE), at(HOUR + 2 * MINUTE), t -> false);
      assertThat(h.maintenanceEvents()).extracting(MaintenanceEvent::kind, MaintenanceEvent::time)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, T),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, at(HOUR + 10 * SECOND)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, at(HOUR + MINUTE + 10 * SECOND)));
      assertThat(h.status("availability").maintenanceEvents()).isEqualTo(6 * 10);
      assertThat(h.status("availability").window().validEvents()).isEqualTo(12 * 10);
    }
  }

  @Test
  void overlappingWindowsCountOnceInTrafficAndInThePolicyCheck() {
    try (Harness h = new Harness(AVAILABILITY)) {
      MaintenanceWindow first = MaintenanceWindow.of(at(HOUR), at(HOUR + 30 * MINUTE), "first");
      MaintenanceWindow second = MaintenanceWindow.of(at(HOUR + 10 * MINUTE), at(HOUR + 40 * MINUTE), "second");
      MaintenanceWindow third = MaintenanceWindow.of(at(HOUR + 35 * MINUTE), at(HOUR + 50 * MINUTE), "third");
      // 60 minutes in all, but their union is 40: within 43m12s
      assertThat(h.registry.declareMaintenance(first)).isEmpty();
      assertThat(h.registry.declareMaintenance(second)).isEmpty();
      // the union grows to 50 minutes
      List<String> over = h.registry.declareMaintenance(third);
      assertThat(over).containsExactly(
          "availability: 50m planned > 43m12s allowed in 30d from 2027-03-01T01:00:00Z");

      h.traffic(at(50 * MINUTE), at(2 * HOUR), t -> false);

      SloStatus status = h.status("availability");
      assertThat(status.maintenanceEvents()).isEqualTo(50 * 6 * 10);
      assertThat(status.window().validEvents()).isEqualTo(20 * 6 * 10);
      assertThat(h.maintenanceEvents()).extracting(MaintenanceEvent::kind, e -> e.window().reason(), MaintenanceEvent::time)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, "first", T),
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, "second", T),
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, "third", T),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, "first", at(HOUR)),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, "second", at(HOUR + 10 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, "first", at(HOUR + 30 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, "third", at(HOUR + 35 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, "second", at(HOUR + 40 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, "third", at(HOUR + 50 * MINUTE)));
      assertThat(h.maintenanceEvents().get(2).overBudget()).isEqualTo(over);
    }
  }

  @Test
  void aWindowForOneSloLeavesTheOthersAlone() {
    SloSpec relaxed = SloSpec.builder("relaxed").objective("99%").build(); // 7h12m allowed in 30d
    try (Harness h = new Harness(AVAILABILITY, relaxed)) {
      MaintenanceWindow window =
          new MaintenanceWindow(at(HOUR), at(HOUR + 30 * MINUTE), "reindex", Set.of("availability"));
      assertThat(window.appliesTo("availability")).isTrue();
      assertThat(window.appliesTo("relaxed")).isFalse();
      h.registry.declareMaintenance(window);
      h.traffic(at(50 * MINUTE), at(2 * HOUR), t -> t < at(HOUR + 20 * MINUTE).toEpochMilli());

      SloStatus availability = h.status("availability");
      SloStatus other = h.status("relaxed");
      assertThat(availability.maintenanceEvents()).isEqualTo(30 * 6 * 10);
      assertThat(availability.window().validEvents()).isEqualTo(40 * 6 * 10);
      assertThat(availability.window().badEvents()).isEqualTo(10 * 6 * 10);
      assertThat(other.maintenanceEvents()).isZero();
      assertThat(other.window().validEvents()).isEqualTo(70 * 6 * 10);
      assertThat(other.window().badEvents()).isEqualTo(30 * 6 * 10);

      // the budget check only looks at the SLOs a window applies to
      Instant later = at(5 * 24 * HOUR);
      assertThat(h.registry.declareMaintenance(
          new MaintenanceWindow(later, later.plus(Duration.ofHours(1)), "relaxed only", Set.of("relaxed"))))
          .isEmpty();
      assertThat(h.registry.declareMaintenance(
          new MaintenanceWindow(later, later.plus(Duration.ofHours(1)), "strict only", Set.of("availability"))))
          .containsExactly("availability: 1h30m planned > 43m12s allowed in 30d from 2027-03-01T01:00:00Z");
    }
  }

  // ------------------------------------------------------------------------------------------
  // the compliance-window edge

  @Test
  void aWindowAcrossTheMonthEdgeIsCheckedAgainstEachMonthAndCountedInEach() {
    SloSpec monthly = SloSpec.builder("monthly").objective("99.9%")
        .window(SloWindow.calendarMonth(ZoneOffset.UTC)).build();
    SloSpec rolling = SloSpec.builder("rolling").objective("99.9%").build();
    Instant feb20 = Instant.parse("2027-02-20T00:00:00Z");
    try (Harness h = new Harness(feb20, UnaryOperator.identity(), monthly, rolling)) {
      // 30 min in February (40m19s200ms allowed) and 40 in March (44m38s400ms allowed): fine by the
      // month, but 70 minutes in one rolling 30 days
      MaintenanceWindow edge = MaintenanceWindow.of(
          Instant.parse("2027-02-28T23:30:00Z"), Instant.parse("2027-03-01T00:40:00Z"), "migration");
      assertThat(h.registry.declareMaintenance(edge)).containsExactly(
          "rolling: 1h10m planned > 43m12s allowed in 30d from 2027-02-28T23:30:00Z");
      // five more minutes in March tip that month over
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(
          Instant.parse("2027-03-15T00:00:00Z"), Instant.parse("2027-03-15T00:05:00Z"), "patch")))
          .containsExactly(
              "monthly: 45m planned > 44m38s400ms allowed in month from 2027-03-01T00:00:00Z",
              "rolling: 1h15m planned > 43m12s allowed in 30d from 2027-02-28T23:30:00Z");

      h.traffic(Instant.parse("2027-02-28T23:20:00Z"), Instant.parse("2027-03-01T00:00:00Z"), t -> false);
      assertThat(h.status("monthly").maintenanceEvents()).isEqualTo(30 * 6 * 10);
      assertThat(h.status("monthly").window().windowStart()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
      h.traffic(Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-03-01T00:50:00Z"), t -> false);
      SloStatus march = h.status("monthly");
      assertThat(march.window().windowStart()).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
      assertThat(march.maintenanceEvents()).isEqualTo(40 * 6 * 10);
      assertThat(march.window().validEvents()).isEqualTo(10 * 6 * 10);
      assertThat(h.status("rolling").maintenanceEvents()).isEqualTo(70 * 6 * 10);
      assertThat(h.status("rolling").window().validEvents()).isEqualTo(20 * 6 * 10);
    }
  }

  @Test
  void anHourAcrossTheMonthEdgeWithMostOfItInFebruaryIsOverFebruarysBudget() {
    SloSpec monthly = SloSpec.builder("monthly").objective("99.9%")
        .window(SloWindow.calendarMonth(ZoneOffset.UTC)).build();
    try (Harness h = new Harness(Instant.parse("2027-02-20T00:00:00Z"), UnaryOperator.identity(), monthly)) {
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(
          Instant.parse("2027-02-28T23:00:00Z"), Instant.parse("2027-03-01T00:10:00Z"), "migration")))
          .containsExactly("monthly: 1h planned > 40m19s200ms allowed in month from 2027-02-01T00:00:00Z");
    }
  }

  @Test
  void aRollingWindowChecksEverySpanOfItsLengthNotTheTotal() {
    try (Harness h = new Harness(Instant.parse("2027-02-20T00:00:00Z"), UnaryOperator.identity(), AVAILABILITY)) {
      // 30 + 20 = 50 minutes planned, but no 30 days hold more than 35 of them
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(
          Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-03-01T00:30:00Z"), "a"))).isEmpty();
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(
          Instant.parse("2027-03-30T23:55:00Z"), Instant.parse("2027-03-31T00:15:00Z"), "b"))).isEmpty();
      // 15 more minutes just before the second: the 30 days from Mar 1 now hold 30 + 15 + 5
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(
          Instant.parse("2027-03-30T23:40:00Z"), Instant.parse("2027-03-30T23:55:00Z"), "c")))
          .containsExactly("availability: 50m planned > 43m12s allowed in 30d from 2027-03-01T00:00:00Z");
    }
  }

  // ------------------------------------------------------------------------------------------
  // the policy check: reported, or rejected when strict

  @Test
  void overBudgetWindowIsReportedAndAcceptedByDefault() {
    try (Harness h = new Harness(AVAILABILITY)) {
      MaintenanceWindow window = MaintenanceWindow.of(at(24 * HOUR), at(25 * HOUR), "datacenter move");
      List<String> over = h.registry.declareMaintenance(window);

      assertThat(over).containsExactly(
          "availability: 1h planned > 43m12s allowed in 30d from 2027-03-02T00:00:00Z");
      assertThat(h.registry.maintenanceWindows()).containsExactly(window);
      assertThat(h.maintenanceEvents()).singleElement().satisfies(event -> {
        assertThat(event.kind()).isEqualTo(Kind.DECLARED);
        assertThat(event.kind().label()).isEqualTo("declared");
        assertThat(event.window()).isEqualTo(window);
        assertThat(event.overBudget()).isEqualTo(over);
      });
    }
  }

  @Test
  void overBudgetWindowIsRejectedInStrictMode() {
    try (Harness h = new Harness(T, b -> b.strictMaintenance(true), AVAILABILITY)) {
      MaintenanceWindow window = MaintenanceWindow.of(at(24 * HOUR), at(25 * HOUR), "datacenter move");

      assertThatIllegalStateException().isThrownBy(() -> h.registry.declareMaintenance(window))
          .withMessage("maintenance window 2027-03-02T00:00:00Z..2027-03-02T01:00:00Z exceeds the error "
              + "budget: availability: 1h planned > 43m12s allowed in 30d from 2027-03-02T00:00:00Z");
      assertThat(h.registry.maintenanceWindows()).isEmpty();
      assertThat(h.maintenanceEvents()).singleElement().satisfies(event -> {
        assertThat(event.kind()).isEqualTo(Kind.REJECTED);
        assertThat(event.window()).isEqualTo(window);
        assertThat(event.overBudget()).containsExactly(
            "availability: 1h planned > 43m12s allowed in 30d from 2027-03-02T00:00:00Z");
      });
      // within budget is still accepted in strict mode
      assertThat(h.registry.declareMaintenance(MaintenanceWindow.of(at(24 * HOUR), at(24 * HOUR + 40 * MINUTE), "ok")))
          .isEmpty();
      assertThat(h.registry.maintenanceWindows()).hasSize(1);
    }
  }

  // ------------------------------------------------------------------------------------------
  // ad hoc windows and validation

  @Test
  void startMaintenanceStartsNow() {
    try (Harness h = new Harness(AVAILABILITY)) {
      h.traffic(T, at(10 * MINUTE), t -> false);
      h.clock.advanceTo(at(10 * MINUTE));
      MaintenanceWindow window = h.registry.startMaintenance(Duration.ofMinutes(20), "failover drill");

      assertThat(window).isEqualTo(MaintenanceWindow.of(at(10 * MINUTE), at(30 * MINUTE), "failover drill"));
      assertThat(h.status("availability").inMaintenance()).isTrue();
      h.endpoint.record(503, 1_000_000L);
      h.traffic(at(10 * MINUTE + 10 * SECOND), at(40 * MINUTE), t -> false);

      SloStatus status = h.status("availability");
      assertThat(status.maintenanceEvents()).isEqualTo(1 + (20 * 6 - 1) * 10);
      assertThat(status.window().badEvents()).isZero();
      assertThat(status.window().validEvents()).isEqualTo(20 * 6 * 10);
      assertThat(h.maintenanceEvents()).extracting(MaintenanceEvent::kind, MaintenanceEvent::time)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Kind.DECLARED, at(10 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.STARTED, at(10 * MINUTE)),
              org.assertj.core.groups.Tuple.tuple(Kind.ENDED, at(30 * MINUTE)));
    }
  }

  static Stream<Arguments> badWindows() {
    Instant end = T.plus(Duration.ofHours(1));
    String tooLong = "r".repeat(257);
    return Stream.of(
        Arguments.of(T, T, "x",
            "maintenance end must be after its start 2027-03-01T00:00:00Z but was \"2027-03-01T00:00:00Z\""),
        Arguments.of(T, T.minusSeconds(1), "x",
            "maintenance end must be after its start 2027-03-01T00:00:00Z but was \"2027-02-28T23:59:59Z\""),
        Arguments.of(T, end, "",
            "maintenance reason must be 1 to 256 characters, not blank but was an empty string"),
        Arguments.of(T, end, " \t",
            "maintenance reason must be 1 to 256 characters, not blank but was \" \\u0009\""),
        Arguments.of(T, end, tooLong,
            "maintenance reason must be 1 to 256 characters, not blank but was \"" + "r".repeat(200) + "…\" (257 characters)"));
  }

  @ParameterizedTest
  @MethodSource("badWindows")
  void badWindowsAreRejected(Instant start, Instant end, String reason, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> MaintenanceWindow.of(start, end, reason))
        .withMessage(message);
  }

  @Test
  void badAdHocWindowsAndNullsAreRejected() {
    try (Harness h = new Harness(AVAILABILITY)) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> h.registry.startMaintenance(Duration.ZERO, "x"))
          .withMessage("maintenance end must be after its start 2027-03-01T00:00:00Z but was \"2027-03-01T00:00:00Z\"");
      assertThatIllegalArgumentException()
          .isThrownBy(() -> h.registry.startMaintenance(Duration.ofMinutes(-5), "x"))
          .withMessage("maintenance end must be after its start 2027-03-01T00:00:00Z but was \"2027-02-28T23:55:00Z\"");
      assertThat(h.registry.maintenanceWindows()).isEmpty();
    }
    assertThatNullPointerException().isThrownBy(() -> new MaintenanceWindow(T, T.plusSeconds(1), "x", null))
        .withMessage("slos");
    assertThatNullPointerException().isThrownBy(() -> MaintenanceWindow.of(null, T, "x"))
        .withMessage("start");
  }
  // ---- the accepted range and the bound on windows kept

  static Stream<Arguments> outOfRangeWindows() {
    String range = "from 2027-01-30T00:00:00Z (the longest SLO window, 30d, before now) to"
        + " 2028-02-29T00:00:00Z (365d after now)";
    return Stream.of(
        // stored as a window at 1970 before: now out of range
        Arguments.of("0001-01-01T00:00:00Z", "0001-01-01T01:00:00Z",
            "maintenance start must be " + range + " but was \"0001-01-01T00:00:00Z\""),
        Arguments.of("2027-01-29T23:59:59Z", "2027-03-01T01:00:00Z",
            "maintenance start must be " + range + " but was \"2027-01-29T23:59:59Z\""),
        // named by every later over_budget before
        Arguments.of("9999-01-01T00:00:00Z", "9999-01-01T01:00:00Z",
            "maintenance start must be " + range + " but was \"9999-01-01T00:00:00Z\""),
        Arguments.of("2028-02-28T23:00:00Z", "2028-02-29T00:00:01Z",
            "maintenance end must be " + range + " but was \"2028-02-29T00:00:01Z\""),
        // a long overflow before (epoch milliseconds of year 999,999,999)
        Arguments.of("+999999999-12-31T00:00:00Z", "+999999999-12-31T01:00:00Z",
            "maintenance start must be " + range + " but was \"+999999999-12-31T00:00:00Z\""));
  }

  @ParameterizedTest
  @MethodSource("outOfRangeWindows")
  void windowsOutsideTheAcceptedRangeAreRejected(String start, String end, String message) {
    try (Harness h = new Harness(AVAILABILITY)) {
      MaintenanceWindow window =
          MaintenanceWindow.of(Instant.parse(start), Instant.parse(end), "out of range");
      assertThatIllegalArgumentException().isThrownBy(() -> h.registry.declareMaintenance(window))
          .isInstanceOf(ConfigException.class)
          .withMessage(message);
      assertThat(h.registry.maintenanceWindows()).isEmpty();
      assertThat(h.maintenanceEvents()).isEmpty();
    }
  }

  @Test
  void theRangeReachesBackOverTheLongestSloWindowAndAYearAhead() {
    SloSpec quarter = SloSpec.builder("quarter").objective("90%")
        .window(SloWindow.rolling(Duration.ofDays(90))).build();
    try (Harness h = new Harness(T, UnaryOperator.identity(), AVAILABILITY, quarter)) {
      Instant earliest = T.minus(Duration.ofDays(90));
      Instant latest = T.plus(Duration.ofDays(365));
      h.registry.declareMaintenance(MaintenanceWindow.of(earliest, earliest.plusSeconds(60), "old"));
      h.registry.declareMaintenance(MaintenanceWindow.of(latest.minusSeconds(60), latest, "far"));
      assertThat(h.registry.maintenanceWindows()).extracting(MaintenanceWindow::reason)
          .containsExactly("old", "far");
      assertThatIllegalArgumentException().isThrownBy(() -> h.registry.declareMaintenance(
              MaintenanceWindow.of(earliest.minusMillis(1), earliest.plusSeconds(60), "older")))
          .withMessageStartingWith("maintenance start must be from 2026-12-01T00:00:00Z (the longest"
              + " SLO window, 90d, before now)");
    }
  }

  @Test
  void windowsAreForgottenOnceTheyEndedBeforeEverySlosWindowStarted() {
    try (Harness h = new Harness(AVAILABILITY)) {
      MaintenanceWindow window = MaintenanceWindow.of(at(HOUR), at(2 * HOUR), "upgrade");
      h.registry.declareMaintenance(window);
      h.clock.advanceTo(at(2 * HOUR).plus(Duration.ofDays(30)));
      h.registry.tick();
      assertThat(h.registry.maintenanceWindows()).as("ended exactly 30d ago: still in the window")
          .containsExactly(window);
      h.clock.advance(Duration.ofMillis(1));
      h.registry.tick();
      assertThat(h.registry.maintenanceWindows()).isEmpty();
    }
  }

  @Test
  void atMostAThousandWindowsAreKept() {
    try (Harness h = new Harness(SloSpec.builder("relaxed").objective("1%").build())) {
      for (int i = 0; i < 1_000; i++) {
        Instant start = at(HOUR + i * MINUTE);
        h.registry.declareMaintenance(MaintenanceWindow.of(start, start.plusSeconds(30), "w" + i));
      }
      Instant start = at(HOUR + 1_000 * MINUTE);
      assertThatIllegalStateException().isThrownBy(() -> h.registry.declareMaintenance(
              MaintenanceWindow.of(start, start.plusSeconds(30), "one too many")))
          .withMessage("at most 1000 maintenance windows are kept and 1000 still matter (the first"
              + " ends at 2027-03-01T01:00:30Z); declare fewer, longer windows or wait until older"
              + " ones end");
      assertThat(h.registry.maintenanceWindows()).hasSize(1_000);

      // once the first has ended and the SLO's 30 days have passed it, there is room again
      h.clock.advanceTo(at(HOUR + 30 * SECOND).plus(Duration.ofDays(30)).plusMillis(1));
      h.registry.declareMaintenance(MaintenanceWindow.of(h.clock.instant(),
          h.clock.instant().plusSeconds(30), "room again"));
      assertThat(h.registry.maintenanceWindows()).hasSize(1_000)
          .extracting(MaintenanceWindow::reason).doesNotContain("w0").contains("room again");
    }
  }
}
