package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sli_report} lines carry the state file's figures when the registry keeps one. */
final class StateReportFieldsTest {

  @TempDir Path dir;

  @Test
  void reportLinesSayHowTheStateWasRestoredAndWritten() {
    ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out))
        .shutdownHook(false).build();
    SloRegistry registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
        .stateFile(dir.resolve("orders.state")).stateFlush(Duration.ofSeconds(30))
        .slo(SloSpec.builder("availability").build()).listener(log).build();
    registry.endpoint("GET", "/orders").record(200, 1_000_000);
    for (int i = 0; i < 7; i++) { // past the first interval (60 s) and a flush
      clock.advance(Duration.ofSeconds(10));
      registry.tick();
    }
    registry.close();
    log.close();

    List<JsonNode> reports = TestLines.parseAll(out).stream()
        .filter(line -> line.get(LogFields.TYPE).asText().equals(LogFields.TYPE_SLI_REPORT))
        .toList();
    assertThat(reports).isNotEmpty();
    JsonNode report = reports.get(0);
    assertThat(report.get(LogFields.STATE_RESTORE).asText()).isEqualTo("fresh");
    // the report of 12:01:00 is made by that tick, before the tick writes the file again
    assertThat(report.get(LogFields.STATE_WRITES).asLong()).isEqualTo(1);
    assertThat(report.get(LogFields.STATE_WRITE_FAILURES).asLong()).isZero();
    assertThat(report.get(LogFields.STATE_LAST_WRITTEN).asText())
        .isEqualTo("2027-03-10T12:00:30.000Z");
  }

  @Test
  void withoutAStateFileTheFieldsAreAbsent() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.jsonLines(out))
        .shutdownHook(false).build();
    log.onEvent(TestLines.report("orders", "availability"));
    log.close();

    JsonNode report = TestLines.parseAll(out).get(0);
    assertThat(report.has(LogFields.STATE_RESTORE)).isFalse();
    assertThat(report.has(LogFields.STATE_WRITES)).isFalse();
  }
}
