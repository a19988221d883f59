package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.event.SloEvent.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * alert.keep-firing-for in-process, on the hovering series of the promtool suites
 * sre-micrometer/src/test/resources/promtool/hover-*-tests.yml (same minutes, same rule): 100
 * valid events a minute, 40 of them failing in minutes 1-5, 11-15, 21-25 and 31-35. With one rule
 * page:1h/5m:14.4 at 99 %, the 5m burn reaches the factor at minutes 1-8, 12-18, 22-28 and 32-38.
 */
final class KeepFiringForTest {

  private static final Instant START = Instant.parse("2027-03-10T12:00:00Z");

  /** The failing events of minute {@code m} (the events of minute m fall in (m-1, m]). */
  private static int bad(int minute) {
    return minute <= 35 && (minute - 1) % 10 < 5 ? 40 : 0;
  }

  /** The alert events of the hovering series, as "firing@minute" and "resolved@minute". */
  private static List<String> hover(Duration keepFiringFor) {
    ManualClock clock = ManualClock.at(START);
    List<String> transitions = new ArrayList<>();
    try (SloRegistry registry = SloRegistry.builder()
        .manualTick()
        .clock(clock)
        .alertRules(List.of(new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4)))
        .alertEvaluation(Duration.ofMinutes(1))
        .keepFiringFor(keepFiringFor)
        .listener(event -> {
          if (event instanceof AlertEvent alert) {
            long minute = Duration.between(START, alert.time()).toMinutes();
            transitions.add(alert.state() + "@" + minute);
          }
        })
        .slo(SloSpec.builder("checkout-availability").objective("99%").build())
        .build()) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      registry.tick(); // evaluates at minute 0: the next evaluation is at minute 1
      for (int minute = 1; minute <= 60; minute++) {
        // the minute's events in the middle of it, clear of bucket edges; evaluated at its end,
        // as Prometheus evaluates on the minute
        clock.advanceTo(START.plus(Duration.ofMinutes(minute)).minusSeconds(30));
        for (int i = 0; i < 100; i++) {
          endpoint.record(i < bad(minute) ? 503 : 200, 1_000_000L);
        }
        registry.tick();
        clock.advanceTo(START.plus(Duration.ofMinutes(minute)));
        registry.tick();
      }
    }
    return transitions;
  }

  @Test
  void withoutKeepFiringForAHoveringBurnFiresAndResolvesAtEveryCrossing() {
    assertThat(hover(Duration.ZERO)).containsExactly(
        "firing@1", "resolved@9", "firing@12", "resolved@19",
        "firing@22", "resolved@29", "firing@32", "resolved@39");
  }

  @Test
  void withKeepFiringForItFiresOnceAndResolvesThatLongAfterTheLastCrossing() {
    assertThat(hover(Duration.ofMinutes(10))).containsExactly("firing@1", "resolved@49");
  }

  @Test
  void aDipAsLongAsKeepFiringForResolves() {
    // the dips last 3 evaluations (9-11, ...): keep-firing-for 2m resolves at the third
    assertThat(hover(Duration.ofMinutes(2))).containsExactly(
        "firing@1", "resolved@11", "firing@12", "resolved@21",
        "firing@22", "resolved@31", "firing@32", "resolved@41");
  }
}
