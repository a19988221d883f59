package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.MaintenanceWindow;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The maintenance example of docs/alerts-and-gate.md, compiled and run. */
final class MaintenanceExampleTest {

  @Test
  void aWindowDeclaredAheadAndOneStartingNow() {
    java.time.Instant now = java.time.Instant.parse("2027-03-01T00:00:00Z");
    io.sre4j.core.Clock.ManualClock clock = io.sre4j.core.Clock.ManualClock.at(now);
    java.time.Instant start = now.plus(Duration.ofHours(2));
    java.time.Instant end = start.plus(Duration.ofMinutes(20));
    try (io.sre4j.core.SloRegistry registry = io.sre4j.core.SloRegistry.builder().clock(clock).manualTick()
        .slo(io.sre4j.core.SloSpec.builder("orders-availability").objective("99.9%").build())
        .build()) {
      // --- docs/alerts-and-gate.md ---
      registry.declareMaintenance(MaintenanceWindow.of(start, end, "database upgrade")); // ahead of time
      registry.startMaintenance(Duration.ofMinutes(20), "failover drill");              // starting now
      // --- end ---
      registry.tick();
      assertThat(registry.status("orders-availability").orElseThrow().inMaintenance()).isTrue();
      clock.advance(Duration.ofMinutes(21));
      registry.tick();
      assertThat(registry.status("orders-availability").orElseThrow().inMaintenance()).isFalse();
      clock.advanceTo(start);
      registry.tick();
      assertThat(registry.status("orders-availability").orElseThrow().inMaintenance()).isTrue();
    }
  }
}
