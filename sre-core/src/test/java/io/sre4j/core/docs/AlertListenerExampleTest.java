package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloStatus;
import io.sre4j.core.event.SloEvent.AlertEvent;
import org.junit.jupiter.api.Test;

/** The alert listener example of docs/alerts-and-gate.md, compiled and run. */
final class AlertListenerExampleTest {

  /** The example's pager: remembers what it was asked to open. */
  private static final class Pager {
    final java.util.List<String> opened = new java.util.ArrayList<>();

    void open(String slo, String severity) {
      opened.add(slo + " " + severity);
    }
  }

  @Test
  void aFiringAlertOpensAPageAndTheStatusShowsItsBurnRates() {
    io.sre4j.core.Clock.ManualClock clock = io.sre4j.core.Clock.ManualClock.at(java.time.Instant.parse("2027-03-01T00:00:00Z"));
    Pager pager = new Pager();
    try (io.sre4j.core.SloRegistry registry = io.sre4j.core.SloRegistry.builder().clock(clock).manualTick()
        .slo(io.sre4j.core.SloSpec.builder("orders-availability").objective("99.9%").build())
        .build()) {
      // --- docs/alerts-and-gate.md ---
      registry.addListener(event -> {
        if (event instanceof AlertEvent alert && alert.firing()) {
          pager.open(alert.slo(), alert.severity());
        }
      });
      SloStatus status = registry.status("orders-availability").orElseThrow();
      status.burnRates();   // 5m, 30m, 1h, 6h, 3d
      status.firing();      // e.g. [page]
      // --- end ---
      assertThat(status.burnRates()).extracting(io.sre4j.core.SloStatus.BurnRate::window).extracting(java.time.Duration::toMinutes)
          .containsExactly(5L, 30L, 60L, 360L, 4320L);
      assertThat(status.firing()).isEmpty();

      io.sre4j.core.Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int i = 0; i < 200; i++) {
        endpoint.record(503, 1_000_000L); // every request fails: burn 1000
      }
      clock.advance(java.time.Duration.ofSeconds(10));
      registry.tick();
      // 200 failed requests are enough for every rule: the page and the ticket fire
      assertThat(pager.opened).containsExactlyInAnyOrder("orders-availability page", "orders-availability ticket");
      assertThat(registry.status("orders-availability").orElseThrow().firing()).contains("page");
    }
  }
}
