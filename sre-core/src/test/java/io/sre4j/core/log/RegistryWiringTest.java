package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log as a registry listener: one sli_report line per SLO per interval, and its events. */
final class RegistryWiringTest {

  @Test
  void aRegistryReportsEachSloOnceAnInterval() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-27T03:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).clock(clock).accessLog(true).build();
        SloRegistry registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
            .slo(SloSpec.builder("orders-latency").sli(Sli.latency(Duration.ofMillis(800))).objective("99%").build())
            .listener(log)
            .build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int i = 0; i < 10; i++) {
        int status = i < 2 ? 500 : 200;
        long nanos = (i + 1) * 100_000_000L; // 100 ms .. 1 s
        endpoint.record(status, nanos);
        log.accessLog().log(endpoint, status, nanos, null, null);
      }
      clock.advance(Duration.ofSeconds(61));
      registry.tick();
      // 10 access lines; the tick's evaluation exhausts both budgets, then closes the interval
      TestLines.await("every line", () -> log.writtenLines() == 14);
    }
    assertThat(TestLines.parseAll(out).stream().skip(10))
        .extracting(line -> line.get("type").asText() + " " + line.get("slo").asText())
        .containsExactly("budget_policy orders-availability", "budget_policy orders-latency",
            "sli_report orders-availability", "sli_report orders-latency");
    List<JsonNode> reports = TestLines.parseAll(out).stream()
        .filter(line -> line.get("type").asText().equals("sli_report")).toList();
    assertThat(reports).extracting(line -> line.get("slo").asText())
        .containsExactly("orders-availability", "orders-latency");
    JsonNode availability = reports.get(0);
    assertThat(availability.get("service").asText()).isEqualTo("orders");
    assertThat(availability.get("interval_valid").asLong()).isEqualTo(10);
    assertThat(availability.get("interval_bad").asLong()).isEqualTo(2);
    assertThat(availability.get("latency_count").asLong()).isEqualTo(10);
    assertThat(availability.get("band_failed").asLong()).isEqualTo(2);
    JsonNode latency = reports.get(1);
    assertThat(latency.get("interval_valid").asLong()).isEqualTo(8); // failures not judged
    assertThat(latency.get("interval_bad").asLong()).isEqualTo(2);   // 900 ms and 1 s
  }
}
