package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import java.io.ByteArrayOutputStream;
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
    // no base unit: Prometheus would append it (sre4j_log_lines_dropped_lines_total)
    assertThat(meters.get(SloMeterNames.DEFAULT_LOG_DROPPED).tag("application", "orders")
        .functionCounter().getId().getBaseUnit()).isNull();
    assertThat(meters.get(SloMeterNames.DEFAULT_LOG_WRITTEN).functionCounter().getId()
        .getBaseUnit()).isNull();
    assertThat(out.toString().lines()).hasSize(10);
  }

  private static double counter(SimpleMeterRegistry meters, String name) {
    FunctionCounter counter = meters.get(name).functionCounter();
    return counter.count();
  }
}
