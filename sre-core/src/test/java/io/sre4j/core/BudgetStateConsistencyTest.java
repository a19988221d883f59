package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.BudgetState;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StatusDocument;
import io.sre4j.core.log.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, risk "budget_state lags budget_remaining": the policy state published beside a budget
 * figure is the state of that figure, on every surface, even between two evaluations (an
 * sli_report said healthy with -74 remaining). The clock is manual and the evaluation period one
 * hour, so that nothing evaluates between the burn and the reads.
 */
final class BudgetStateConsistencyTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyReadingBetweenEvaluationsAgreesWithTheBudgetBesideIt() throws Exception {
    ManualClock clock = ManualClock.at(T);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructuredLog log = StructuredLog.builder().service("shop").clock(clock)
        .sink(LogSink.jsonLines(out)).shutdownHook(false).build();
    try (SloRegistry registry = SloRegistry.builder().service("shop").clock(clock).manualTick()
        .interval(Duration.ofSeconds(10)).alertEvaluation(Duration.ofMinutes(5))
        .slo(SloSpec.builder("checkout").objective("99%")
            .window(SloWindow.rolling(Duration.ofDays(1))).build())
        .listener(log).build()) {
      Endpoint endpoint = registry.endpoint("POST", "/api/checkout");
      for (int i = 0; i < 1000; i++) {
        endpoint.record(200, 1_000_000L);
      }
      registry.evaluate();
      assertThat(registry.status("checkout").orElseThrow().budgetState())
          .isEqualTo(BudgetState.HEALTHY);

      // burn the budget 5 times over, then read before the next evaluation (due at T+5m)
      clock.advanceTo(T.plusSeconds(1));
      for (int i = 0; i < 50; i++) {
        endpoint.record(500, 1_000_000L);
      }
      SloStatus status = registry.status("checkout").orElseThrow();
      assertThat(status.window().budgetRemaining()).isNegative();
      assertThat(status.budgetState()).isEqualTo(BudgetState.EXHAUSTED);
      assertThat(registry.statuses()).singleElement()
          .extracting(SloStatus::budgetState).isEqualTo(BudgetState.EXHAUSTED);

      // /sre/status
      JsonNode document = JSON.readTree(StatusDocument.status(registry, Map.of()));
      JsonNode slo = document.findValue("slos").get(0);
      assertThat(slo.get("budget_remaining").asDouble()).isNegative();
      assertThat(slo.get("budget_state").asText()).isEqualTo("exhausted");

      // the sli_report of the interval that ends at T+10s, long before the next evaluation
      clock.advanceTo(T.plusSeconds(10));
      registry.tick();
      log.close();
      List<JsonNode> reports = new ArrayList<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        JsonNode node = JSON.readTree(line);
        if (node.path("type").asText().equals("sli_report")) {
          reports.add(node);
        }
      }
      assertThat(reports).isNotEmpty();
      for (JsonNode report : reports) {
        double remaining = report.get("budget_remaining").asDouble();
        String state = report.get("budget_state").asText();
        assertThat(state).as("budget_state beside budget_remaining %s", remaining)
            .isEqualTo(remaining <= 0 ? "exhausted" : "healthy");
      }
      assertThat(reports.get(reports.size() - 1).get("budget_remaining").asDouble()).isNegative();
    } finally {
      log.close();
    }
  }
}
