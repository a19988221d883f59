package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.DAY;
import static io.sre4j.core.testing.TestTime.HOUR;
import static io.sre4j.core.testing.TestTime.SECOND;
import static io.sre4j.core.testing.WindowOracle.between;
import static io.sre4j.core.testing.WindowOracle.leaves;
import static io.sre4j.core.testing.WindowOracle.lowerBound;
import static io.sre4j.core.testing.WindowOracle.windowStart;
import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The burn-rate lookbacks (5 m, 30 m, 1 h, 6 h, 3 d) against a brute force with the documented
 * edge semantics: a lookback {@code w} answered by a tier of width {@code width} holds an event at
 * {@code t} when {@code floorDiv(t, width) > floorDiv(now, width) − ceil(w / width)}.
 */
final class LookbackTest {

  private static final Duration[] LOOKBACKS = {
    Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6),
    Duration.ofDays(3)
  };
  private static final Duration[] RESOLUTIONS = {
    Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(1),
    Duration.ofMinutes(10)
  };
  private static final List<String> SLOS = List.of("rolling", "month", "latency");

  /** One request: when, whether it failed (503), whether it was slow. */
  private record Event(long timeMillis, boolean failed, boolean slow) {}

  @Test
  void lookbackResolutionIsTheFinestTierSpanningIt() {
    try (SloRegistry registry = registry(ManualClock.at(Instant.parse("2027-03-10T12:00:00Z")))) {
      for (String slo : SLOS) {
        for (int i = 0; i < LOOKBACKS.length; i++) {
          assertThat(registry.lookbackResolution(slo, LOOKBACKS[i]))
              .as("%s over %s", slo, LOOKBACKS[i]).contains(RESOLUTIONS[i]);
        }
      }
      assertThat(registry.lookbackResolution("rolling", Duration.ofDays(30)))
          .contains(Duration.ofMinutes(30));
      assertThat(registry.lookbackResolution("unknown", Duration.ofHours(1))).isEmpty();
      assertThat(registry.lookback("unknown", Duration.ofHours(1))).isEmpty();
    }
  }

  @Test
  void lookbacksMatchBruteForceAcrossBucketEdgesAndRingWraps() {
    long start = Instant.parse("2027-03-10T12:00:03.250Z").toEpochMilli();
    long end = start + 9 * DAY;
    long gapFrom = start + 3 * DAY; // a quiet stretch longer than every fine tier's ring
    long gapTo = start + 7 * DAY + 12 * HOUR;
    Random random = new Random(0x100CBAC4L);

    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      long center =
          random.nextInt(3) == 0 ? between(random, gapTo, end) : between(random, start, gapFrom);
      int count = 1 + random.nextInt(8);
      double failureRate = random.nextInt(3) == 0 ? 0.3 : 0.02;
      for (int j = 0; j < count; j++) {
        long t = center + between(random, -30 * SECOND, 30 * SECOND);
        events.add(new Event(t, random.nextDouble() < failureRate, random.nextInt(10) == 0));
      }
    }
    for (int i = 0; i < 300; i++) { // both sides of 10 s, 1 min and 10 min bucket edges
      long width = RESOLUTIONS[2 + random.nextInt(3)].toMillis();
      long edge = Math.floorDiv(between(random, start + HOUR, gapFrom), width) * width;
      for (long t = edge - 1; t <= edge + 1; t++) {
        events.add(new Event(t, random.nextBoolean(), random.nextBoolean()));
      }
    }
    events.removeIf(e -> e.timeMillis() < start);
    events.sort((a, b) -> Long.compare(a.timeMillis(), b.timeMillis()));

    List<Long> checkpoints = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      checkpoints.add(between(random, start, end));
    }
    for (int i = 0; i < 300; i++) { // the moment an event leaves a lookback, and just before
      long t = events.get(random.nextInt(events.size())).timeMillis();
      int k = random.nextInt(LOOKBACKS.length);
      long width = RESOLUTIONS[k].toMillis();
      long leaves = leaves(t, LOOKBACKS[k].toMillis(), width);
      checkpoints.add(leaves - 1);
      checkpoints.add(leaves);
    }
    for (long t = gapFrom; t < gapTo; t += 2 * HOUR) {
      checkpoints.add(t);
    }
    long[] cps = checkpoints.stream().mapToLong(Long::longValue)
        .filter(t -> t >= start && t <= end).sorted().distinct().toArray();
    long[] times = events.stream().mapToLong(Event::timeMillis).toArray();

    ManualClock clock = ManualClock.at(Instant.ofEpochMilli(start));
    int checks = 0;
    int nonEmpty = 0;
    try (SloRegistry registry = registry(clock)) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      int fed = 0;
      for (long now : cps) {
        while (fed < times.length && times[fed] <= now) {
          long t = times[fed];
          clock.advanceTo(Instant.ofEpochMilli(t));
          for (; fed < times.length && times[fed] == t; fed++) {
            Event e = events.get(fed);
            endpoint.record(e.failed() ? 503 : 200, e.slow() ? 1_200_000_000L : 30_000_000L);
          }
          registry.tick();
        }
        clock.advanceTo(Instant.ofEpochMilli(now));
        for (int k = 0; k < LOOKBACKS.length; k++) {
          long width = RESOLUTIONS[k].toMillis();
          long from = windowStart(now, LOOKBACKS[k].toMillis(), width);
          long valid = 0;
          long failed = 0;
          long slowSuccesses = 0;
          for (int i = lowerBound(times, from, fed); i < fed; i++) {
            Event e = events.get(i);
            valid++;
            failed += e.failed() ? 1 : 0;
            slowSuccesses += !e.failed() && e.slow() ? 1 : 0;
          }
          long[][] expected = {{valid, failed}, {valid, failed}, {valid - failed, slowSuccesses}};
          for (int s = 0; s < SLOS.size(); s++) {
            long[] actual = registry.lookback(SLOS.get(s), LOOKBACKS[k]).orElseThrow();
            assertThat(LongStream.of(actual).limit(2).toArray())
                .as("%s over %s at %s", SLOS.get(s), LOOKBACKS[k], Instant.ofEpochMilli(now))
                .containsExactly(expected[s]);
          }
          checks++;
          nonEmpty += valid > 0 ? 1 : 0;
        }
      }
    }
    assertThat(checks).isGreaterThan(5_000);
    assertThat(nonEmpty).isGreaterThan(2_500);
  }

  private static SloRegistry registry(ManualClock clock) {
    return SloRegistry.builder()
        .manualTick()
        .clock(clock)
        .interval(Duration.ofHours(1))
        .slo(SloSpec.builder("rolling").objective("99.9%").build())
        .slo(SloSpec.builder("month").objective("99.9%")
            .window(SloWindow.calendarMonth(ZoneId.of("America/New_York"))).build())
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).objective("99%")
            .window(SloWindow.rolling(Duration.ofDays(7))).build())
        .build();
  }
}
