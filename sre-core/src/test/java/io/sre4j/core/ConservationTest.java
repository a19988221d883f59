package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.testing.ConcurrentTestHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;

/**
 * N writers from one start gate record into shared endpoints while another thread moves the clock,
 * ticks and snapshots, so that SLO buckets and latency intervals rotate many times during the run.
 * Afterwards every count is exact: nothing lost, nothing counted twice.
 */
final class ConservationTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final long MS = 1_000_000L;
  private static final long FAST_EDGE = 400 * MS;
  private static final long TOLERABLE_EDGE = 800 * MS;
  private static final long LATENCY_THRESHOLD = 800 * MS;

  private static final int WRITERS = 4;
  private static final int RECORDS_PER_WRITER = 200_000;
  /** A writer waits at each checkpoint until the clock has moved past at least one interval. */
  private static final int CHECKPOINT = 5_000;
  private static final int TICKS_PER_CHECKPOINT = 10; // 10 × 7 s = 70 s > the 60 s interval
  private static final Duration STEP = Duration.ofSeconds(7);
  /** After this many steps the ticker goes on ticking without moving the clock. */
  private static final int MAX_STEPS = 20_000; // 140,000 s: about 2,300 intervals at most
  private static final int TREND = 10_000;

  private static final String[][] ROUTES = {
      {"GET", "/api/orders/{id}"}, {"POST", "/api/orders"}, {"GET", "/api/catalog"}};

  /** What one writer recorded, counted by the writer itself. */
  private static final class Expected {
    long calls;
    long failed; // 5xx or thrown
    long fast;
    long tolerable;
    long slow;
    long latencyValid; // not failed
    long latencyBad; // not failed and over the threshold

    void add(Expected other) {
      calls += other.calls;
      failed += other.failed;
      fast += other.fast;
      tolerable += other.tolerable;
      slow += other.slow;
      latencyValid += other.latencyValid;
      latencyBad += other.latencyBad;
    }
  }

  @RepeatedTest(5)
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void countsAreExactAcrossIntervalAndBucketRotationAndConcurrentSnapshots(
      RepetitionInfo repetition) throws Exception {
    ManualClock clock = ManualClock.at(START);
    SloRegistry registry = SloRegistry.builder()
        .clock(clock)
        .manualTick()
        .trendIntervals(TREND)
        .slo(SloSpec.builder("availability").endpoints(EndpointSelector.routes("/api/**")).build())
        .slo(SloSpec.builder("latency")
            .sli(Sli.latency(Duration.ofNanos(LATENCY_THRESHOLD)))
            .endpoints(EndpointSelector.routes("/api/**"))
            .build())
        .build();
    Endpoint[] endpoints = new Endpoint[ROUTES.length];
    for (int i = 0; i < ROUTES.length; i++) {
      endpoints[i] = registry.endpoint(ROUTES[i][0], ROUTES[i][1]);
    }

    AtomicInteger writersDone = new AtomicInteger();
    AtomicLong ticks = new AtomicLong();
    AtomicBoolean tickerDone = new AtomicBoolean();
    try (ConcurrentTestHarness harness = new ConcurrentTestHarness("conservation")) {
      List<Future<Expected>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long seed = repetition.getCurrentRepetition() * 1_000L + w;
        writers.add(harness.submit(() -> {
          try {
            return write(new SplittableRandom(seed), endpoints, ticks, tickerDone);
          } finally {
            writersDone.incrementAndGet();
          }
        }));
      }
      Future<long[]> ticker = harness.submit(() -> {
        try {
          return tickWhileWriting(registry, clock, ticks, writersDone);
        } finally {
          tickerDone.set(true);
        }
      });

      harness.start();
      Expected expected = new Expected();
      for (Future<Expected> writer : writers) {
        expected.add(writer.get(25, TimeUnit.SECONDS));
      }
      long[] observed = ticker.get(25, TimeUnit.SECONDS);
      long maxValidSeen = observed[0];
      assertThat(maxValidSeen).as("snapshots during the run never over-count")
          .isLessThanOrEqualTo(expected.calls);

      clock.advance(Duration.ofSeconds(61));
      registry.tick();

      assertConserved(registry, expected);
    }
  }

  private static Expected write(
      SplittableRandom random, Endpoint[] endpoints, AtomicLong ticks, AtomicBoolean tickerDone) {
    Expected expected = new Expected();
    long tickAtCheckpoint = ticks.get();
    for (int i = 1; i <= RECORDS_PER_WRITER; i++) {
      Endpoint endpoint = endpoints[random.nextInt(endpoints.length)];
      long duration = duration(random);
      int kind = random.nextInt(100);
      boolean failed;
      if (kind < 3) {
        endpoint.recordThrown(duration);
        failed = true;
      } else {
        int status = kind < 70 ? 200 : kind < 78 ? 201 : kind < 85 ? 404 : kind < 88 ? 429
            : kind < 92 ? 499 : kind < 96 ? 500 : 503;
        endpoint.record(status, duration);
        failed = status >= 500;
      }
      expected.calls++;
      if (failed) {
        expected.failed++;
      } else {
        expected.latencyValid++;
        if (duration > LATENCY_THRESHOLD) {
          expected.latencyBad++;
        }
      }
      if (duration <= FAST_EDGE) {
        expected.fast++;
      } else if (duration <= TOLERABLE_EDGE) {
        expected.tolerable++;
      } else {
        expected.slow++;
      }
      if (i % CHECKPOINT == 0) {
        // let the clock move on at least one interval before going on, so that records of one
        // writer spread over many intervals whatever the scheduling
        while (ticks.get() < tickAtCheckpoint + TICKS_PER_CHECKPOINT) {
          if (tickerDone.get()) {
            throw new IllegalStateException("the ticker stopped early");
          }
          Thread.yield();
        }
        tickAtCheckpoint = ticks.get();
      }
    }
    return expected;
  }

  /** Durations in every band, edges included. */
  private static long duration(SplittableRandom random) {
    return switch (random.nextInt(10)) {
      case 0 -> FAST_EDGE;
      case 1 -> TOLERABLE_EDGE;
      case 2 -> TOLERABLE_EDGE + 1;
      case 3, 4, 5 -> random.nextLong(FAST_EDGE + 1);
      case 6, 7 -> FAST_EDGE + 1 + random.nextLong(TOLERABLE_EDGE - FAST_EDGE);
      default -> TOLERABLE_EDGE + 1 + random.nextLong(10_000 * MS);
    };
  }

  /**
   * Moves the clock, ticks and snapshots until every writer is done.
   *
   * @return {the largest valid count an availability snapshot showed}
   */
  private static long[] tickWhileWriting(
      SloRegistry registry, ManualClock clock, AtomicLong ticks, AtomicInteger writersDone) {
    long steps = 0;
    long lastValid = 0;
    while (writersDone.get() < WRITERS) {
      if (steps < MAX_STEPS) {
        clock.advance(STEP);
        steps++;
      }
      long tick = ticks.get();
      if (tick % 3 == 1) {
        for (SloSnapshot snapshot : registry.sloSnapshots()) {
          if (snapshot.name().equals("availability")) {
            assertThat(snapshot.validEvents()).as("valid events never go down")
                .isGreaterThanOrEqualTo(lastValid);
            lastValid = snapshot.validEvents();
          }
        }
      } else if (tick % 30 == 2) {
        registry.endpointSnapshots();
      } else {
        registry.tick();
      }
      ticks.incrementAndGet();
    }
    return new long[] {lastValid};
  }

  private static void assertConserved(SloRegistry registry, Expected expected) {
    List<EndpointSnapshot> snapshots = registry.endpointSnapshots();
    assertThat(snapshots).hasSize(ROUTES.length);
    long count = 0;
    long fast = 0;
    long tolerable = 0;
    long slow = 0;
    long failed = 0;
    int maxTrend = 0;
    Set<Instant> busyIntervals = new HashSet<>();
    for (EndpointSnapshot snapshot : snapshots) {
      assertThat(snapshot.clampedDurations()).isZero();
      assertThat(snapshot.droppedStatuses()).isZero();
      maxTrend = Math.max(maxTrend, snapshot.intervals().size());
      for (IntervalStats interval : snapshot.intervals()) {
        count += interval.count();
        fast += interval.fast();
        tolerable += interval.tolerable();
        slow += interval.slow();
        failed += interval.failed();
        if (interval.count() > 0) {
          busyIntervals.add(interval.start());
        }
        assertThat(interval.fast() + interval.tolerable() + interval.slow())
            .as("bands of %s", interval).isEqualTo(interval.count());
        assertThat(interval.apdex()).as("apdex of %s", interval).isBetween(0.0, 1.0);
      }
    }
    assertThat(maxTrend).as("the trend held every interval").isLessThan(TREND);
    assertThat(busyIntervals).as("records spread over many intervals").hasSizeGreaterThan(5);

    assertThat(count).as("sum of interval counts").isEqualTo(expected.calls);
    assertThat(fast + tolerable + slow).as("sum of bands").isEqualTo(expected.calls);
    assertThat(fast).as("fast").isEqualTo(expected.fast);
    assertThat(tolerable).as("tolerable").isEqualTo(expected.tolerable);
    assertThat(slow).as("slow").isEqualTo(expected.slow);
    assertThat(failed).as("5xx and thrown").isEqualTo(expected.failed);

    SloSnapshot availability = registry.snapshot("availability").orElseThrow();
    assertThat(availability.validEvents()).as("availability valid").isEqualTo(expected.calls);
    assertThat(availability.badEvents()).as("availability bad").isEqualTo(expected.failed);
    SloSnapshot latency = registry.snapshot("latency").orElseThrow();
    assertThat(latency.validEvents()).as("latency valid").isEqualTo(expected.latencyValid);
    assertThat(latency.badEvents()).as("latency bad").isEqualTo(expected.latencyBad);
  }
}
