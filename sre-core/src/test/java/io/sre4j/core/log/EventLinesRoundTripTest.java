package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every line type but {@code access}, parsed strictly by Jackson (duplicate keys fail): the exact
 * fields in order and their values.
 */
final class EventLinesRoundTripTest {

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode line(SloEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).build()) {
      log.onEvent(event);
    }
    List<JsonNode> lines = TestLines.parseAll(out);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.get("ts").asText()).isEqualTo("2026-11-27T03:18:32.123Z");
    assertThat(line.get("service").asText()).isEqualTo("orders");
    return line;
  }

  @Test
  void reportsCarryTheStatusFiguresFlat() {
    JsonNode line = line(TestLines.fullReport());
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "sli_kind", "objective",
        "window", "interval_start", "interval_end", "interval_valid", "interval_good", "interval_bad",
        "interval_sli", "partial", "window_start", "window_valid", "window_good", "window_bad",
        "sli", "budget_consumed", "budget_remaining", "allowed_bad_events", "budget_state", "paging",
        "firing", "burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_6h", "burn_rate_3d",
        "exhaustion_1h_ms", "exhaustion_6h_ms", "no_data", "alerts_suppressed_low_traffic",
        "deployment_version", "deployed_at", "burn_rate_since_deployment", "rollback_advised",
        "in_maintenance", "maintenance_events", "total_valid", "total_bad", "latency_count",
        "latency_min_ms", "latency_max_ms", "latency_mean_ms", "latency_p50_ms", "latency_p90_ms",
        "latency_p95_ms", "latency_p99_ms", "latency_p999_ms", "band_fast", "band_tolerable",
        "band_slow", "band_failed", "apdex", "dropped_lines");
    assertThat(line.get("type").asText()).isEqualTo("sli_report");
    assertThat(line.get("budget_state").asText()).isEqualTo("at_risk");
    assertThat(line.get("paging").asBoolean()).isTrue();
    assertThat(line.get("firing").asText()).isEqualTo("page,ticket");
    assertThat(line.get("burn_rate_5m").asDouble()).isEqualTo(20.0);
    assertThat(line.get("burn_rate_30m").asDouble()).isEqualTo(8.0);
    assertThat(line.get("burn_rate_1h").asDouble()).isEqualTo(5.0);
    assertThat(line.get("burn_rate_6h").asDouble()).isEqualTo(7.0);
    assertThat(line.get("burn_rate_3d").asDouble()).isEqualTo(2.0);
    assertThat(line.get("exhaustion_1h_ms").isIntegralNumber()).isTrue();
    assertThat(line.get("exhaustion_1h_ms").asLong()).isEqualTo(90 * 3_600_000L);
    assertThat(line.get("exhaustion_6h_ms").asLong()).isEqualTo(12_345_678L);
    assertThat(line.get("no_data").asBoolean()).isFalse();
    assertThat(line.get("alerts_suppressed_low_traffic").asLong()).isEqualTo(3);
    assertThat(line.get("deployment_version").asText()).isEqualTo("v2.0.1");
    assertThat(line.get("deployed_at").asText()).isEqualTo("2026-11-27T03:08:32.123Z");
    assertThat(line.get("burn_rate_since_deployment").asDouble()).isEqualTo(16.0);
    assertThat(line.get("rollback_advised").asBoolean()).isTrue();
    assertThat(line.get("in_maintenance").asBoolean()).isTrue();
    assertThat(line.get("maintenance_events").asLong()).isEqualTo(12);
    assertThat(line.get("total_valid").asLong()).isEqualTo(5_000_000);
    assertThat(line.get("total_bad").asLong()).isEqualTo(4_000);
  }

  @Test
  void firingAlertsShowTheRuleThatHoldsAndEveryLookbackOfTheSeverity() {
    JsonNode line = line(TestLines.pageAlert(true));
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "severity", "state",
        "since", "long_window", "short_window", "factor", "long_burn_rate", "short_burn_rate",
        "burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_6h");
    assertThat(line.get("type").asText()).isEqualTo("alert");
    assertThat(line.get("slo").asText()).isEqualTo("checkout");
    assertThat(line.get("severity").asText()).isEqualTo("page");
    assertThat(line.get("state").asText()).isEqualTo("firing");
    assertThat(line.get("since").asText()).isEqualTo(line.get("ts").asText());
    assertThat(line.get("long_window").asText()).isEqualTo("6h");   // the slow rule holds
    assertThat(line.get("short_window").asText()).isEqualTo("30m");
    assertThat(line.get("factor").asDouble()).isEqualTo(6.0);
    assertThat(line.get("long_burn_rate").asDouble()).isEqualTo(7.0);
    assertThat(line.get("short_burn_rate").asDouble()).isEqualTo(8.0);
    assertThat(line.get("burn_rate_5m").asDouble()).isEqualTo(20.0);
    assertThat(line.get("burn_rate_30m").asDouble()).isEqualTo(8.0);
    assertThat(line.get("burn_rate_1h").asDouble()).isEqualTo(5.0);
    assertThat(line.get("burn_rate_6h").asDouble()).isEqualTo(7.0);
  }

  @Test
  void alertsCarryTheBudgetLeftAndTheForecastThatApplies() {
    JsonNode line = line(TestLines.pageAlertWithForecast());
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "severity", "state",
        "since", "long_window", "short_window", "factor", "long_burn_rate", "short_burn_rate",
        "burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_6h", "budget_remaining",
        "exhaustion_1h_ms");
    assertThat(line.get("budget_remaining").asDouble()).isEqualTo(0.42);
    assertThat(line.get("exhaustion_1h_ms").asLong()).isEqualTo(90 * 3_600_000L);
  }

  @Test
  void resolvedAlertsShowTheFirstRuleAndWhenTheyStarted() {
    JsonNode line = line(TestLines.pageAlert(false));
    assertThat(line.get("state").asText()).isEqualTo("resolved");
    assertThat(line.get("since").asText()).isEqualTo("2026-11-27T02:36:32.123Z");
    assertThat(line.get("long_window").asText()).isEqualTo("1h");
    assertThat(line.get("short_window").asText()).isEqualTo("5m");
    assertThat(line.get("factor").asDouble()).isEqualTo(14.4);
    assertThat(line.get("long_burn_rate").asDouble()).isEqualTo(5.0);
    assertThat(line.get("short_burn_rate").asDouble()).isEqualTo(20.0);
    assertThat(line.get("burn_rate_6h").asDouble()).isEqualTo(2.0);
    assertThat(line.get("burn_rate_30m").asDouble()).isEqualTo(1.0);
  }

  @Test
  void alertsSharingALookbackNameItOnce() {
    var shared = new io.sre4j.core.AlertRule("page", java.time.Duration.ofHours(1),
        java.time.Duration.ofMinutes(30), 10);
    var event = new io.sre4j.core.event.SloEvent.AlertEvent(TestLines.END, "orders", "checkout", "page", true,
        TestLines.END, List.of(
            new io.sre4j.core.SloStatus.AlertReading(TestLines.PAGE_FAST,
                TestLines.burn(java.time.Duration.ofHours(1), 30),
                TestLines.burn(java.time.Duration.ofMinutes(5), 40), true),
            new io.sre4j.core.SloStatus.AlertReading(shared,
                TestLines.burn(java.time.Duration.ofHours(1), 30),
                TestLines.burn(java.time.Duration.ofMinutes(30), 35), true)));
    JsonNode line = line(event); // strict parse: a duplicate key would fail
    assertThat(names(line).stream().filter(n -> n.startsWith("burn_rate_")))
        .containsExactly("burn_rate_5m", "burn_rate_30m", "burn_rate_1h");
    assertThat(line.get("long_window").asText()).isEqualTo("1h");
    assertThat(line.get("short_window").asText()).isEqualTo("5m");
  }

  @Test
  void maintenanceLinesJoinTheirListsAndLeaveEmptyOnesOut() {
    JsonNode declared = line(TestLines.maintenance(MaintenanceEvent.Kind.DECLARED,
        List.of("checkout: 50m planned > 43m12s allowed in 30d", "search: 50m planned > 4m19s allowed")));
    assertThat(names(declared)).containsExactly("ts", "type", "service", "event", "start", "end",
        "reason", "slos", "over_budget");
    assertThat(declared.get("type").asText()).isEqualTo("maintenance");
    assertThat(declared.get("event").asText()).isEqualTo("declared");
    assertThat(declared.get("start").asText()).isEqualTo("2026-11-28T02:00:00.000Z");
    assertThat(declared.get("end").asText()).isEqualTo("2026-11-28T02:30:00.000Z");
    assertThat(declared.get("reason").asText()).isEqualTo("database upgrade, \"v16\"");
    assertThat(declared.get("slos").asText()).isEqualTo("checkout,search");
    assertThat(declared.get("over_budget").asText())
        .isEqualTo("checkout: 50m planned > 43m12s allowed in 30d; search: 50m planned > 4m19s allowed");

    for (MaintenanceEvent.Kind kind : MaintenanceEvent.Kind.values()) {
      JsonNode line = line(new MaintenanceEvent(TestLines.END, "orders", kind,
          io.sre4j.core.MaintenanceWindow.of(TestLines.WINDOW.start(), TestLines.WINDOW.end(), "deploy"),
          List.of()));
      assertThat(names(line)).containsExactly("ts", "type", "service", "event", "start", "end", "reason");
      assertThat(line.get("event").asText()).isEqualTo(kind.label());
    }
    assertThat(MaintenanceEvent.Kind.values()).extracting(MaintenanceEvent.Kind::label)
        .containsExactly("declared", "rejected", "started", "ended");
  }

  @Test
  void deploymentLinesCarryTheVersionAndItsTime() {
    JsonNode line = line(TestLines.deployment());
    assertThat(names(line)).containsExactly("ts", "type", "service", "version", "deployed_at");
    assertThat(line.get("type").asText()).isEqualTo("deployment");
    assertThat(line.get("version").asText()).isEqualTo("v2.0.1+build.7");
    assertThat(line.get("deployed_at").asText()).isEqualTo("2026-11-27T03:18:32.118Z");
  }

  @Test
  void budgetPolicyLinesCarryBothStatesAndWhy() {
    JsonNode line = line(TestLines.budgetPolicy());
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "from", "to",
        "budget_remaining", "reason");
    assertThat(line.get("type").asText()).isEqualTo("budget_policy");
    assertThat(line.get("slo").asText()).isEqualTo("checkout");
    assertThat(line.get("from").asText()).isEqualTo("healthy");
    assertThat(line.get("to").asText()).isEqualTo("at_risk");
    assertThat(line.get("budget_remaining").asDouble()).isCloseTo(0.2, within(1e-15));
    assertThat(line.get("reason").asText()).isEqualTo("20.0% of the error budget left, below the 25% threshold");
  }

  @Test
  void gateOverrideLinesCarryWhyUntilWhenAndWhatWouldHaveDenied() {
    JsonNode line = line(TestLines.gateOverride());
    assertThat(names(line)).containsExactly("ts", "type", "service", "reason", "valid_until", "slos",
        "deny_reasons");
    assertThat(line.get("type").asText()).isEqualTo("gate_override");
    assertThat(line.get("reason").asText()).isEqualTo("hotfix INC-1234, approved by on-call");
    assertThat(line.get("valid_until").asText()).isEqualTo("2026-11-27T04:18:32.123Z");
    assertThat(line.get("slos").asText()).isEqualTo("checkout,search");
    assertThat(line.get("deny_reasons").asText()).isEqualTo(
        "slo checkout: error budget exhausted, -3.0% of the error budget left; slo checkout: page alert firing");

    JsonNode allowedAnyway = line(new io.sre4j.core.event.SloEvent.GateOverrideEvent(TestLines.END, "orders",
        "drill", TestLines.END.plusSeconds(60), List.of(), List.of()));
    assertThat(names(allowedAnyway)).containsExactly("ts", "type", "service", "reason", "valid_until");
  }

  @Test
  void reviewLine() {
    JsonNode line = line(TestLines.review());
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "who", "reviewed_at",
        "summary", "actions", "link", "exhausted_on");
    assertThat(line.get("type").asText()).isEqualTo("review");
    assertThat(Line.isPriority(TestLines.review())).as("a review line goes to the priority lane").isTrue();
    assertThat(line.get("slo").asText()).isEqualTo("checkout");
    assertThat(line.get("who").asText()).isEqualTo("alice");
    assertThat(line.get("reviewed_at").asText()).isEqualTo("2026-11-27T02:18:32.123Z");
    assertThat(line.get("actions").asText()).isEqualTo("canary config pushes; alert on config errors");
    assertThat(line.get("link").asText()).isEqualTo("https://wiki.example.com/pm/1");
    assertThat(line.get("exhausted_on").asText()).isEqualTo("2026-11-26T03:18:32.123Z");

    JsonNode bare = line(new io.sre4j.core.event.SloEvent.ReviewEvent(TestLines.END, "orders", "checkout",
        new io.sre4j.core.Review("bob", TestLines.END, "nothing to add", List.of(),
            java.util.Optional.empty()), java.util.Optional.empty()));
    assertThat(names(bare)).containsExactly("ts", "type", "service", "slo", "who", "reviewed_at",
        "summary");
  }

  @Test
  void budgetAdjustmentLine() {
    JsonNode line = line(TestLines.budgetAdjustment());
    assertThat(names(line)).containsExactly("ts", "type", "service", "slo", "objective",
        "adjusted_objective", "reason", "approver", "start", "end", "long_term");
    assertThat(line.get("type").asText()).isEqualTo("budget_adjustment");
    assertThat(line.get("objective").asDouble()).isEqualTo(0.999);
    assertThat(line.get("adjusted_objective").asDouble()).isEqualTo(0.995);
    assertThat(line.get("approver").asText()).isEqualTo("cto");
    assertThat(line.get("end").asText()).isEqualTo("2026-12-11T03:18:32.123Z");
    assertThat(line.get("long_term").asBoolean()).isFalse();
    assertThat(Line.isPriority(TestLines.budgetAdjustment())).isTrue();

    JsonNode downtime = line(new io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent(TestLines.END,
        "orders", "checkout", 0.999, io.sre4j.core.BudgetAdjustment.extraDowntime(
            java.time.Duration.ofHours(2), "credit", "vp", TestLines.END, java.util.Optional.empty())));
    assertThat(names(downtime)).containsExactly("ts", "type", "service", "slo", "objective",
        "extra_downtime_ms", "reason", "approver", "start", "long_term");
    assertThat(downtime.get("extra_downtime_ms").asLong()).isEqualTo(7_200_000L);
  }

  @Test
  void deploymentDowntimeLines() {
    JsonNode marker = line(new io.sre4j.core.event.SloEvent.DeploymentEvent(TestLines.END, "orders",
        new io.sre4j.core.Deployment("v2", TestLines.END, java.time.Duration.ofMinutes(2))));
    assertThat(names(marker)).containsExactly("ts", "type", "service", "version", "deployed_at",
        "expected_downtime_ms");
    assertThat(marker.get("expected_downtime_ms").asLong()).isEqualTo(120_000L);

    io.sre4j.core.event.SloEvent.DeploymentDowntimeEvent ended =
        new io.sre4j.core.event.SloEvent.DeploymentDowntimeEvent(TestLines.END, "orders", "checkout",
            new io.sre4j.core.DeploymentDowntime("v2", TestLines.END.minusSeconds(120),
                java.time.Duration.ofMinutes(2), java.util.Optional.of(TestLines.END), 600, 150,
                java.time.Duration.ofSeconds(30), 0.25, 1.5));
    JsonNode line = line(ended);
    assertThat(names(line)).containsExactly("ts", "type", "service", "version", "deployed_at",
        "event", "slo", "expected_downtime_ms", "actual_downtime_ms", "downtime_requests",
        "downtime_bad_events", "budget_cost", "burn_rate_since_deployment");
    assertThat(line.get("type").asText()).isEqualTo("deployment");
    assertThat(line.get("event").asText()).isEqualTo("downtime_ended");
    assertThat(line.get("actual_downtime_ms").asLong()).isEqualTo(30_000L);
    assertThat(line.get("downtime_bad_events").asLong()).isEqualTo(150L);
    assertThat(line.get("budget_cost").asDouble()).isEqualTo(0.25);
    assertThat(Line.isPriority(ended)).isTrue();
  }

  /** A report of an SLO whose budget an adjustment raises: it says so, with both figures. */
  private static io.sre4j.core.event.SloEvent.SliReport adjustedReport() {
    io.sre4j.core.event.SloEvent.SliReport base = TestLines.fullReport();
    io.sre4j.core.SloSnapshot w = base.window();
    io.sre4j.core.SloSnapshot adjusted = new io.sre4j.core.SloSnapshot(w.name(), w.sliKind(),
        w.objective(), w.window(), w.windowStart(), w.windowEnd(), w.windowLength(),
        w.validEvents(), w.badEvents(), w.sliceLength(), w.badSlices(), 0.99, 10);
    io.sre4j.core.SloStatus s = base.status();
    return new io.sre4j.core.event.SloEvent.SliReport(base.time(), base.service(),
        base.intervalStart(), base.intervalValid(), base.intervalBad(), base.latency(),
        new io.sre4j.core.SloStatus(adjusted, s.burnRates(), s.alerts(), s.firing(),
            s.budgetState(), s.maintenanceEvents(), s.inMaintenance(), s.lastDeployment(),
            s.sinceDeployment(), s.rollbackAdvised(), s.totalValidEvents(), s.totalBadEvents()));
  }

  @Test
  void anAdjustedReportSaysSoWithBothBudgets() {
    JsonNode line = line(adjustedReport());
    assertThat(line.get("budget_in_force").asText()).isEqualTo("adjusted");
    assertThat(line.get("budget_objective").asDouble()).isEqualTo(0.99);
    assertThat(line.get("extra_allowance").asDouble()).isEqualTo(10.0);
    assertThat(line.get("original_budget_remaining").asDouble())
        .isCloseTo(adjustedReport().window().originalBudgetRemaining(),
            org.assertj.core.api.Assertions.within(1e-12));
    assertThat(line.get("budget_remaining").asDouble())
        .isCloseTo(adjustedReport().window().budgetRemaining(),
            org.assertj.core.api.Assertions.within(1e-12));
    assertThat(adjustedReport().window().budgetRemaining())
        .isGreaterThan(adjustedReport().window().originalBudgetRemaining());
    assertThat(line(TestLines.fullReport()).has("budget_in_force")).isFalse();
  }

  /** Every name a line holds is a LogFields constant, or a burn rate named by LogFields.burnRate. */
  @Test
  void everyFieldNameIsListedInLogFields() throws IllegalAccessException {
    Set<String> constants = logFieldsConstants();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StructuredLog log = TestLines.into(out).accessLog(true).build()) {
      log.accessLog().log("GET", "/a", 500, 1, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "E");
      log.onEvent(TestLines.fullReport());
      log.onEvent(TestLines.timesliceReport());
      log.onEvent(TestLines.pageAlert(true));
      log.onEvent(TestLines.pageAlertWithForecast());
      log.onEvent(TestLines.maintenance(MaintenanceEvent.Kind.DECLARED, List.of("x")));
      log.onEvent(TestLines.deployment());
      log.onEvent(TestLines.budgetPolicy());
      log.onEvent(TestLines.gateOverride());
      log.onEvent(TestLines.review());
      log.onEvent(TestLines.budgetAdjustment());
      log.onEvent(adjustedReport());
    }
    Set<String> seenTypes = new HashSet<>();
    for (JsonNode line : TestLines.parseAll(out)) {
      seenTypes.add(line.get("type").asText());
      for (String name : names(line)) {
        if (name.startsWith(LogFields.BURN_RATE_PREFIX) && !constants.contains(name)) {
          assertThat(name).matches("burn_rate_[0-9a-z]+");
        } else {
          assertThat(constants).as("LogFields names %s", name).contains(name);
        }
      }
    }
    assertThat(seenTypes).containsExactlyInAnyOrderElementsOf(LogFields.TYPES);
    assertThat(LogFields.burnRate(java.time.Duration.ofMinutes(5))).isEqualTo(LogFields.BURN_RATE_5M);
    assertThat(LogFields.burnRate(java.time.Duration.ofMinutes(30))).isEqualTo(LogFields.BURN_RATE_30M);
    assertThat(LogFields.burnRate(java.time.Duration.ofHours(1))).isEqualTo(LogFields.BURN_RATE_1H);
    assertThat(LogFields.burnRate(java.time.Duration.ofHours(6))).isEqualTo(LogFields.BURN_RATE_6H);
    assertThat(LogFields.burnRate(java.time.Duration.ofDays(3))).isEqualTo(LogFields.BURN_RATE_3D);
    assertThat(LogFields.burnRate(java.time.Duration.ofMinutes(90))).isEqualTo("burn_rate_1h30m");
  }

  /** The values of LogFields' public String constants that name fields (not types or defaults). */
  static Set<String> logFieldsConstants() throws IllegalAccessException {
    Set<String> names = new HashSet<>();
    for (Field field : LogFields.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
          && !field.getName().startsWith("TYPE_") && !field.getName().startsWith("DEFAULT_")
          && !field.getName().equals("TRUNCATION_MARK")) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }
}
