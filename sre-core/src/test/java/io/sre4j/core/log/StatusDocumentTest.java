package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Budgeting;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.EndpointSelector;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class StatusDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "/a\"b\\c\n\r\t\u0000\u2028\ud800/{id}";

  @Test
  void statusHasEverySloAndEndpointAsOneValidLine() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-27T03:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
        .interval(Duration.ofSeconds(1))
        .slo(SloSpec.builder("availability").objective("99.9%").build())
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).objective("99%")
            .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.99)).build())
        .build()) {
      Endpoint endpoint = registry.endpoint("GET", HOSTILE);
      endpoint.record(200, 5_000_000);
      endpoint.record(503, 900_000_000);
      registry.deployment("v1 \"quoted\"");
      registry.declareMaintenance(MaintenanceWindow.of(Instant.parse("2026-11-28T00:00:00Z"),
          Instant.parse("2026-11-28T00:10:00Z"), "upgrade\nnow"));
      clock.advance(Duration.ofSeconds(2));

      String document = StatusDocument.status(registry, Map.of("GET " + HOSTILE, 2L));

      assertThat(document).endsWith("\n").doesNotContain("\u2028");
      assertThat(document.indexOf('\n')).isEqualTo(document.length() - 1);
      JsonNode status = JSON.readTree(document);
      assertThat(status.get("service").asText()).isEqualTo("orders");
      assertThat(status.get("ts").asText()).isEqualTo("2026-11-27T03:00:02.000Z");
      JsonNode availability = status.get("slos").get(0);
      assertThat(availability.get("slo").asText()).isEqualTo("availability");
      assertThat(availability.get("window_valid").asLong()).isEqualTo(2);
      assertThat(availability.get("window_bad").asLong()).isEqualTo(1);
      assertThat(availability.get("sli").asDouble()).isEqualTo(0.5);
      assertThat(availability.get("no_data").asBoolean()).isFalse();
      assertThat(availability.get("budget_remaining").asDouble()).isNegative();
      assertThat(availability.get("burn_rates").get(0).get("window").asText()).isEqualTo("5m");
      assertThat(availability.get("alerts").get(0).get("severity").asText()).isEqualTo("page");
      assertThat(availability.get("firing").isArray()).isTrue();
      assertThat(availability.get("budget_state").asText()).isIn("healthy", "at_risk", "exhausted");
      assertThat(availability.get("last_deployment").get("version").asText()).isEqualTo("v1 \"quoted\"");
      assertThat(availability.get("burn_since_deployment").has("rate")).isTrue();
      assertThat(availability.has("slice_ms")).isFalse();
      JsonNode latency = status.get("slos").get(1);
      assertThat(latency.get("slice_ms").asLong()).isEqualTo(60_000);
      assertThat(status.get("maintenance").get(0).get("reason").asText()).isEqualTo("upgrade\nnow");
      assertThat(status.get("last_deployment").get("version").asText()).isEqualTo("v1 \"quoted\"");
      JsonNode endpointNode = status.get("endpoints").get(0);
      assertThat(endpointNode.get("route").asText()).isEqualTo(HOSTILE.replace('\ud800', '\ufffd'));
      assertThat(endpointNode.get("latest").get("count").asLong()).isEqualTo(2);
      assertThat(endpointNode.get("latest").get("p50_ms").asDouble()).isBetween(4.99, 5.01);
      assertThat(endpointNode.get("latest").get("band_failed").asLong()).isEqualTo(1);
      assertThat(status.get("in_flight").get("GET " + HOSTILE.replace('\ud800', '\ufffd')).asLong())
          .isEqualTo(2);
    }
  }

  /**
   * The no-data flag, the low-traffic count and the forecast: an SLO burning at 2x over its last
   * hour with budget left is forecast to run out; one quiet for 7 hours says no_data though its
   * window has events; one held back by the low-traffic guard counts it.
   */
  @Test
  void statusShowsNoDataTheLowTrafficGuardAndTheForecast() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-27T03:00:00Z"));
    try (SloRegistry registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
        .slo(SloSpec.builder("burning").endpoints(EndpointSelector.routes("/burn")).objective("99.9%").build())
        .slo(SloSpec.builder("quiet").endpoints(EndpointSelector.routes("/quiet")).objective("99.9%").build())
        .slo(SloSpec.builder("guarded").endpoints(EndpointSelector.routes("/guard")).objective("99%").build())
        .build()) {
      Endpoint burn = registry.endpoint("GET", "/burn");
      Endpoint quiet = registry.endpoint("GET", "/quiet");
      Endpoint guard = registry.endpoint("GET", "/guard");
      for (int i = 0; i < 10; i++) {
        quiet.record(200, 1_000_000);
      }
      for (int minute = 0; minute < 7 * 60; minute++) {
        for (int i = 0; i < 1000; i++) {
          burn.record(minute >= 6 * 60 && i < 2 ? 503 : 200, 1_000_000);
        }
        clock.advance(Duration.ofMinutes(1));
        registry.tick();
      }
      for (int i = 0; i < 5; i++) {
        guard.record(503, 1_000_000);
      }
      registry.evaluate();

      JsonNode slos = JSON.readTree(StatusDocument.status(registry, Map.of())).get("slos");
      JsonNode burning = slos.get(0);
      assertThat(burning.get("no_data").asBoolean()).isFalse();
      assertThat(burning.get("exhaustion")).hasSize(2);
      JsonNode hour = burning.get("exhaustion").get(0);
      assertThat(hour.get("window").asText()).isEqualTo("1h");
      assertThat(hour.get("rate").asDouble()).isBetween(1.9, 2.1);
      SloStatus status = registry.status("burning").orElseThrow();
      assertThat(hour.get("time_left_ms").asLong())
          .isEqualTo(status.exhaustion(Duration.ofHours(1)).orElseThrow().toMillis());
      JsonNode sixHours = burning.get("exhaustion").get(1);
      assertThat(sixHours.get("window").asText()).isEqualTo("6h");
      assertThat(sixHours.has("time_left_ms")).as("6 h burn about 0.33 lasts").isFalse();
      assertThat(burning.get("alerts_suppressed_low_traffic").asLong()).isZero();

      JsonNode quietSlo = slos.get(1);
      assertThat(quietSlo.get("window_valid").asLong()).isEqualTo(10);
      assertThat(quietSlo.get("no_data").asBoolean()).isTrue();

      JsonNode guarded = slos.get(2);
      assertThat(guarded.get("firing")).isEmpty();
      assertThat(guarded.get("alerts_suppressed_low_traffic").asLong())
          .as("page and ticket held back by the 100-event guard").isEqualTo(2);
    }
  }

  @Test
  void emptyRegistryIsAValidDocument() throws Exception {
    try (SloRegistry registry = SloRegistry.builder().manualTick().build()) {
      JsonNode status = JSON.readTree(StatusDocument.status(registry, Map.of()));
      assertThat(status.get("slos")).isEmpty();
      assertThat(status.get("endpoints")).isEmpty();
      assertThat(status.get("maintenance")).isEmpty();
      assertThat(status.get("in_flight")).isEmpty();
      assertThat(status.has("last_deployment")).isFalse();
    }
  }

  @Test
  void gateDecisions() throws Exception {
    try (SloRegistry registry = SloRegistry.builder().service("orders").manualTick()
        .slo(SloSpec.builder("availability").objective("99%").build()).build()) {
      ReleaseGate gate = ReleaseGate.over(registry);
      JsonNode allow = JSON.readTree(StatusDocument.gate("orders", gate.decide()));
      assertThat(allow.get("allowed").asBoolean()).isTrue();
      assertThat(allow.get("decision").asText()).isEqualTo("allow");
      assertThat(allow.get("source").asText()).isEqualTo("instance");
      assertThat(allow.get("reasons")).isEmpty();
      assertThat(allow.has("override_reason")).isFalse();

      GateDecision denied = new GateDecision(Instant.EPOCH, true, true, List.of("slo x: \"exhausted\""),
          List.of("note"), Optional.of("hotfix\tINC-1"), Optional.of(Instant.EPOCH.plusSeconds(60)));
      JsonNode deny = JSON.readTree(StatusDocument.gate("orders", denied));
      assertThat(deny.get("overridden").asBoolean()).isTrue();
      assertThat(deny.get("reasons").get(0).asText()).isEqualTo("slo x: \"exhausted\"");
      assertThat(deny.get("notes").get(0).asText()).isEqualTo("note");
      assertThat(deny.get("override_reason").asText()).isEqualTo("hotfix\tINC-1");
      assertThat(deny.get("override_until").asText()).isEqualTo("1970-01-01T00:01:00.000Z");
      assertThat(deny.get("source").asText()).isEqualTo("instance");

      GateDecision fleet = new GateDecision(Instant.EPOCH, false, false, List.of("slo x: page alert firing"),
          List.of(), Optional.empty(), Optional.empty(), GateDecision.PROMETHEUS);
      assertThat(StatusDocument.gate("orders", fleet)).isEqualTo("{\"service\":\"orders\","
          + "\"ts\":\"1970-01-01T00:00:00.000Z\",\"allowed\":false,\"decision\":\"deny\","
          + "\"source\":\"prometheus\",\"overridden\":false,"
          + "\"reasons\":[\"slo x: page alert firing\"],\"notes\":[]}\n");
    }
  }

  @Test
  void smallDocuments() throws Exception {
    JsonNode error = JSON.readTree(StatusDocument.error("bad_request", "version is \"required\""));
    assertThat(error.get("error").asText()).isEqualTo("bad_request");
    assertThat(error.get("message").asText()).isEqualTo("version is \"required\"");
    JsonNode window = JSON.readTree(StatusDocument.maintenance("s",
        new MaintenanceWindow(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "r",
            java.util.Set.of("b", "a")), List.of("over")));
    assertThat(window.get("slos").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(window.get("over_budget").get(0).asText()).isEqualTo("over");
  }
}
