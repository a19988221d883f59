package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.AlertRule;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A registry on a manual clock with the log as its listener, through a whole story: a quiet start,
 * a deployment, a burn that pages and moves the budget policy, a gate override while paging,
 * maintenance declared, the page resolving, the window starting and ending, and the reports
 * around it all. The lines come out in the order the registry saw things, with their figures.
 */
final class EventLinesEndToEndTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  private static String at(Duration sinceStart) {
    return JsonLineWriter.formatTimestamp(T.plus(sinceStart).toEpochMilli());
  }

  private static void record(Endpoint endpoint, int count, int status) {
    for (int i = 0; i < count; i++) {
      endpoint.record(status, 50_000_000L);
    }
  }

  @Test
  void aBurnAMaintenanceWindowADeploymentAndAnOverrideGiveTheirLinesInOrder() {
    ManualClock clock = ManualClock.at(T);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GateDecision overridden;
    try (StructuredLog log = TestLines.into(out).clock(clock).build();
        SloRegistry registry = SloRegistry.builder().service("orders").clock(clock).manualTick()
            .interval(Duration.ofHours(1))
            .alertRules(List.of(new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4)))
            .rollbackPeriod(Duration.ofHours(2))
            .slo(SloSpec.builder("checkout").objective("99.9%").build())
            .listener(log)
            .build()) {
      Endpoint endpoint = registry.endpoint("POST", "/api/checkout");

      // a quiet start: 100,000 good requests, then two hours later the first report
      record(endpoint, 100_000, 200);
      registry.tick();
      clock.advance(Duration.ofHours(2));
      registry.tick();                                                       // sli_report
      registry.deployment("v1.2.3");                                         // deployment

      // a burn: half of 200 requests fail; 1h and 5m burn 500, the page fires, the policy moves
      clock.advance(Duration.ofMinutes(1));
      record(endpoint, 100, 200);
      record(endpoint, 100, 503);
      registry.tick();                                                       // alert, budget_policy
      overridden = ReleaseGate.over(registry)
          .override("hotfix INC-42, approved by on-call", Duration.ofHours(1)); // gate_override
      registry.declareMaintenance(new MaintenanceWindow(T.plus(Duration.ofMinutes(130)),
          T.plus(Duration.ofMinutes(140)), "database upgrade", java.util.Set.of()));  // maintenance

      // the burn stopped: 7 minutes on, the 5m lookback is clean and the page resolves
      clock.advance(Duration.ofMinutes(7));
      registry.tick();                                                       // alert resolved
      clock.advance(Duration.ofMinutes(2));
      registry.tick();                                                       // maintenance started
      clock.advance(Duration.ofMinutes(5));
      record(endpoint, 10, 503);                                             // left out
      registry.tick();
      clock.advance(Duration.ofMinutes(5));
      registry.tick();                                                       // maintenance ended
      clock.advanceTo(T.plus(Duration.ofHours(3)));
      registry.tick();                                                       // sli_report
      TestLines.await("ten lines", () -> log.writtenLines() == 10);
    }
    assertThat(overridden.allowed()).isTrue();
    assertThat(overridden.overridden()).isTrue();

    List<JsonNode> lines = TestLines.parseAll(out);
    assertThat(lines).extracting(line -> line.get("type").asText() + ":" + text(line, "state")
            + text(line, "event"))
        .containsExactly("sli_report:", "deployment:", "alert:firing", "budget_policy:",
            "gate_override:", "maintenance:declared", "alert:resolved", "maintenance:started",
            "maintenance:ended", "sli_report:");
    assertThat(lines).allSatisfy(line -> assertThat(line.get("service").asText()).isEqualTo("orders"));

    JsonNode quiet = lines.get(0);
    assertThat(quiet.get("ts").asText()).isEqualTo(at(Duration.ofHours(2)));
    assertThat(quiet.get("slo").asText()).isEqualTo("checkout");
    assertThat(quiet.get("interval_valid").asLong()).isEqualTo(100_000);
    assertThat(quiet.get("budget_state").asText()).isEqualTo("healthy");
    assertThat(quiet.get("paging").asBoolean()).isFalse();
    assertThat(quiet.get("firing").asText()).isEmpty();
    assertThat(quiet.get("burn_rate_5m").asDouble()).isZero();
    assertThat(quiet.get("burn_rate_1h").asDouble()).isZero();
    assertThat(quiet.has("burn_rate_6h")).isFalse(); // only the lookbacks the rules use
    assertThat(quiet.has("deployment_version")).isFalse();
    assertThat(quiet.has("rollback_advised")).isFalse();

    JsonNode deployment = lines.get(1);
    assertThat(deployment.get("version").asText()).isEqualTo("v1.2.3");
    assertThat(deployment.get("deployed_at").asText()).isEqualTo(at(Duration.ofHours(2)));
    assertThat(deployment.get("ts").asText()).isEqualTo(at(Duration.ofHours(2)));

    Duration burnAt = Duration.ofMinutes(121);
    JsonNode firing = lines.get(2);
    assertThat(firing.get("ts").asText()).isEqualTo(at(burnAt));
    assertThat(firing.get("slo").asText()).isEqualTo("checkout");
    assertThat(firing.get("severity").asText()).isEqualTo("page");
    assertThat(firing.get("since").asText()).isEqualTo(at(burnAt));
    assertThat(firing.get("long_window").asText()).isEqualTo("1h");
    assertThat(firing.get("short_window").asText()).isEqualTo("5m");
    assertThat(firing.get("factor").asDouble()).isEqualTo(14.4);
    assertThat(firing.get("long_burn_rate").asDouble()).isCloseTo(500, within(1e-6));
    assertThat(firing.get("short_burn_rate").asDouble()).isCloseTo(500, within(1e-6));
    assertThat(firing.get("burn_rate_1h").asDouble()).isCloseTo(500, within(1e-6));
    assertThat(firing.get("burn_rate_5m").asDouble()).isCloseTo(500, within(1e-6));

    JsonNode policy = lines.get(3);
    assertThat(policy.get("ts").asText()).isEqualTo(at(burnAt));
    assertThat(policy.get("slo").asText()).isEqualTo("checkout");
    assertThat(policy.get("from").asText()).isEqualTo("healthy");
    assertThat(policy.get("to").asText()).isEqualTo("at_risk");
    // 100 bad of 100,200 valid against an allowance of 100.2
    assertThat(policy.get("budget_remaining").asDouble()).isCloseTo(1 - 100 / 100.2, within(1e-9));
    assertThat(policy.get("reason").asText()).isEqualTo("0.2% of the error budget left, page alert firing");

    JsonNode override = lines.get(4);
    assertThat(override.get("reason").asText()).isEqualTo("hotfix INC-42, approved by on-call");
    assertThat(override.get("valid_until").asText()).isEqualTo(at(burnAt.plusHours(1)));
    assertThat(override.has("slos")).isFalse(); // the gate judges every SLO
    assertThat(override.get("deny_reasons").asText()).isEqualTo("slo checkout: page alert firing");

    JsonNode declared = lines.get(5);
    assertThat(declared.get("start").asText()).isEqualTo(at(Duration.ofMinutes(130)));
    assertThat(declared.get("end").asText()).isEqualTo(at(Duration.ofMinutes(140)));
    assertThat(declared.get("reason").asText()).isEqualTo("database upgrade");
    assertThat(declared.has("slos")).isFalse();        // every SLO
    assertThat(declared.has("over_budget")).isFalse(); // 10 minutes fit in 43m12s

    JsonNode resolved = lines.get(6);
    assertThat(resolved.get("ts").asText()).isEqualTo(at(Duration.ofMinutes(128)));
    assertThat(resolved.get("severity").asText()).isEqualTo("page");
    assertThat(resolved.get("since").asText()).isEqualTo(at(burnAt));
    assertThat(resolved.get("short_burn_rate").asDouble()).isZero();
    assertThat(resolved.get("burn_rate_5m").asDouble()).isZero();
    assertThat(resolved.get("long_burn_rate").asDouble()).isCloseTo(500, within(1e-6));

    assertThat(lines.get(7).get("ts").asText()).isEqualTo(at(Duration.ofMinutes(130)));
    assertThat(lines.get(8).get("ts").asText()).isEqualTo(at(Duration.ofMinutes(140)));
    assertThat(lines.get(8).get("reason").asText()).isEqualTo("database upgrade");

    JsonNode report = lines.get(9);
    assertThat(report.get("ts").asText()).isEqualTo(at(Duration.ofHours(3)));
    assertThat(report.get("interval_start").asText()).isEqualTo(at(Duration.ofHours(2)));
    assertThat(report.get("interval_valid").asLong()).isEqualTo(200);
    assertThat(report.get("interval_bad").asLong()).isEqualTo(100);
    assertThat(report.get("budget_state").asText()).isEqualTo("at_risk");
    assertThat(report.get("paging").asBoolean()).isFalse();
    assertThat(report.get("firing").asText()).isEmpty();
    assertThat(report.get("burn_rate_5m").asDouble()).isZero();
    assertThat(report.get("burn_rate_1h").asDouble()).isCloseTo(500, within(1e-6));
    assertThat(report.get("deployment_version").asText()).isEqualTo("v1.2.3");
    assertThat(report.get("deployed_at").asText()).isEqualTo(at(Duration.ofHours(2)));
    assertThat(report.get("burn_rate_since_deployment").asDouble()).isCloseTo(500, within(1e-6));
    assertThat(report.get("rollback_advised").asBoolean()).isTrue();
    assertThat(report.get("in_maintenance").asBoolean()).isFalse();
    assertThat(report.get("maintenance_events").asLong()).isEqualTo(10);
    assertThat(report.get("total_valid").asLong()).isEqualTo(100_200);
    assertThat(report.get("total_bad").asLong()).isEqualTo(100);
    assertThat(report.get("dropped_lines").asLong()).isZero();
  }

  private static String text(JsonNode line, String field) {
    JsonNode value = line.get(field);
    return value == null ? "" : value.asText();
  }
}
