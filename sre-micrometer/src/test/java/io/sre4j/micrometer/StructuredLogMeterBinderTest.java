package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.core.event.SloEvent.AlertEvent;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The log's dropped, written and failure counts, as meters. */
final class StructuredLogMeterBinderTest {

  @Test
  void droppedAndWrittenLinesAreCountersWithTheLogsFigures() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out))
        .accessLog(true).shutdownHook(false).build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new StructuredLogMeterBinder(log, Tags.of("application", "orders")).bindTo(meters);

    for (int i = 0; i < 10; i++) {
      log.accessLog().log("GET", "/a", 200, 1_000_000, null, null);
    }
    log.close(); // flushes the 10 lines; lines offered after close are dropped and counted
    for (int i = 0; i < 3; i++) {
      log.accessLog().log("GET", "/a", 500, 1_000_000, null, null);
    }

    assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_WRITTEN)).isEqualTo(10.0);
    assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_DROPPED)).isEqualTo(3.0);
    assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_SINK_FAILURES)).isEqualTo(0.0);
    assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_PRIORITY_LOST)).isEqualTo(0.0);
    // no base unit: Prometheus would append it (sre4j_log_lines_dropped_lines_total)
    assertThat(meters.get(SloMeterNames.DEFAULT_LOG_DROPPED).tag("application", "orders")
        .functionCounter().getId().getBaseUnit()).isNull();
    assertThat(meters.get(SloMeterNames.DEFAULT_LOG_WRITTEN).functionCounter().getId()
        .getBaseUnit()).isNull();
    assertThat(out.toString().lines()).hasSize(10);
  }

  @Test
  void lostPriorityLinesAreACounterWithTheLogsFigure() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LogSink blocked = record -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    StructuredLog log = StructuredLog.builder().service("orders").sink(blocked).accessLog(true)
        .queueCapacity(16).shutdownHook(false).build();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new StructuredLogMeterBinder(log).bindTo(meters);
    try {
      log.accessLog().log("GET", "/a", 200, 1, null, null); // gets the writer stuck
      assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
      Instant now = Instant.parse("2026-12-01T08:30:00Z");
      for (int i = 0; i < 16 + StructuredLog.PRIORITY_LANE_LINES + 5; i++) {
        log.onEvent(new AlertEvent(now, "orders", "checkout", "page", i % 2 == 0, now, List.of()));
      }
      assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_PRIORITY_LOST)).isEqualTo(5.0);
      assertThat(counter(meters, SloMeterNames.DEFAULT_LOG_DROPPED)).isEqualTo(5.0);
      assertThat(meters.get(SloMeterNames.DEFAULT_LOG_PRIORITY_LOST).functionCounter().getId()
          .getBaseUnit()).isNull();
    } finally {
      release.countDown();
      log.close();
    }
  }

  private static double counter(SimpleMeterRegistry meters, String name) {
    FunctionCounter counter = meters.get(name).functionCounter();
    return counter.count();
  }
}
