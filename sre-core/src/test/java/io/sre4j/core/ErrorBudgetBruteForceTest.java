package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.TestTime.SECOND;
import static io.sre4j.core.testing.WindowOracle.between;
import static io.sre4j.core.testing.WindowOracle.leaves;
import static io.sre4j.core.testing.WindowOracle.lowerBound;
import static io.sre4j.core.testing.WindowOracle.windowStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloSpec.ErrorBudget;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Budget math of {@link SloSnapshot} checked against a brute-force computation over the raw event
 * list, on a manual clock, across rolling-window bucket edges, calendar months of 28 to 31 days,
 * ISO weeks and DST switches.
 *
 * <p>Protocol: the clock is set to an event's time, the event is recorded and the registry ticks,
 * so each event is stamped with its own time. The brute force uses the documented window
 * definitions: a rolling window of length {@code w} with tier width {@code width} holds an event at
 * {@code t} when {@code floorDiv(t, width) > floorDiv(now, width) − ceil(w / width)}; a calendar
 * window holds the events with {@code periodStart(now) <= t < periodEnd}; a time slice is bad when
 * it had valid events and {@code good / valid < sliceTarget}, is counted once a later slice began
 * and belongs to the bucket or period of its start.
 */
final class ErrorBudgetBruteForceTest {

  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** Tier-3 bucket width of every rolling window up to 31 days (TieredCounts javadoc). */
  private static final long BUCKET = 30 * MINUTE;

  private static final int THREW = -1;
  private static final long THRESHOLD_NANOS = 800_000_000L;
  private static final Duration SLICE = Duration.ofMinutes(1);
  private static final double SLICE_TARGET = 0.95;
  /** {@link #SLICE_TARGET} as a percentage, so the brute force judges slices in integers. */
  private static final int SLICE_TARGET_PERCENT = 95;

  private static final int NOT_VALID = 0;
  private static final int GOOD = 1;
  private static final int BAD = 2;

  private static final String[] ROUTES = {"/api/orders/{id}", "/api/orders", "/health"};
  private static final String[] METHODS = {"GET", "POST", "GET"};
  private static final int HEALTH = 2;

  private static final int[] BAD_STATUSES = {500, 502, 503, 504, THREW};
  private static final int[] OTHER_STATUSES =
      {200, 200, 200, 200, 201, 204, 302, 400, 404, 429, 499};
  private static final int[] DROPPED_STATUSES = {0, 99, 600, 1000, -7};
  /** Traffic with incidents: errors and slow requests in most bursts, every odd status. */
  private static final Mix MIXED = new Mix(new double[] {0.0, 0.0, 0.01, 0.05, 0.2, 0.6},
      new double[] {0.0, 0.02, 0.1, 0.5}, OTHER_STATUSES, true);
  /** Healthy traffic: rare errors and slow requests, no 429 (bad for the custom classifier). */
  private static final Mix HEALTHY = new Mix(new double[] {0.0, 0.0, 0.0, 0.002},
      new double[] {0.0, 0.0, 0.002},
      new int[] {200, 200, 200, 201, 204, 302, 400, 404, 499}, false);
  /** Healthy and mixed regimes of this length alternate, so budgets are under- and overspent. */
  private static final long REGIME = 17 * DAY;

  // ---------------------------------------------------------------------------------------------
  // the tests
  // ---------------------------------------------------------------------------------------------

  @Test
  void rollingWindowsOf30And28DaysMatchBruteForceAcrossTheirEdges() {
    long start = Instant.parse("2027-01-01T00:07:13Z").toEpochMilli();
    long end = start + 100 * DAY;
    long gapFrom = start + 45 * DAY; // 33 quiet days: the windows slide past all data
    long gapTo = start + 78 * DAY;
    Random random = new Random(0x5EED0001L);

    List<Event> events = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      if (random.nextInt(4) == 0) { // healthy after the gap: the budget is underspent again
        burst(random, events, between(random, gapTo, end), MINUTE, 1 + random.nextInt(10), HEALTHY);
      } else {
        burst(random, events, between(random, start, gapFrom), MINUTE, 1 + random.nextInt(10),
            MIXED);
      }
    }
    for (int i = 0; i < 150; i++) { // events on both sides of tier-3 bucket edges
      long edge = Math.floorDiv(between(random, start + HOUR, gapFrom), BUCKET) * BUCKET;
      for (long t = edge - 1; t <= edge + 1; t++) {
        burst(random, events, t, 0, 1 + random.nextInt(3));
      }
    }
    for (int i = 0; i < 400; i++) {
      checkpoints.add(between(random, start, end));
    }
    for (int i = 0; i < 150; i++) { // the moments an event leaves each window, and either side
      long t = events.get(random.nextInt(events.size())).timeMillis();
      long bucket = Math.floorDiv(t, BUCKET);
      for (long days : new long[] {30, 28}) {
        long leaves = (bucket + days * DAY / BUCKET) * BUCKET;
        checkpoints.add(leaves - 1);
        checkpoints.add(leaves);
        checkpoints.add(t + days * DAY);
      }
    }
    for (long t = gapFrom; t < gapTo; t += DAY / 2) {
      checkpoints.add(t);
    }
    checkpoints.add(end);

