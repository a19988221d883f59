package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.MINUTE;
import static io.sre4j.core.testing.TestTime.SECOND;
import static io.sre4j.core.testing.WindowOracle.holds;
import static io.sre4j.core.testing.WindowOracle.lookbackWidth;
import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongToDoubleFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Alert firing and resolving, checked against a brute-force evaluation over the raw events.
 *
 * <p>A seeded generator makes the traffic; the registry replays it on a manual clock with the
 * protocol "advance to t, tick, record t's requests, tick", so every request is stamped at its
 * step's time t and each scheduled evaluation (the first tick of each 10 s period) sees exactly
 * the requests stamped before it. The brute force evaluates, at the same instants, each rule's long
 * and short burn over the raw (stamp, valid, bad) list with the documented bucket semantics: a
 * lookback {@code w}, answered by the finest tier of width {@code width} spanning it, holds a
 * request stamped {@code t} at {@code now} iff {@code floorDiv(t, width) > floorDiv(now, width) −
 * ceil(w / width)}. It derives the expected {@link AlertEvent}s, readings included, and the test
 * asserts the registry published exactly those.
 */
final class AlertBruteForceTest {

  private static final long EVALUATION = 10 * SECOND;

  private static final String SERVICE = "orders";
  private static final String SLO = "availability";
  private static final SloSpec SPEC = SloSpec.builder(SLO).objective("99.9%").build();
  private static final Instant START = Instant.parse("2027-03-01T00:00:00Z");

  /**
   * The raw traffic: at each step's time, how many requests and how many of them failed. Every
   * step is present (possibly empty) because the registry ticks at every step.
   */
  private record Traffic(long[] stamps, long[] valid, long[] bad) {
    long totalBad() {
      long sum = 0;
      for (long b : bad) {
        sum += b;
      }
      return sum;
    }
  }

  // ------------------------------------------------------------------------------------------
  // scenarios

  @Test
  void fastBurnPagesWithinMinutesAndResolvesAfterTheIncident() {
    // six healthy hours first, so that every page window is full when the incident starts
    long incidentStart = START.toEpochMilli() + 6 * HOUR + 3 * SECOND;
    long incidentEnd = incidentStart + HOUR;
    Traffic traffic = steadyTraffic(0xFA57L, SECOND, 14 * HOUR,
        t -> t >= incidentStart && t < incidentEnd ? 0.10 : 0.0005);

    List<AlertEvent> actual = replay(traffic, UnaryOperator.identity());
    List<AlertEvent> expected = bruteForce(traffic, AlertRule.defaults(), 100);

    assertThat(actual).containsExactlyElementsOf(expected);
    assertFiresOnceAndResolvesOnce(actual, "page");
    assertFiresOnceAndResolvesOnce(actual, "ticket");
    AlertEvent page = firing(actual, "page");
    AlertEvent pageResolved = resolved(actual, "page");
    // 10 % errors burn at 100x: the 1 h window reaches 14.4x once about 8.4 min of the hour are
    // incident (Workbook detection time 0.001 / 0.1 × 1 h × 14.4 = 8.64 min, a little less here
    // because the hour before was not error-free); plus at most one 10 s bucket and one period.
    assertThat(Duration.between(Instant.ofEpochMilli(incidentStart), page.time()))
        .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(9));
    assertThat(pageResolved.time()).isAfter(Instant.ofEpochMilli(incidentEnd));
    assertThat(pageResolved.since()).isEqualTo(page.time());
    assertThat(resolved(actual, "ticket").time()).isAfter(pageResolved.time());
    // the reading that fired: the 1 h / 5 m rule, both burns at or over 14.4
    AlertReading fast = page.readings().get(0);
    assertThat(fast.rule()).isEqualTo(AlertRule.defaults().get(0));
    assertThat(fast.holds()).isTrue();
    assertThat(fast.longBurn().window()).isEqualTo(Duration.ofHours(1));
    assertThat(fast.longBurn().rate()).isGreaterThanOrEqualTo(14.4).isLessThan(20);
    assertThat(fast.shortBurn().window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(fast.shortBurn().rate()).isGreaterThan(90);
    assertThat(fast.longBurn().validEvents()).isGreaterThan(3_600 * 5);
  }

