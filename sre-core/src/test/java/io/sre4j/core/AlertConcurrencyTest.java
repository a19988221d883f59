package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import io.sre4j.core.event.SloListener;
import io.sre4j.core.testing.ConcurrentTestHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Alert and policy evaluation while several threads record: counts are conserved, alerts still
 * fire, and a listener that throws is counted and never reaches a writer.
 */
@Timeout(60)
final class AlertConcurrencyTest {

  private static final Instant START = Instant.parse("2027-03-01T00:00:00Z");
  private static final int WRITERS = 4;
  private static final int RECORDS_PER_WRITER = 250_000;
  /** Every 20th request fails: 5 % errors, burn 50 on 99.9 %, so the page fires during the run. */
  private static final int FAIL_EVERY = 20;
  /** After this many steps the driver goes on ticking without moving the clock (stays inside 30 d). */
  private static final int MAX_STEPS = 200_000;
  /**
   * A writer waits at each checkpoint until the driver has moved the clock this many more seconds,
   * so that recording spans many buckets, latency intervals and evaluations however fast it is.
   */
  private static final int CHECKPOINT = 5_000;
  private static final int STEPS_PER_CHECKPOINT = 30;

  /** What the run saw. */
  private record Outcome(SloSnapshot window, long listenerFailures, List<Throwable> writerErrors,
      long steps, long evaluations) {}

  @Test
  void evaluatingWhileFourThreadsRecordConservesEveryCount() throws Exception {
    List<SloEvent> events = new CopyOnWriteArrayList<>();
    Outcome outcome = run(events::add);

    long total = (long) WRITERS * RECORDS_PER_WRITER;
    assertThat(outcome.writerErrors()).isEmpty();
    assertThat(outcome.window().validEvents()).isEqualTo(total);
    assertThat(outcome.window().badEvents()).isEqualTo(total / FAIL_EVERY);
    assertThat(outcome.listenerFailures()).isZero();
    assertThat(outcome.steps()).isGreaterThanOrEqualTo(
        (long) RECORDS_PER_WRITER / CHECKPOINT * STEPS_PER_CHECKPOINT);
    assertThat(outcome.evaluations()).isGreaterThanOrEqualTo(outcome.steps() / 3);
    assertThat(events).filteredOn(AlertEvent.class::isInstance).map(AlertEvent.class::cast)
        .anySatisfy(alert -> {
          assertThat(alert.severity()).isEqualTo("page");
          assertThat(alert.firing()).isTrue();
        });
    // the interval reports add up to the same totals
    long reported = events.stream().filter(SliReport.class::isInstance).map(SliReport.class::cast)
        .mapToLong(SliReport::intervalValid).sum();
    assertThat(reported).isLessThanOrEqualTo(total);
  }

  @Test
  void aThrowingListenerIsCountedAndNeverReachesTheWriters() throws Exception {
    AtomicLong calls = new AtomicLong();
    List<SloEvent> seenByTheOther = new CopyOnWriteArrayList<>();
    SloListener throwing = event -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener bug on " + event.getClass().getSimpleName());
    };
    Outcome outcome = run(throwing, seenByTheOther::add);

    long total = (long) WRITERS * RECORDS_PER_WRITER;
    assertThat(outcome.writerErrors()).isEmpty();
    assertThat(outcome.window().validEvents()).isEqualTo(total);
    assertThat(outcome.window().badEvents()).isEqualTo(total / FAIL_EVERY);
    assertThat(calls.get()).isPositive();
    assertThat(outcome.listenerFailures()).isEqualTo(calls.get());
    // the other listener got every event the throwing one was offered
    assertThat(seenByTheOther).hasSize((int) calls.get());
    assertThat(seenByTheOther).anyMatch(AlertEvent.class::isInstance);
  }

  /**
   * Writers released from one start gate record a fixed number of requests each, while the driver
   * thread moves the clock a second at a time, ticks, evaluates and reads statuses until they are
   * done; then one last tick and the window's figures.
   */
  private static Outcome run(SloListener... listeners) throws Exception {
    ManualClock clock = ManualClock.at(START);
    // no report at close: the listeners' figures are read before the registry closes
    SloRegistry.Builder builder = SloRegistry.builder().service("shop").clock(clock).manualTick()
        .reportOnClose(false)
        .slo(SloSpec.builder("availability").objective("99.9%").build());
    for (SloListener listener : listeners) {
      builder.listener(listener);
    }
    try (SloRegistry registry = builder.build();
        ConcurrentTestHarness harness = new ConcurrentTestHarness("alert-writer")) {
      Endpoint[] endpoints = {
          registry.endpoint("GET", "/api/orders/{id}"), registry.endpoint("POST", "/api/orders")};
      AtomicLong driverSteps = new AtomicLong();
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Endpoint endpoint = endpoints[w % endpoints.length];
        writers.add(harness.submit(() -> {
          for (int i = 1; i <= RECORDS_PER_WRITER; i++) {
            endpoint.record(i % FAIL_EVERY == 0 ? 503 : 200, 2_000_000L);
            if (i % CHECKPOINT == 0) {
              long target = (long) (i / CHECKPOINT) * STEPS_PER_CHECKPOINT;
              while (driverSteps.get() < target) {
                Thread.onSpinWait();
              }
            }
          }
          return null;
        }));
      }
      harness.start();
      long steps = 0;
      long evaluations = 0;
      while (!harness.isDone()) {
        if (steps < MAX_STEPS) {
          clock.advance(Duration.ofSeconds(1));
          steps++;
        }
        registry.tick();
        driverSteps.set(steps);
        if (steps % 3 == 0) {
          registry.evaluate();
          evaluations++;
        }
        if (steps % 5 == 0) {
          for (SloStatus status : registry.statuses()) {
            assertThat(status.window().badEvents()).isLessThanOrEqualTo(status.window().validEvents());
            assertThat(status.burnRates()).allSatisfy(burn -> assertThat(burn.rate()).isBetween(0.0, 1000.0));
          }
        }
      }
      List<Throwable> errors = new ArrayList<>();
      for (Future<?> writer : writers) {
        try {
          writer.get();
        } catch (java.util.concurrent.ExecutionException e) {
          errors.add(e.getCause());
        }
      }
      assertThat(harness.awaitDone(Duration.ofSeconds(10))).isTrue();
      // a few more steps so that the page has had time to fire even on a fast machine
      for (int i = 0; i < 30; i++) {
        clock.advance(Duration.ofSeconds(10));
        registry.tick();
      }
      registry.evaluate();
      return new Outcome(registry.snapshot("availability").orElseThrow(), registry.listenerFailures(),
          errors, steps, evaluations);
    }
  }
}
