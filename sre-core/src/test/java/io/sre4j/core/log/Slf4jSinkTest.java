package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;

final class Slf4jSinkTest {

  private static Map<String, Object> keyValues(LoggingEvent event) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValuePair pair : event.getKeyValuePairs()) {
      assertThat(map.put(pair.key, pair.value)).as("key %s once", pair.key).isNull();
    }
    return map;
  }

  @Test
  void writesEachLineAsOneInfoEventWithKeyValuePairs() {
    String logger = "test.sre4j.slf4j-sink";
    assertThat(CapturingSlf4jProvider.inUse(LoggerFactory.getLogger(logger))).isTrue();
    try (StructuredLog log = StructuredLog.builder().service("orders")
        .config(Map.of("log.sink", "slf4j", "log.slf4j.logger", logger, "log.access", "true"))
        .shutdownHook(false).build()) {
      log.accessLog().log("GET", "/api/orders/{id}", 503, 12_500_000, 
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "java.io.IOException");
      log.onEvent(TestLines.report("orders", "checkout"));
    }
    List<LoggingEvent> events = CapturingSlf4jProvider.events(logger);
    assertThat(events).hasSize(2);

    LoggingEvent access = events.get(0);
    assertThat(access.getLevel()).isEqualTo(Level.INFO);
    assertThat(access.getMessage()).isEqualTo("access");
    Map<String, Object> fields = keyValues(access);
    assertThat(fields).containsExactly(
        Map.entry("ts", fields.get("ts")),
        Map.entry("type", "access"),
        Map.entry("service", "orders"),
        Map.entry("route", "/api/orders/{id}"),
        Map.entry("method", "GET"),
        Map.entry("status", 503L),
        Map.entry("duration_ms", 12.5),
        Map.entry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
        Map.entry("error", "java.io.IOException"));
    assertThat((String) fields.get("ts")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    LoggingEvent report = events.get(1);
    assertThat(report.getMessage()).isEqualTo("sli_report");
    Map<String, Object> figures = keyValues(report);
    assertThat(figures).containsEntry("ts", "2026-11-27T03:18:32.123Z")
        .containsEntry("slo", "checkout")
        .containsEntry("interval_valid", 1000L)
        .containsEntry("interval_bad", 7L)
        .containsEntry("objective", 0.999)
        .containsEntry("latency_p99_ms", 700.0)
        .containsEntry("dropped_lines", 0L);
    assertThat(figures).containsEntry("budget_state", "healthy")
        .containsEntry("paging", false)
        .containsEntry("firing", "")
        .containsEntry("total_valid", 2_000_000L)
        .containsEntry("partial", false)
        .containsEntry("no_data", false)
        .containsEntry("alerts_suppressed_low_traffic", 0L);
    assertThat(figures).hasSize(46);
  }

  @Test
  void writesEveryEventLineAsKeyValuePairs() {
    String logger = "test.sre4j.slf4j-events";
    try (StructuredLog log = StructuredLog.builder().sink(LogSink.slf4j(logger)).shutdownHook(false).build()) {
      log.onEvent(TestLines.pageAlert(true));
      log.onEvent(TestLines.maintenance(io.sre4j.core.event.SloEvent.MaintenanceEvent.Kind.DECLARED, List.of()));
      log.onEvent(TestLines.deployment());
      log.onEvent(TestLines.budgetPolicy());
      log.onEvent(TestLines.gateOverride());
      log.onEvent(TestLines.fullReport());
    }
    List<LoggingEvent> events = CapturingSlf4jProvider.events(logger);
    assertThat(events).extracting(LoggingEvent::getMessage).containsExactly("alert", "maintenance",
        "deployment", "budget_policy", "gate_override", "sli_report");
    assertThat(keyValues(events.get(0))).containsEntry("type", "alert")
        .containsEntry("severity", "page")
        .containsEntry("state", "firing")
        .containsEntry("since", "2026-11-27T03:18:32.123Z")
        .containsEntry("long_window", "6h")
        .containsEntry("factor", 6.0)
        .containsEntry("burn_rate_5m", 20.0);
    assertThat(keyValues(events.get(1))).containsEntry("event", "declared")
        .containsEntry("slos", "checkout,search")
        .doesNotContainKey("over_budget");
    assertThat(keyValues(events.get(2))).containsEntry("version", "v2.0.1+build.7");
    assertThat(keyValues(events.get(3))).containsEntry("from", "healthy").containsEntry("to", "at_risk");
    assertThat(keyValues(events.get(4))).containsEntry("valid_until", "2026-11-27T04:18:32.123Z");
    assertThat(keyValues(events.get(5))).containsEntry("firing", "page,ticket")
        .containsEntry("paging", true)
        .containsEntry("rollback_advised", true)
        .containsEntry("burn_rate_1h", 5.0);
  }

  @Test
  void writesNothingWhenInfoIsDisabled() {
    String logger = "quiet.sre4j"; // the test backend enables only test.* loggers
    try (StructuredLog log = StructuredLog.builder().sink(LogSink.slf4j(logger)).accessLog(true)
        .shutdownHook(false).build()) {
      log.accessLog().log("GET", "/a", 200, 1, null, null);
      TestLines.await("the line handled", () -> log.writtenLines() == 1);
    }
    assertThat(CapturingSlf4jProvider.events(logger)).isEmpty();
  }
}