    Scenario scenario = new Scenario(start, List.of(
        slo("availability-30d", 0.99, SloWindow.rolling(Duration.ofDays(30)),
            Budgeting.occurrences(), new Verdicts(false, false, false)),
        slo("availability-28d-custom", 0.95, SloWindow.rolling(Duration.ofDays(28)),
            Budgeting.occurrences(), new Verdicts(false, false, true)),
        slo("latency-30d", 0.9, SloWindow.rolling(Duration.ofDays(30)),
            Budgeting.occurrences(), new Verdicts(true, false, false)),
        slo("latency-30d-custom", 0.95, SloWindow.rolling(Duration.ofDays(30)),
            Budgeting.occurrences(), new Verdicts(true, false, true)),
        slo("latency-28d-judged", 0.99, SloWindow.rolling(Duration.ofDays(28)),
            Budgeting.occurrences(), new Verdicts(true, true, true))));
    scenario.run(events, checkpoints);

    for (String name : scenario.coverage.keySet()) {
      Coverage coverage = scenario.coverage.get(name);
      assertThat(coverage.checks).as(name).isGreaterThan(1_000);
      assertThat(coverage.withData).as(name).isGreaterThan(500);
      assertThat(coverage.noData).as("%s: checkpoints after the window slid past all data", name)
          .isGreaterThan(5);
      assertThat(coverage.overspent).as("%s: remaining < 0 seen", name).isPositive();
      assertThat(coverage.underspent).as("%s: 0 < remaining < 1 seen", name).isPositive();
    }
    assertThat(scenario.coverage.get("availability-30d").lengths)
        .containsExactly(Duration.ofDays(30));
    assertThat(scenario.coverage.get("availability-28d-custom").lengths)
        .containsExactly(Duration.ofDays(28));
  }

  @Test
  void calendarMonthsOf28To31DaysMatchBruteForce() {
    long start = Instant.parse("2027-01-20T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2028-03-05T00:00:00Z").toEpochMilli();
    Random random = new Random(0x5EED0002L);
    List<Event> events = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    aroundBoundaries(random, events, checkpoints, monthStarts(UTC, start, end));
    sprinkle(random, events, checkpoints, start, end, 250, 200);

    Scenario scenario = new Scenario(start, List.of(
        slo("availability-month", 0.99, SloWindow.calendarMonth(UTC),
            Budgeting.occurrences(), new Verdicts(false, false, false)),
        slo("latency-month-judged", 0.95, SloWindow.calendarMonth(UTC),
            Budgeting.occurrences(), new Verdicts(true, true, true)),
        slo("latency-month-custom", 0.9, SloWindow.calendarMonth(UTC),
            Budgeting.occurrences(), new Verdicts(true, false, true))));
    scenario.run(events, checkpoints);

    for (Coverage coverage : scenario.coverage.values()) {
      assertThat(coverage.lengths).contains(
          Duration.ofDays(28), Duration.ofDays(29), Duration.ofDays(30), Duration.ofDays(31));
      assertThat(coverage.starts).contains(
          Instant.parse("2027-02-01T00:00:00Z"), // 28 days
          Instant.parse("2027-04-01T00:00:00Z"), // 30 days
          Instant.parse("2027-05-01T00:00:00Z"), // 31 days
          Instant.parse("2028-02-01T00:00:00Z")); // 29 days, leap year
      assertThat(coverage.withData).isGreaterThan(200);
      assertThat(coverage.overspent).isPositive();
      assertThat(coverage.underspent).isPositive();
    }
  }

  @Test
  void calendarWeeksMatchBruteForce() {
    long start = Instant.parse("2027-02-24T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2027-04-20T00:00:00Z").toEpochMilli();
    Random random = new Random(0x5EED0003L);
    List<Event> events = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    aroundBoundaries(random, events, checkpoints, weekStarts(UTC, start, end));
    aroundBoundaries(random, events, checkpoints, weekStarts(BERLIN, start, end));
    sprinkle(random, events, checkpoints, start, end, 150, 150);

    Scenario scenario = new Scenario(start, List.of(
        slo("availability-week", 0.99, SloWindow.calendarWeek(UTC),
            Budgeting.occurrences(), new Verdicts(false, false, false)),
        slo("latency-week-berlin", 0.95, SloWindow.calendarWeek(BERLIN),
            Budgeting.occurrences(), new Verdicts(true, false, true))));
    scenario.run(events, checkpoints);

    assertThat(scenario.coverage.get("availability-week").lengths)
        .containsExactly(Duration.ofDays(7));
    // Berlin moved to summer time on Sunday 2027-03-28: that week lasted 167 hours
    assertThat(scenario.coverage.get("latency-week-berlin").lengths)
        .containsExactlyInAnyOrder(Duration.ofDays(7), Duration.ofHours(167));
    assertThat(scenario.coverage.get("latency-week-berlin").starts)
        .contains(Instant.parse("2027-03-21T23:00:00Z"), Instant.parse("2027-03-28T22:00:00Z"));
    for (Coverage coverage : scenario.coverage.values()) {
      assertThat(coverage.starts).hasSizeGreaterThanOrEqualTo(7);
      assertThat(coverage.withData).isGreaterThan(150);
    }
  }

  @Test
  void calendarMonthsInDstZonesStartAtLocalMidnightAndMatchBruteForce() {
    long start = Instant.parse("2027-02-20T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2027-11-20T00:00:00Z").toEpochMilli();
    Random random = new Random(0x5EED0004L);
    List<Event> events = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    for (ZoneId zone : List.of(NEW_YORK, BERLIN)) {
      aroundBoundaries(random, events, checkpoints, monthStarts(zone, start, end));
      aroundDstSwitchDays(random, events, checkpoints, zone, start, end);
    }
    sprinkle(random, events, checkpoints, start, end, 250, 250);

    Scenario scenario = new Scenario(start, List.of(
        slo("availability-month-ny", 0.99, SloWindow.calendarMonth(NEW_YORK),
            Budgeting.occurrences(), new Verdicts(false, false, false)),
        slo("latency-month-ny", 0.95, SloWindow.calendarMonth(NEW_YORK),
            Budgeting.occurrences(), new Verdicts(true, true, false)),
        slo("availability-month-berlin", 0.95, SloWindow.calendarMonth(BERLIN),
            Budgeting.occurrences(), new Verdicts(false, false, true)),
        slo("latency-month-berlin", 0.9, SloWindow.calendarMonth(BERLIN),
            Budgeting.occurrences(), new Verdicts(true, false, true)),
        slo("availability-week-ny", 0.99, SloWindow.calendarWeek(NEW_YORK),
            Budgeting.occurrences(), new Verdicts(false, false, false))));
    scenario.run(events, checkpoints);

    Coverage newYork = scenario.coverage.get("availability-month-ny");
    Coverage berlin = scenario.coverage.get("availability-month-berlin");
    // March 2027 loses an hour in both zones; November (NY) and October (Berlin) gain one
    assertThat(newYork.lengths)
        .contains(Duration.ofHours(31 * 24 - 1), Duration.ofHours(30 * 24 + 1));
    assertThat(berlin.lengths)
        .contains(Duration.ofHours(31 * 24 - 1), Duration.ofHours(31 * 24 + 1));
    assertThat(newYork.starts).contains(
        Instant.parse("2027-03-01T05:00:00Z"), // EST midnight
        Instant.parse("2027-04-01T04:00:00Z"), // EDT midnight
        Instant.parse("2027-11-01T04:00:00Z"));
    assertThat(berlin.starts).contains(
        Instant.parse("2027-02-28T23:00:00Z"), // CET midnight of March 1st
        Instant.parse("2027-03-31T22:00:00Z"), // CEST midnight of April 1st
        Instant.parse("2027-10-31T23:00:00Z")); // CET midnight of November 1st
    assertThat(scenario.coverage.get("availability-week-ny").lengths)
        .contains(Duration.ofHours(167), Duration.ofHours(169));
    for (Coverage coverage : scenario.coverage.values()) {
      assertThat(coverage.dstSwitchDayChecks).as("checkpoints on the DST-switch days")
          .isGreaterThan(100);
      assertThat(coverage.withData).isGreaterThan(500);
    }
  }

  @Test
  void timeslicesMatchBruteForce() {
    long start = Instant.parse("2027-03-01T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2027-05-12T00:00:00Z").toEpochMilli();
    Random random = new Random(0x5EED0005L);
    List<Event> events = new ArrayList<>();
    List<Long> checkpoints = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      long center = between(random, start, end);
      burst(random, events, center, 90 * SECOND, 3 + random.nextInt(25));
      checkpoints.add(Math.floorDiv(center, MINUTE) * MINUTE + MINUTE * (1 + random.nextInt(2)));
    }
    for (int i = 0; i < 300; i++) { // slices right at the 95 % target and just under it
      long slice = Math.floorDiv(between(random, start, end), MINUTE) * MINUTE;
      exactSlice(random, events, slice, 20, 1 + random.nextInt(2));
      checkpoints.add(slice + MINUTE - 1);
      checkpoints.add(slice + MINUTE);
    }
    for (int i = 0; i < 150; i++) { // bad slices leaving the rolling windows
      long t = events.get(random.nextInt(events.size())).timeMillis();
      long leaves = leaves(t, 30 * DAY, BUCKET);
      checkpoints.add(leaves - 1);
      checkpoints.add(leaves);
    }
    aroundBoundaries(random, events, checkpoints, monthStarts(BERLIN, start, end));
    sprinkle(random, events, checkpoints, start, end, 100, 300);

    Scenario scenario = new Scenario(start, List.of(
        slo("availability-30d-slices", 0.999, SloWindow.rolling(Duration.ofDays(30)),
            Budgeting.timeslices(SLICE, SLICE_TARGET), new Verdicts(false, false, false)),
        slo("latency-28d-slices", 0.999, SloWindow.rolling(Duration.ofDays(28)),
            Budgeting.timeslices(SLICE, SLICE_TARGET), new Verdicts(true, true, true)),
        slo("availability-month-slices", 0.999, SloWindow.calendarMonth(BERLIN),
            Budgeting.timeslices(SLICE, SLICE_TARGET), new Verdicts(false, false, true))));
    scenario.run(events, checkpoints);

    for (Coverage coverage : scenario.coverage.values()) {
      assertThat(coverage.maxBadSlices).isGreaterThan(50);
      assertThat(coverage.overspent).isPositive();
      assertThat(coverage.underspent).isPositive();
    }
    assertThat(scenario.coverage.get("availability-month-slices").lengths)
        .contains(Duration.ofHours(31 * 24 - 1), Duration.ofDays(30));
  }

  @Test
  void fourNinesOverThirtyDaysAllow432MinutesOfBadTime() {
    assertThat(ErrorBudget.allowedDowntime(0.9999, Duration.ofDays(30)))
        .isEqualTo(Duration.parse("PT4M19.2S"))
        .isEqualTo(Duration.ofMillis(259_200));

    ManualClock clock = ManualClock.at(Instant.parse("2027-06-15T12:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("four-nines").objective("99.99%")
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95)).build())
        .build()) {
      SloSnapshot snapshot = registry.snapshot("four-nines").orElseThrow();
      assertThat(snapshot.allowedBadTime()).isEqualTo(Duration.parse("PT4M19.2S"));
      assertThat(snapshot.totalSlices()).isEqualTo(43_200.0);
      assertThat(snapshot.allowedBadSlices()).isCloseTo(4.32, within(1e-9));
    }
  }

  @Test
  void budgetRemainingGoesNegativeWhenOverspent() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-06-15T12:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("events").objective("99%").build())
        .slo(SloSpec.builder("slices").objective("99.99%")
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95)).build())
        .build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int minute = 0; minute < 6; minute++) { // six bad one-minute slices, 4.32 allowed
        for (int i = 0; i < 100; i++) {
          endpoint.record(i < 5 ? 200 : 503, 1_000_000);
        }
        clock.advance(Duration.ofSeconds(30));
        registry.tick();
        clock.advance(Duration.ofSeconds(30));
      }
      for (int i = 0; i < 400; i++) {
        endpoint.record(200, 1_000_000);
      }

      SloSnapshot events = registry.snapshot("events").orElseThrow();
      assertThat(events.validEvents()).isEqualTo(1_000);
      assertThat(events.badEvents()).isEqualTo(570);
      assertThat(events.allowedBadEvents()).isCloseTo(10.0, within(1e-9));
      assertThat(events.budgetConsumed()).isCloseTo(57.0, within(1e-9));
      assertThat(events.budgetRemaining()).isNegative().isCloseTo(-56.0, within(1e-9));

      SloSnapshot slices = registry.snapshot("slices").orElseThrow();
      assertThat(slices.badSlices()).isEqualTo(6);
      assertThat(slices.badTime()).isEqualTo(Duration.ofMinutes(6));
      assertThat(slices.budgetConsumed()).isCloseTo(6 / 4.32, within(1e-9));
      assertThat(slices.budgetRemaining()).isNegative().isCloseTo(1 - 6 / 4.32, within(1e-9));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the brute force
  // ---------------------------------------------------------------------------------------------

  /** One request as fed: its time, endpoint (index into {@link #ROUTES}), status, duration. */
  private record Event(long timeMillis, int endpoint, int status, long durationNanos) {}

  /**
   * How one SLO judges a request, written independently of {@link StatusClassifier}.
   *
   * @param latency a latency SLI with an 800 ms threshold, else availability
   * @param judgeFailures whether a latency SLI judges failed requests by their duration
   * @param custom the classifier {@code StatusClassifier.of("5xx,429", "499")}, else the default
   */
  private record Verdicts(boolean latency, boolean judgeFailures, boolean custom) {
    int of(Event event) {
      int status = event.status();
      if (event.endpoint() == HEALTH || status != THREW && (status < 100 || status > 599)) {
        return NOT_VALID; // not covered, or dropped by record()
      }
      if (custom && status == 499) {
        return NOT_VALID;
      }
      boolean failure = status == THREW || status >= 500 || custom && status == 429;
      if (!latency) {
        return failure ? BAD : GOOD;
      }
      if (failure && !judgeFailures) {
        return NOT_VALID;
      }
      long nanos = Math.min(Math.max(event.durationNanos(), 0), Endpoint.MAX_DURATION_NANOS);
      return nanos > THRESHOLD_NANOS ? BAD : GOOD;
    }
  }

  private record SloCase(SloSpec spec, Verdicts verdicts) {
    String name() {
      return spec.name();
    }
  }

  private static SloCase slo(
      String name, double objective, SloWindow window, Budgeting budgeting, Verdicts verdicts) {
    Sli sli = verdicts.latency()
        ? new Sli.Latency(Duration.ofNanos(THRESHOLD_NANOS), verdicts.judgeFailures())
        : Sli.availability();
    StatusClassifier classifier =
        verdicts.custom() ? StatusClassifier.of("5xx,429", "499") : StatusClassifier.defaults();
    SloSpec spec = SloSpec.builder(name)
        .sli(sli)
        .objective(objective)
        .window(window)
        .budgeting(budgeting)
        .endpoints(EndpointSelector.routes("/api/**"))
        .classifier(classifier)
        .build();
    return new SloCase(spec, verdicts);
  }

  /** The figures compared, from a snapshot or from the brute force. */
  private record Figures(
      long validEvents,
      long badEvents,
      long goodEvents,
      double sli,
      double allowedBadEvents,
      double budgetConsumed,
      double budgetRemaining,
      Instant windowStart,
      Instant windowEnd,
      Duration windowLength,
      long badSlices,
      double allowedBadSlices,
      Duration allowedBadTime) {

    static Figures of(SloSnapshot s) {
      return new Figures(s.validEvents(), s.badEvents(), s.goodEvents(), s.sli(),
          s.allowedBadEvents(), s.budgetConsumed(), s.budgetRemaining(), s.windowStart(),
          s.windowEnd(), s.windowLength(), s.badSlices(), s.allowedBadSlices(), s.allowedBadTime());
    }

    boolean matches(Figures e) {
      return validEvents == e.validEvents && badEvents == e.badEvents && goodEvents == e.goodEvents
          && close(sli, e.sli) && close(allowedBadEvents, e.allowedBadEvents)
          && close(budgetConsumed, e.budgetConsumed) && close(budgetRemaining, e.budgetRemaining)
          && windowStart.equals(e.windowStart) && windowEnd.equals(e.windowEnd)
          && windowLength.equals(e.windowLength) && badSlices == e.badSlices
          && close(allowedBadSlices, e.allowedBadSlices) && allowedBadTime.equals(e.allowedBadTime);
    }

    /** Equal within 1e-12 relative; NaN never matches. */
    private static boolean close(double actual, double expected) {
      if (Double.isNaN(actual) || Double.isNaN(expected) || Double.isInfinite(actual)) {
        return false;
      }
      return actual == expected
          || Math.abs(actual - expected) <= 1e-12 * Math.max(Math.abs(actual), Math.abs(expected));
    }
  }

  private static Figures bruteForce(
      SloCase slo, List<Event> events, long[] times, int fed, long now) {
    SloSpec spec = slo.spec();
    long from;
    long length;
    if (spec.window() instanceof SloWindow.Calendar calendar) {
      long[] period = period(calendar, now);
      from = period[0];
      length = period[1] - period[0];
    } else {
      length = spec.window().nominalLength().toMillis();
      from = windowStart(now, length, BUCKET);
    }
    long sliceMillis =
        spec.budgeting() instanceof Budgeting.Timeslices t ? t.slice().toMillis() : 0;
    long valid = 0;
    long bad = 0;
    long badSlices = 0;
    long openSlice = Long.MIN_VALUE; // events are sorted: each slice's events are contiguous
    long sliceValid = 0;
    long sliceBad = 0;
    long nowSlice = sliceMillis > 0 ? Math.floorDiv(now, sliceMillis) : 0;
    for (int i = lowerBound(times, from, fed); i < fed; i++) {
      Event event = events.get(i);
      int verdict = slo.verdicts().of(event);
      if (verdict == NOT_VALID) {
        continue;
      }
      valid++;
      if (verdict == BAD) {
        bad++;
      }
      if (sliceMillis > 0) {
        long slice = Math.floorDiv(event.timeMillis(), sliceMillis);
        if (slice != openSlice) {
          badSlices += badSlice(sliceValid, sliceBad);
          openSlice = slice;
          sliceValid = 0;
          sliceBad = 0;
        }
        if (slice < nowSlice) { // closed: a later slice has begun
          sliceValid++;
          sliceBad += verdict == BAD ? 1 : 0;
        }
      }
    }
    badSlices += badSlice(sliceValid, sliceBad);
    double allowedFraction = 1.0 - spec.objective();
    double allowedBadEvents = valid * allowedFraction;
    double allowedBadSlices =
        sliceMillis > 0 ? (double) length / sliceMillis * allowedFraction : 0.0;
    double consumed;
    if (sliceMillis > 0) {
      consumed = badSlices == 0 ? 0.0 : badSlices / allowedBadSlices;
    } else {
      consumed = bad == 0 ? 0.0 : bad / allowedBadEvents;
    }
    return new Figures(valid, bad, valid - bad, valid == 0 ? 1.0 : (double) (valid - bad) / valid,
        allowedBadEvents, consumed, 1.0 - consumed, Instant.ofEpochMilli(from),
        Instant.ofEpochMilli(now), Duration.ofMillis(length), badSlices, allowedBadSlices,
        Duration.ofMillis(Math.round(length * allowedFraction)));
  }

  /** 1 when a slice with these counts is bad: it had valid events and good/valid < target. */
  private static int badSlice(long valid, long bad) {
    return valid > 0 && (valid - bad) * 100 < SLICE_TARGET_PERCENT * valid ? 1 : 0;
  }

  /** {start, end} of the calendar period holding {@code now}, from local midnights. */
  private static long[] period(SloWindow.Calendar calendar, long now) {
    ZoneId zone = calendar.zone();
    LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
    LocalDate first;
    LocalDate next;
    if (calendar.period() == SloWindow.Period.MONTH) {
      first = LocalDate.of(today.getYear(), today.getMonth(), 1);
      next = first.plusMonths(1);
    } else {
      first = today.minusDays(today.getDayOfWeek().getValue() - 1L);
      next = first.plusDays(7);
    }
    return new long[] {localMidnight(first, zone), localMidnight(next, zone)};
  }

  private static long localMidnight(LocalDate date, ZoneId zone) {
    return ZonedDateTime.of(date, LocalTime.MIDNIGHT, zone).toInstant().toEpochMilli();
  }

  /** What a scenario's checkpoints went through, per SLO. */
  private static final class Coverage {
    int checks;
    int withData;
    int noData;
    int overspent;
    int underspent;
    int dstSwitchDayChecks;
    long maxBadSlices;
    final Set<Duration> lengths = new TreeSet<>();
    final Set<Instant> starts = new TreeSet<>();
  }

  /** One registry on a manual clock, fed an event list and checked at checkpoints. */
  private static final class Scenario {
    final long startMillis;
    final List<SloCase> slos;
    final ManualClock clock;
    final SloRegistry registry;
    final Endpoint[] endpoints = new Endpoint[ROUTES.length];
    final Map<String, Coverage> coverage = new LinkedHashMap<>();
    final Set<LocalDate> dstSwitchDays = new TreeSet<>();

    Scenario(long startMillis, List<SloCase> slos) {
      this.startMillis = startMillis;
      this.slos = slos;
      this.clock = ManualClock.at(Instant.ofEpochMilli(startMillis));
      SloRegistry.Builder builder = SloRegistry.builder().manualTick().clock(clock)
          .interval(Duration.ofHours(1));
      for (SloCase slo : slos) {
        builder.slo(slo.spec());
        coverage.put(slo.name(), new Coverage());
      }
      this.registry = builder.build();
      for (int i = 0; i < ROUTES.length; i++) {
        endpoints[i] = registry.endpoint(METHODS[i], ROUTES[i]);
      }
      for (SloCase slo : slos) {
        if (slo.spec().window() instanceof SloWindow.Rolling rolling) {
          assertThat(registry.lookbackResolution(slo.name(), rolling.length()))
              .as("documented tier-3 width of %s", slo.name())
              .contains(Duration.ofMillis(BUCKET));
        } else if (slo.spec().window() instanceof SloWindow.Calendar calendar) {
          ZoneRules rules = calendar.zone().getRules();
          ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochMilli(startMillis));
          for (; t != null && t.getInstant().toEpochMilli() < startMillis + 500 * DAY;
              t = rules.nextTransition(t.getInstant())) {
            dstSwitchDays.add(t.getInstant().atZone(calendar.zone()).toLocalDate());
          }
        }
      }
    }

    void run(List<Event> unsorted, List<Long> checkpointList) {
      List<Event> events = new ArrayList<>();
      for (Event event : unsorted) {
        if (event.timeMillis() >= startMillis) {
          events.add(event);
        }
      }
      events.sort(Comparator.comparingLong(Event::timeMillis));
      long[] times = events.stream().mapToLong(Event::timeMillis).toArray();
      long[] checkpoints = checkpointList.stream().mapToLong(Long::longValue)
          .filter(t -> t >= startMillis).sorted().distinct().toArray();
      int fed = 0;
      int checked = 0;
      try (registry) {
        while (fed < times.length || checked < checkpoints.length) {
          boolean eventNext = fed < times.length
              && (checked == checkpoints.length || times[fed] <= checkpoints[checked]);
          if (eventNext) {
            long t = times[fed];
            clock.advanceTo(Instant.ofEpochMilli(t));
            for (; fed < times.length && times[fed] == t; fed++) {
              record(events.get(fed));
            }
            registry.tick();
          } else {
            long now = checkpoints[checked++];
            clock.advanceTo(Instant.ofEpochMilli(now));
            for (SloCase slo : slos) {
              check(slo, events, times, fed, now);
            }
          }
        }
      }
    }

    private void record(Event event) {
      Endpoint endpoint = endpoints[event.endpoint()];
      if (event.status() == THREW) {
        endpoint.recordThrown(event.durationNanos());
      } else {
        endpoint.record(event.status(), event.durationNanos());
      }
    }

    private void check(SloCase slo, List<Event> events, long[] times, int fed, long now) {
      SloSnapshot snapshot = registry.snapshot(slo.name()).orElseThrow();
      Figures actual = Figures.of(snapshot);
      Figures expected = bruteForce(slo, events, times, fed, now);
      if (!actual.matches(expected)) {
        assertThat(actual).as("%s at %s", slo.name(), Instant.ofEpochMilli(now))
            .isEqualTo(expected);
      }
      if (slo.spec().window() instanceof SloWindow.Calendar calendar) {
        ZonedDateTime start = snapshot.windowStart().atZone(calendar.zone());
        assertThat(start.toLocalTime()).as("%s starts at local midnight", slo.name())
            .isEqualTo(LocalTime.MIDNIGHT);
        if (calendar.period() == SloWindow.Period.MONTH) {
          assertThat(start.getDayOfMonth()).as("%s starts on the 1st", slo.name()).isEqualTo(1);
        } else {
          assertThat(start.getDayOfWeek()).as("%s starts on Monday", slo.name())
              .isEqualTo(DayOfWeek.MONDAY);
        }
        LocalDate today = Instant.ofEpochMilli(now).atZone(calendar.zone()).toLocalDate();
        if (dstSwitchDays.contains(today)) {
          coverage.get(slo.name()).dstSwitchDayChecks++;
        }
      }
      Coverage c = coverage.get(slo.name());
      c.checks++;
      if (snapshot.noData()) {
        c.noData++;
      } else {
        c.withData++;
      }
      if (snapshot.budgetRemaining() < 0) {
        c.overspent++;
      } else if (snapshot.budgetRemaining() > 0 && snapshot.budgetRemaining() < 1) {
        c.underspent++;
      }
      c.maxBadSlices = Math.max(c.maxBadSlices, snapshot.badSlices());
      c.lengths.add(snapshot.windowLength());
      c.starts.add(snapshot.windowStart());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // event generation
  // ---------------------------------------------------------------------------------------------

  /**
   * The traffic a burst draws from.
   *
   * @param errorRates the error rate of a burst is one of these
   * @param slowRates the slow rate of a burst is one of these
   * @param statuses the statuses of requests that did not fail
   * @param oddDurations whether durations at and just over the threshold, negative and over 1 h
   *     appear
   */
  private record Mix(
      double[] errorRates, double[] slowRates, int[] statuses, boolean oddDurations) {}

  /** A burst in the regime of its time: healthy and mixed 17-day stretches alternate. */
  private static void burst(
      Random random, List<Event> out, long center, long spreadMillis, int count) {
    Mix mix = Math.floorMod(Math.floorDiv(center, REGIME), 2) == 0 ? HEALTHY : MIXED;
    burst(random, out, center, spreadMillis, count, mix);
  }

  /** {@code count} requests within {@code spreadMillis} of {@code center}, with one error mix. */
  private static void burst(
      Random random, List<Event> out, long center, long spreadMillis, int count, Mix mix) {
    double errorRate = mix.errorRates()[random.nextInt(mix.errorRates().length)];
    double slowRate = mix.slowRates()[random.nextInt(mix.slowRates().length)];
    for (int i = 0; i < count; i++) {
      long t = center + (spreadMillis == 0 ? 0 : between(random, -spreadMillis, spreadMillis + 1));
      int endpoint = random.nextInt(12) == 0 ? HEALTH : random.nextInt(2);
      int status;
      if (mix.oddDurations() && random.nextInt(100) == 0) {
        status = DROPPED_STATUSES[random.nextInt(DROPPED_STATUSES.length)];
      } else if (random.nextDouble() < errorRate) {
        status = BAD_STATUSES[random.nextInt(BAD_STATUSES.length)];
      } else {
        status = mix.statuses()[random.nextInt(mix.statuses().length)];
      }
      out.add(new Event(t, endpoint, status, duration(random, slowRate, mix.oddDurations())));
    }
  }

  private static long duration(Random random, double slowRate, boolean oddDurations) {
    switch (oddDurations ? random.nextInt(200) : 199) {
      case 0:
        return THRESHOLD_NANOS; // good: at the threshold
      case 1:
        return THRESHOLD_NANOS + 1;
      case 2:
        return -5; // clamped to 0
      case 3:
        return 2 * Endpoint.MAX_DURATION_NANOS; // clamped to 1 h
      default:
        break;
    }
    if (random.nextDouble() < slowRate) {
      return THRESHOLD_NANOS + 1 + random.nextInt(4_000_000) * 1_000L;
    }
    return 1_000 + (long) (random.nextDouble() * (THRESHOLD_NANOS - 1_000));
  }

  /** One one-minute slice of {@code valid} fast requests on the API, {@code bad} of them 500s. */
  private static void exactSlice(
      Random random, List<Event> out, long sliceStart, int valid, int bad) {
    for (int i = 0; i < valid; i++) {
      long t = sliceStart + between(random, 0, MINUTE);
      out.add(new Event(t, random.nextInt(2), i < bad ? 500 : 200, 1_000_000L));
    }
  }

  /** Bursts near each boundary, events at it and either side, and checkpoints around it. */
  private static void aroundBoundaries(
      Random random, List<Event> events, List<Long> checkpoints, List<Long> boundaries) {
    for (long boundary : boundaries) {
      for (int i = 0; i < 25; i++) {
        burst(random, events, between(random, boundary - 3 * DAY, boundary + 3 * DAY), MINUTE,
            1 + random.nextInt(8));
      }
      for (long t = boundary - 1; t <= boundary + 1; t++) {
        burst(random, events, t, 0, 1 + random.nextInt(3));
      }
      for (long offset : new long[] {-HOUR, -1, 0, 1, HOUR, DAY}) {
        checkpoints.add(boundary + offset);
      }
    }
  }

  /** Requests every few minutes over each local DST-switch day, checkpoints every 20 minutes. */
  private static void aroundDstSwitchDays(
      Random random, List<Event> events, List<Long> checkpoints, ZoneId zone, long from, long to) {
    ZoneOffsetTransition transition = zone.getRules().nextTransition(Instant.ofEpochMilli(from));
    while (transition != null && transition.getInstant().toEpochMilli() < to) {
      long at = transition.getInstant().toEpochMilli();
      LocalDate day = transition.getInstant().atZone(zone).toLocalDate();
      long dayStart = localMidnight(day, zone);
      long dayEnd = localMidnight(day.plusDays(1), zone);
      for (long t = dayStart; t < dayEnd; t += 5 * MINUTE) {
        long center = t + between(random, 0, 5 * MINUTE);
        burst(random, events, center, 30 * SECOND, 1 + random.nextInt(4));
      }
      for (long t = dayStart; t <= dayEnd; t += 20 * MINUTE) {
        checkpoints.add(t);
      }
      for (long t = at - 1; t <= at + 1; t++) {
        burst(random, events, t, 0, 2);
        checkpoints.add(t);
      }
      transition = zone.getRules().nextTransition(transition.getInstant());
    }
  }

  /** Random bursts and random checkpoints over the whole run. */
  private static void sprinkle(Random random, List<Event> events, List<Long> checkpoints,
      long from, long to, int bursts, int checks) {
    for (int i = 0; i < bursts; i++) {
      burst(random, events, between(random, from, to), MINUTE, 1 + random.nextInt(8));
    }
    for (int i = 0; i < checks; i++) {
      checkpoints.add(between(random, from, to));
    }
    checkpoints.add(to);
  }

  private static List<Long> monthStarts(ZoneId zone, long from, long to) {
    List<Long> starts = new ArrayList<>();
    LocalDate first = Instant.ofEpochMilli(from).atZone(zone).toLocalDate().withDayOfMonth(1);
    for (LocalDate month = first; localMidnight(month, zone) <= to; month = month.plusMonths(1)) {
      if (localMidnight(month, zone) > from) {
        starts.add(localMidnight(month, zone));
      }
    }
    return starts;
  }

  private static List<Long> weekStarts(ZoneId zone, long from, long to) {
    List<Long> starts = new ArrayList<>();
    LocalDate day = Instant.ofEpochMilli(from).atZone(zone).toLocalDate();
    LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1L);
    for (; localMidnight(monday, zone) <= to; monday = monday.plusWeeks(1)) {
      if (localMidnight(monday, zone) > from) {
        starts.add(localMidnight(monday, zone));
      }
    }
    return starts;
  }
}
