package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BudgetState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The alerting, policy, deployment and maintenance settings read from properties. */
final class AlertConfigTest {

  @Test
  void alertingSettingsFromPropertiesReachTheRegistry() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "alert.rules", "page:1h/5m:10, ticket:3d/6h:2",
        "alert.min-events", "5",
        "alert.evaluation", "30s",
        "policy.at-risk", "50%",
        "deployment.rollback-period", "30m",
        "maintenance.strict", "true",
        "slo.api.objective", "99%"));
    ManualClock clock = ManualClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    SloRegistry registry = config.applyTo(SloRegistry.builder().manualTick().clock(clock)).build();
    Endpoint endpoint = registry.endpoint("GET", "/a");

    // 6 requests, 1 bad: 16.7 % errors = burn 16.7 on 99 %; min-events 5 lets the page fire at 10
    for (int i = 0; i < 5; i++) {
      endpoint.record(200, 1_000_000);
    }
    endpoint.record(500, 1_000_000);
    registry.evaluate();

    SloStatus status = registry.status("api").orElseThrow();
    assertThat(status.alerts()).extracting(r -> r.rule().describe())
        .containsExactly("page:1h/5m:10.0", "ticket:3d/6h:2.0");
    assertThat(status.firing()).containsExactlyInAnyOrder("page", "ticket");
    assertThat(status.budgetState()).isEqualTo(BudgetState.EXHAUSTED);

    // strict maintenance: 99 % of 30 days allows 7h12m; 8 h is rejected
    assertThatThrownBy(() -> registry.declareMaintenance(MaintenanceWindow.of(
        clock.instant(), clock.instant().plus(Duration.ofHours(8)), "too long")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("api: 8h planned > 7h12m allowed in 30d");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "alert.rules|page:1h:14.4|alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h:14.4\"",
      "alert.rules|page:5m/1h:14.4|alert.rules must be rules such as page:1h/5m:14.4 (alert long window must be longer than the short window 1h but was \"5m\") but was \"page:5m/1h:14.4\"",
      "alert.rules|page:4d/1h:1|alert.rules must be rules such as page:1h/5m:14.4 (alert long window must be between 1m and 3d but was \"4d\") but was \"page:4d/1h:1\"",
      "alert.rules|page:1h/5m:x|alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h/5m:x\"",
      "alert.rules|Page:1h/5m:1|alert.rules must be rules such as page:1h/5m:14.4 (alert severity must be lowercase letters, digits, - or _ but was \"Page\") but was \"Page:1h/5m:1\"",
      "alert.min-events|-1|alert.min-events must be between 0 and 1000000000 but was \"-1\"",
      "alert.min-events|many|alert.min-events must be an integer but was \"many\"",
      "alert.evaluation|0s|alert.evaluation must be between 1s and 5m but was \"0s\"",
      "alert.keep-firing-for|2d|alert.keep-firing-for must be between 0s and 1d but was \"2d\"",
      "alert.keep-firing-for|-1m|alert.keep-firing-for must be a duration such as 800ms, 5m, 30d or PT5M but was \"-1m\"",
      "alert.keep-firing-for|soon|alert.keep-firing-for must be a duration such as 800ms, 5m, 30d or PT5M but was \"soon\"",
      "alert.no-data-for|30s|alert.no-data-for must be whole seconds between 1m and 1d but was \"30s\"",
      "alert.no-data-for|90500ms|alert.no-data-for must be whole seconds between 1m and 1d but was \"90500ms\"",
      "alert.no-data-for|2d|alert.no-data-for must be whole seconds between 1m and 1d but was \"2d\"",
      "alert.no-data-for|never|alert.no-data-for must be a duration such as 800ms, 5m, 30d or PT5M but was \"never\"",
      "policy.at-risk|100%|policy.at-risk must be in (0,1) but was \"100%\"",
      "deployment.rollback-period|4d|deployment.rollback-period must be between 1m and 3d but was \"4d\"",
      "maintenance.strict|maybe|maintenance.strict must be true or false but was \"maybe\"",
  })
  void badAlertingSettingsNameKeyAndValue(String key, String value, String message) {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void keepFiringForFromPropertiesReachesTheRegistry() {
    // keep-firing-for 1m: the page resolves at the first evaluation a minute after it stopped holding
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "alert.rules", "page:1h/5m:14.4",
        "alert.min-events", "5",
        "alert.evaluation", "10s",
        "alert.keep-firing-for", "1m",
        "alert.no-data-for", "30m",
        "slo.api.objective", "99%"));
    Clock.ManualClock clock = Clock.ManualClock.at(java.time.Instant.parse("2027-03-10T12:00:00Z"));
    java.util.List<String> states = new java.util.ArrayList<>();
    try (SloRegistry registry = config.applyTo(SloRegistry.builder().manualTick().clock(clock)
        .listener(event -> {
          if (event instanceof io.sre4j.core.event.SloEvent.AlertEvent alert) {
            states.add(alert.state() + "@" + java.time.Duration.between(
                java.time.Instant.parse("2027-03-10T12:00:00Z"), alert.time()).toSeconds());
          }
        })).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/x");
      for (int i = 0; i < 10; i++) {
        endpoint.record(i < 5 ? 500 : 200, 1_000_000L);
      }
      registry.evaluate();
      // 6 minutes later the 5m window is empty: the condition fails from here on
      clock.advance(java.time.Duration.ofMinutes(6));
      registry.evaluate();
      clock.advance(java.time.Duration.ofSeconds(50));
      registry.evaluate();
      clock.advance(java.time.Duration.ofSeconds(10));
      registry.evaluate();
    }
    assertThat(states).containsExactly("firing@0", "resolved@420");
    assertThat(config.properties()).containsEntry("alert.no-data-for", "30m");
  }

  @Test
  void defaultRulesAreTheWorkbookTable() {
    assertThat(AlertRule.defaults()).extracting(AlertRule::describe)
        .isEqualTo(List.of("page:1h/5m:14.4", "page:6h/30m:6.0", "ticket:3d/6h:1.0"));
  }
}