  @Test
  void severeOutagePagesWithinFiveMinutesOfItsStart() {
    long incidentStart = START.toEpochMilli() + HOUR + 7 * SECOND;
    long incidentEnd = incidentStart + 20 * MINUTE;
    Traffic traffic = steadyTraffic(0x5E7EL, SECOND, 3 * HOUR,
        t -> t >= incidentStart && t < incidentEnd ? 0.30 : 0.0005);

    List<AlertEvent> actual = replay(traffic, UnaryOperator.identity());

    assertThat(actual).containsExactlyElementsOf(bruteForce(traffic, AlertRule.defaults(), 100));
    assertFiresOnceAndResolvesOnce(actual, "page");
    assertThat(Duration.between(Instant.ofEpochMilli(incidentStart), firing(actual, "page").time()))
        .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void slowBurnOpensOnlyATicket() {
    long burnStart = START.toEpochMilli() + DAY;
    // days of traffic: 2 to 8 requests a second keep the run short
    Traffic traffic = steadyTraffic(0x510BL, 10 * SECOND, DAY + 3 * DAY + 12 * HOUR, 2, 8,
        t -> t >= burnStart ? 0.002 : 0.0005);

    List<AlertEvent> actual = replay(traffic, UnaryOperator.identity());

    assertThat(actual).containsExactlyElementsOf(bruteForce(traffic, AlertRule.defaults(), 100));
    assertThat(actual).noneMatch(e -> e.severity().equals("page"));
    assertThat(actual).filteredOn(e -> e.severity().equals("ticket") && e.firing()).isNotEmpty();
    AlertEvent ticket = firing(actual, "ticket");
    assertThat(ticket.time()).isAfter(Instant.ofEpochMilli(burnStart));
    AlertReading reading = ticket.readings().get(0);
    assertThat(reading.longBurn().window()).isEqualTo(Duration.ofDays(3));
    assertThat(reading.shortBurn().window()).isEqualTo(Duration.ofHours(6));
    assertThat(reading.longBurn().rate()).isGreaterThanOrEqualTo(1.0).isLessThan(2.0);
    assertThat(reading.shortBurn().rate()).isGreaterThanOrEqualTo(1.0).isLessThan(2.5);
    assertAlternates(actual);
  }

  @Test
  void healthyServiceRaisesNothing() {
    Traffic traffic = steadyTraffic(0x0E1FL, 10 * SECOND, 4 * DAY, 2, 8, t -> 0.0005);

    List<AlertEvent> actual = replay(traffic, UnaryOperator.identity());

    assertThat(traffic.totalBad()).isGreaterThan(500);
    assertThat(bruteForce(traffic, AlertRule.defaults(), 100)).isEmpty();
    assertThat(actual).isEmpty();
  }

  @Test
  void oneFailureOnALowTrafficNightIsKeptQuietByTheGuard() {
    Traffic night = lowTrafficNight(0x3A3L);
    assertThat(night.totalBad()).isEqualTo(1);

    List<AlertEvent> guarded = replay(night, UnaryOperator.identity());

    assertThat(bruteForce(night, AlertRule.defaults(), 100)).isEmpty();
    assertThat(guarded).isEmpty();
  }

  @Test
  void theSameNightWouldPageWithoutTheGuard() {
    Traffic night = lowTrafficNight(0x3A3L);

    List<AlertEvent> unguarded = replay(night, builder -> builder.minAlertEvents(0));

    List<AlertEvent> expected = bruteForce(night, AlertRule.defaults(), 0);
    assertThat(unguarded).containsExactlyElementsOf(expected);
    assertFiresOnceAndResolvesOnce(unguarded, "page");
    AlertEvent page = firing(unguarded, "page");
    assertThat(page.readings().get(0).longBurn().validEvents()).isLessThan(20);
    assertThat(page.readings().get(0).longBurn().rate()).isGreaterThan(14.4);
    assertThat(resolved(unguarded, "page").since()).isEqualTo(page.time());
  }

  @Test
  void customRulesAreEvaluatedTheSameWay() {
    long incidentStart = START.toEpochMilli() + 40 * MINUTE;
    Traffic traffic = steadyTraffic(0xC057L, SECOND, 3 * HOUR,
        t -> t >= incidentStart && t < incidentStart + 30 * MINUTE ? 0.02 : 0.0);
    List<AlertRule> rules = AlertRule.parse("alert.rules", "sev1:30m/2m:10,sev2:2h/10m:3,sev2:1h/5m:8");

    List<AlertEvent> actual = replay(traffic, builder -> builder.alertRules(rules).minAlertEvents(500));

    assertThat(actual).containsExactlyElementsOf(bruteForce(traffic, rules, 500));
    assertFiresOnceAndResolvesOnce(actual, "sev1");
    assertFiresOnceAndResolvesOnce(actual, "sev2");
    assertThat(firing(actual, "sev2").readings()).hasSize(2);
  }

  // ------------------------------------------------------------------------------------------
  // traffic

  /**
   * 5 to 20 requests a second (seeded), each step of {@code stepMillis} stamped at its start; the
   * failures are spread evenly so that a given error ratio is exact rather than noisy.
   */
  private static Traffic steadyTraffic(long seed, long stepMillis, long lengthMillis,
      LongToDoubleFunction errorRatioAt) {
    return steadyTraffic(seed, stepMillis, lengthMillis, 5, 20, errorRatioAt);
  }

  /** As above, {@code min} to {@code max} requests a second. */
  private static Traffic steadyTraffic(long seed, long stepMillis, long lengthMillis, int min,
      int max, LongToDoubleFunction errorRatioAt) {
    Random random = new Random(seed);
    int steps = (int) (lengthMillis / stepMillis);
    long[] stamps = new long[steps];
    long[] valid = new long[steps];
    long[] bad = new long[steps];
    double owed = 0;
    for (int i = 0; i < steps; i++) {
      long t = START.toEpochMilli() + i * stepMillis;
      long requests = 0;
      for (long s = 0; s < stepMillis; s += SECOND) {
        requests += min + random.nextInt(max - min + 1);
      }
      double ratio = errorRatioAt.applyAsDouble(t);
      long failed = 0;
      for (long r = 0; r < requests; r++) {
        owed += ratio;
        if (owed >= 1.0) {
          owed -= 1.0;
          failed++;
        }
      }
      stamps[i] = t;
      valid[i] = requests;
      bad[i] = failed;
    }
    return new Traffic(stamps, valid, bad);
  }

  /**
   * 22:00 to 10:00 in 10 s steps, a handful of requests an hour (3 to 8, at random steps), and one
   * failure: the first request after 03:00.
   */
  private static Traffic lowTrafficNight(long seed) {
    Random random = new Random(seed);
    long from = START.toEpochMilli() + 22 * HOUR;
    int steps = (int) (12 * HOUR / (10 * SECOND));
    long[] stamps = new long[steps];
    long[] valid = new long[steps];
    long[] bad = new long[steps];
    for (int i = 0; i < steps; i++) {
      stamps[i] = from + i * 10 * SECOND;
    }
    int perHour = 360;
    for (int hour = 0; hour < 12; hour++) {
      int requests = 3 + random.nextInt(6);
      for (int r = 0; r < requests; r++) {
        valid[hour * perHour + random.nextInt(perHour)]++;
      }
    }
    long failAfter = from + 5 * HOUR;
    for (int i = 0; i < steps; i++) {
      if (stamps[i] >= failAfter && valid[i] > 0) {
        bad[i] = 1;
        break;
      }
    }
    return new Traffic(stamps, valid, bad);
  }

  // ------------------------------------------------------------------------------------------
  // the registry under test

  private static List<AlertEvent> replay(Traffic traffic, UnaryOperator<SloRegistry.Builder> config) {
    ManualClock clock = ManualClock.at(Instant.ofEpochMilli(traffic.stamps()[0]));
    List<AlertEvent> alerts = new ArrayList<>();
    SloRegistry.Builder builder = SloRegistry.builder()
        .service(SERVICE)
        .clock(clock)
        .manualTick()
        .slo(SPEC)
        .listener(event -> {
          if (event instanceof AlertEvent alert) {
            alerts.add(alert);
          }
        });
    try (SloRegistry registry = config.apply(builder).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int i = 0; i < traffic.stamps().length; i++) {
        clock.advanceTo(Instant.ofEpochMilli(traffic.stamps()[i]));
        registry.tick();
        long good = traffic.valid()[i] - traffic.bad()[i];
        for (long r = 0; r < good; r++) {
          endpoint.record(200, 20_000_000L);
        }
        for (long r = 0; r < traffic.bad()[i]; r++) {
          endpoint.record(503, 20_000_000L);
        }
        registry.tick();
      }
      assertThat(registry.listenerFailures()).isZero();
    }
    // the budget figures every alert event now carries; the brute force judges the rules only
    List<AlertEvent> rulesOnly = new ArrayList<>(alerts.size());
    for (AlertEvent alert : alerts) {
      assertThat(alert.budgetRemaining()).isFinite();
      assertThat(alert.exhaustion()).extracting(e -> e.burn().window())
          .containsExactlyElementsOf(SloStatus.FORECAST_LOOKBACKS);
      rulesOnly.add(new AlertEvent(alert.time(), alert.service(), alert.slo(), alert.severity(),
          alert.firing(), alert.since(), alert.readings()));
    }
    return rulesOnly;
  }

