package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StructuredLogRoundTripTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void accessLinesCarryEveryFieldAndParseStrictly() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-27T03:18:32.123Z"));
    try (StructuredLog log = TestLines.into(out).clock(clock).accessLog(true).build()) {
      assertThat(log.accessLog().log("GET", "/api/orders/{id}", 200, 12_345_678, TRACEPARENT, null)).isTrue();
      assertThat(log.accessLog().log("POST", "/api/checkout", 500, 2_000_000_000L, "garbage",
          IllegalStateException.class.getName())).isTrue();
      assertThat(log.accessLog().log("GET", "/x", 503, -5, null, null)).isTrue();
    }
    List<JsonNode> lines = TestLines.parseAll(out);
    assertThat(lines).hasSize(3);

    JsonNode ok = lines.get(0);
    assertThat(names(ok)).containsExactly("ts", "type", "service", "route", "method", "status",
        "duration_ms", "trace_id");
    assertThat(ok.get("ts").asText()).isEqualTo("2026-11-27T03:18:32.123Z");
    assertThat(ok.get("type").asText()).isEqualTo("access");
    assertThat(ok.get("service").asText()).isEqualTo("orders");
    assertThat(ok.get("route").asText()).isEqualTo("/api/orders/{id}");
    assertThat(ok.get("method").asText()).isEqualTo("GET");
    assertThat(ok.get("status").isIntegralNumber()).isTrue();
    assertThat(ok.get("status").asInt()).isEqualTo(200);
    assertThat(ok.get("duration_ms").decimalValue()).isEqualByComparingTo("12.345678");
    assertThat(ok.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");

    JsonNode thrown = lines.get(1);
    assertThat(names(thrown)).containsExactly("ts", "type", "service", "route", "method", "status",
        "duration_ms", "error");
    assertThat(thrown.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(thrown.get("duration_ms").decimalValue()).isEqualByComparingTo("2000.0");

    assertThat(lines.get(2).get("duration_ms").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void sliReportLinesCarryEveryFigure() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SliReport report = TestLines.report("orders", "checkout-availability");
    try (StructuredLog log = TestLines.into(out).build()) {
      log.onEvent(report);
    }
    List<JsonNode> lines = TestLines.parseAll(out);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "sli_kind", "objective",
        "window", "interval_start", "interval_end", "interval_valid", "interval_good", "interval_bad",
        "interval_sli", "partial", "window_start", "window_valid", "window_good", "window_bad",
        "sli",
        "budget_consumed", "budget_remaining", "allowed_bad_events", "budget_state", "paging",
        "firing", "no_data", "alerts_suppressed_low_traffic", "in_maintenance",
        "maintenance_events", "total_valid", "total_bad", "latency_count",
        "latency_min_ms", "latency_max_ms", "latency_mean_ms", "latency_p50_ms", "latency_p90_ms",
        "latency_p95_ms", "latency_p99_ms", "latency_p999_ms", "band_fast", "band_tolerable",
        "band_slow", "band_failed", "apdex", "dropped_lines");
    assertThat(line.get("ts").asText()).isEqualTo("2026-11-27T03:18:32.123Z");
    assertThat(line.get("partial").isBoolean()).isTrue();
    assertThat(line.get("partial").asBoolean()).isFalse();
    assertThat(line.get("type").asText()).isEqualTo("sli_report");
    assertThat(line.get("service").asText()).isEqualTo("orders");
    assertThat(line.get("slo").asText()).isEqualTo("checkout-availability");
    assertThat(line.get("sli_kind").asText()).isEqualTo("availability");
    assertThat(line.get("objective").asDouble()).isEqualTo(0.999);
    assertThat(line.get("window").asText()).isEqualTo("30d");
    assertThat(line.get("interval_start").asText()).isEqualTo("2026-11-27T03:17:32.123Z");
    assertThat(line.get("interval_end").asText()).isEqualTo("2026-11-27T03:18:32.123Z");
    assertThat(line.get("interval_valid").asLong()).isEqualTo(1000);
    assertThat(line.get("interval_good").asLong()).isEqualTo(993);
    assertThat(line.get("interval_bad").asLong()).isEqualTo(7);
    assertThat(line.get("interval_sli").asDouble()).isEqualTo(0.993);
    assertThat(line.get("window_start").asText()).isEqualTo("2026-10-28T03:18:00.000Z");
    assertThat(line.get("window_valid").asLong()).isEqualTo(2_000_000);
    assertThat(line.get("window_good").asLong()).isEqualTo(1_998_500);
    assertThat(line.get("window_bad").asLong()).isEqualTo(1_500);
    assertThat(line.get("sli").asDouble()).isEqualTo(report.window().sli(), within(1e-15));
    assertThat(line.get("budget_consumed").asDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(line.get("budget_remaining").asDouble()).isCloseTo(0.25, within(1e-12));
    assertThat(line.get("allowed_bad_events").asDouble()).isCloseTo(2000.0, within(1e-9));
    assertThat(line.get("latency_count").asLong()).isEqualTo(1000);
    assertThat(line.get("latency_min_ms").decimalValue()).isEqualByComparingTo("1.25");
    assertThat(line.get("latency_max_ms").decimalValue()).isEqualByComparingTo("2400");
    assertThat(line.get("latency_mean_ms").asDouble()).isCloseTo(35.5000005, within(1e-12));
    assertThat(line.get("latency_p50_ms").decimalValue()).isEqualByComparingTo("20");
    assertThat(line.get("latency_p90_ms").decimalValue()).isEqualByComparingTo("90");
    assertThat(line.get("latency_p95_ms").decimalValue()).isEqualByComparingTo("150");
    assertThat(line.get("latency_p99_ms").decimalValue()).isEqualByComparingTo("700");
    assertThat(line.get("latency_p999_ms").decimalValue()).isEqualByComparingTo("1900");
    assertThat(line.get("band_fast").asLong()).isEqualTo(900);
    assertThat(line.get("band_tolerable").asLong()).isEqualTo(80);
    assertThat(line.get("band_slow").asLong()).isEqualTo(20);
    assertThat(line.get("band_failed").asLong()).isEqualTo(7);
    assertThat(line.get("apdex").asDouble()).isCloseTo(report.latency().apdex(), within(1e-15));
    assertThat(line.get("dropped_lines").asLong()).isZero();
    // SloStatus.of: no rule, nothing firing, healthy, never deployed
    assertThat(line.get("budget_state").asText()).isEqualTo("healthy");
    assertThat(line.get("paging").isBoolean()).isTrue();
    assertThat(line.get("paging").asBoolean()).isFalse();
    assertThat(line.get("firing").asText()).isEmpty();
    assertThat(line.get("in_maintenance").asBoolean()).isFalse();
    assertThat(line.get("maintenance_events").asLong()).isZero();
    assertThat(line.get("total_valid").asLong()).isEqualTo(2_000_000);
    assertThat(line.get("total_bad").asLong()).isEqualTo(1_500);
  }

  @Test
  void timesliceReportsAddTheirSliceFigures() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).build()) {
      log.onEvent(TestLines.timesliceReport());
    }
    JsonNode line = TestLines.parseAll(out).get(0);
    assertThat(line.get("sli_kind").asText()).isEqualTo("latency");
    assertThat(line.get("slice_ms").decimalValue()).isEqualByComparingTo("60000");
    assertThat(line.get("bad_slices").asLong()).isEqualTo(2);
    assertThat(line.get("allowed_bad_slices").asDouble()).isCloseTo(4.32, within(1e-9));
    assertThat(line.get("bad_time_ms").decimalValue()).isEqualByComparingTo("120000");
    assertThat(line.get("allowed_bad_time_ms").decimalValue()).isEqualByComparingTo("259200");
    assertThat(line.get("interval_sli").asDouble()).isEqualTo(1.0);
    assertThat(line.get("latency_count").asLong()).isZero();
    assertThat(line.get("apdex").asDouble()).isEqualTo(1.0);
  }

  @Test
  void everyLineIsOneObjectWithUniqueKeysAndTheCommonFieldsFirst() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).build()) {
      log.accessLog().log("GET", "/a", 200, 1, TRACEPARENT, "E");
      log.onEvent(TestLines.report("orders", "a"));
      log.onEvent(TestLines.timesliceReport());
      log.onEvent(TestLines.fullReport());
      log.onEvent(TestLines.pageAlert(true));
      log.onEvent(TestLines.pageAlert(false));
      for (MaintenanceEvent.Kind kind : MaintenanceEvent.Kind.values()) {
        log.onEvent(TestLines.maintenance(kind, List.of("checkout: 50m planned > 43m12s allowed")));
      }
      log.onEvent(TestLines.deployment());
      log.onEvent(TestLines.budgetPolicy());
      log.onEvent(TestLines.gateOverride());
      log.onEvent(TestLines.review());
      log.onEvent(TestLines.budgetAdjustment());
    }
    List<String> types = new ArrayList<>();
    for (String text : TestLines.lines(out)) {
      types.add(TestLines.parse(text).get("type").asText());
      JsonNode line = TestLines.parse(text); // strict duplicate detection
      List<String> names = names(line);
      assertThat(names).doesNotHaveDuplicates();
      assertThat(names.subList(0, 3)).containsExactly("ts", "type", "service");
      assertThat(line.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      String numbersOnly = text.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
          .replaceAll("\\b(true|false)\\b", "");
      assertThat(numbersOnly).as("no exponent in %s", text).doesNotContainPattern("[eE]");
      for (String name : names) {
        assertThat(line.get(name).isValueNode()).as("%s is flat in %s", name, text).isTrue();
      }
    }
    assertThat(types).containsExactly("access", "sli_report", "sli_report", "sli_report", "alert",
        "alert", "maintenance", "maintenance", "maintenance", "maintenance", "deployment",
        "budget_policy", "gate_override", "review", "budget_adjustment");
    assertThat(new java.util.TreeSet<>(types)).containsExactlyInAnyOrderElementsOf(LogFields.TYPES);
  }

  @Test
  void theStrictParserReallyRejectsDuplicateKeys() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> TestLines.STRICT.readTree("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate");
  }
}
