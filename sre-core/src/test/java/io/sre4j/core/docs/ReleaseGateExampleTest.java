package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The release gate example of docs/alerts-and-gate.md, compiled and run. */
final class ReleaseGateExampleTest {

  @Test
  void anExhaustedBudgetDeniesAndTheOverrideAllows() {
    io.sre4j.core.Clock.ManualClock clock = io.sre4j.core.Clock.ManualClock.at(java.time.Instant.parse("2027-03-01T00:00:00Z"));
    try (io.sre4j.core.SloRegistry registry = io.sre4j.core.SloRegistry.builder().clock(clock).manualTick()
        .slo(io.sre4j.core.SloSpec.builder("orders-availability").objective("99.9%").build())
        .slo(io.sre4j.core.SloSpec.builder("orders-latency").sli(io.sre4j.core.Sli.latency(Duration.ofMillis(800)))
            .objective("99%").build())
        .build()) {
      io.sre4j.core.Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int i = 0; i < 200; i++) {
        endpoint.record(503, 1_000_000L);
      }
      clock.advance(Duration.ofSeconds(10));
      registry.tick();
      // --- docs/alerts-and-gate.md ---
      ReleaseGate gate = ReleaseGate.over(registry, "orders-availability", "orders-latency");
      GateDecision decision = gate.decide();   // allowed(), reasons(), notes()
      gate.override("hotfix INC-1234, approved by on-call", Duration.ofHours(1));
      // --- end ---
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reasons()).contains("slo orders-availability: page alert firing");
      GateDecision overridden = gate.decide();
      assertThat(overridden.allowed()).isTrue();
      assertThat(overridden.overridden()).isTrue();
      assertThat(overridden.overrideReason()).contains("hotfix INC-1234, approved by on-call");
    }
  }
}