  // ------------------------------------------------------------------------------------------
  // the brute force

  /** The documented edge semantics: whether a request stamped {@code t} is inside the lookback. */
  private static boolean inside(long t, long now, long lookbackMillis) {
    return holds(t, now, lookbackMillis, lookbackWidth(lookbackMillis));
  }

  /**
   * Replays the raw list: at each step's first tick that starts a new 10 s period it evaluates
   * every rule over the requests stamped before that tick, and emits what changed.
   */
  private static List<AlertEvent> bruteForce(Traffic traffic, List<AlertRule> rules, long minValid) {
    long[] stamps = traffic.stamps();
    int n = stamps.length;
    long[] prefixValid = new long[n + 1];
    long[] prefixBad = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefixValid[i + 1] = prefixValid[i] + traffic.valid()[i];
      prefixBad[i + 1] = prefixBad[i] + traffic.bad()[i];
    }
    Set<String> severities = new LinkedHashSet<>();
    rules.forEach(rule -> severities.add(rule.severity()));
    Map<String, Instant> firingSince = new HashMap<>();
    List<AlertEvent> events = new ArrayList<>();
    long lastEvaluation = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      long now = stamps[i];
      if (i > 0 && Math.floorDiv(now, EVALUATION) == Math.floorDiv(lastEvaluation, EVALUATION)) {
        continue;
      }
      lastEvaluation = now;
      int visible = i; // requests of steps 0..i-1: step i records after this tick
      List<AlertReading> readings = new ArrayList<>();
      for (AlertRule rule : rules) {
        BurnRate longBurn = burn(stamps, prefixValid, prefixBad, visible, now, rule.longWindow());
        BurnRate shortBurn = burn(stamps, prefixValid, prefixBad, visible, now, rule.shortWindow());
        boolean holds = longBurn.validEvents() >= minValid
            && longBurn.rate() >= rule.factor()
            && shortBurn.rate() >= rule.factor();
        readings.add(new AlertReading(rule, longBurn, shortBurn, holds));
      }
      Instant at = Instant.ofEpochMilli(now);
      for (String severity : severities) {
        List<AlertReading> mine =
            readings.stream().filter(r -> r.rule().severity().equals(severity)).toList();
        boolean holds = mine.stream().anyMatch(AlertReading::holds);
        Instant since = firingSince.get(severity);
        if (holds && since == null) {
          firingSince.put(severity, at);
          events.add(new AlertEvent(at, SERVICE, SLO, severity, true, at, mine));
        } else if (!holds && since != null) {
          firingSince.remove(severity);
          events.add(new AlertEvent(at, SERVICE, SLO, severity, false, since, mine));
        }
      }
    }
    return events;
  }

  /**
   * The burn over {@code lookback} at {@code now} from the first {@code visible} steps. The
   * membership test is monotone in the stamp, so the steps inside form a suffix of them: binary
   * search for its first step, then take the totals from prefix sums.
   */
  private static BurnRate burn(long[] stamps, long[] prefixValid, long[] prefixBad, int visible,
      long now, Duration lookback) {
    long w = lookback.toMillis();
    int lo = 0;
    int hi = visible;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (inside(stamps[mid], now, w)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long valid = prefixValid[visible] - prefixValid[lo];
    long bad = prefixBad[visible] - prefixBad[lo];
    return BurnRate.of(lookback, valid, bad, SPEC.objective());
  }

  // ------------------------------------------------------------------------------------------
  // helpers

  private static AlertEvent firing(List<AlertEvent> events, String severity) {
    return events.stream().filter(e -> e.severity().equals(severity) && e.firing()).findFirst()
        .orElseThrow(() -> new AssertionError("no " + severity + " fired in " + events));
  }

  private static AlertEvent resolved(List<AlertEvent> events, String severity) {
    return events.stream().filter(e -> e.severity().equals(severity) && !e.firing()).findFirst()
        .orElseThrow(() -> new AssertionError("no " + severity + " resolved in " + events));
  }

  private static void assertFiresOnceAndResolvesOnce(List<AlertEvent> events, String severity) {
    List<AlertEvent> mine = events.stream().filter(e -> e.severity().equals(severity)).toList();
    assertThat(mine).as("%s events", severity).hasSize(2);
    assertThat(mine.get(0).firing()).isTrue();
    assertThat(mine.get(0).since()).isEqualTo(mine.get(0).time());
    assertThat(mine.get(0).state()).isEqualTo("firing");
    assertThat(mine.get(1).firing()).isFalse();
    assertThat(mine.get(1).state()).isEqualTo("resolved");
    assertThat(mine.get(1).since()).isEqualTo(mine.get(0).time());
    assertThat(mine.get(1).time()).isAfter(mine.get(0).time());
    assertThat(mine).allSatisfy(e -> {
      assertThat(e.service()).isEqualTo(SERVICE);
      assertThat(e.slo()).isEqualTo(SLO);
      assertThat(e.readings()).isNotEmpty().allSatisfy(r -> assertThat(r.rule().severity()).isEqualTo(severity));
    });
  }

  /** Per severity, events alternate firing, resolved, firing...: no duplicate while a state holds. */
  private static void assertAlternates(List<AlertEvent> events) {
    Map<String, AlertEvent> last = new HashMap<>();
    for (AlertEvent event : events) {
      AlertEvent previous = last.put(event.severity(), event);
      if (previous == null) {
        assertThat(event.firing()).isTrue();
      } else {
        assertThat(event.firing()).isNotEqualTo(previous.firing());
        if (!event.firing()) {
          assertThat(event.since()).isEqualTo(previous.time());
        }
      }
    }
  }
}
