package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SloStatus#noData()}: no valid event in any alert rule's short window, though the
 * compliance window still has data; and {@link SloStatus#alertsSuppressedLowTraffic()}: the
 * low-traffic guard's effect, counted once per stretch.
 */
final class NoDataAndLowTrafficTest {

  private static final Instant START = Instant.parse("2027-03-10T12:00:00Z");

  @Test
  void noDataOnceEveryShortWindowIsEmptyWhileTheWindowStillHasData() {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .slo(SloSpec.builder("api").build()).build()) {
      assertThat(registry.status("api").orElseThrow().noData()).as("fresh").isTrue();
      Endpoint endpoint = registry.endpoint("GET", "/x");
      for (int i = 0; i < 50; i++) {
        endpoint.record(200, 1_000_000L);
      }
      registry.tick();
      assertThat(registry.status("api").orElseThrow().noData()).isFalse();

      // default rules: short windows 5m, 30m and 6h; the 6h one still holds the events
      clock.advance(Duration.ofHours(5));
      SloStatus quiet = registry.status("api").orElseThrow();
      assertThat(quiet.noData()).isFalse();
      assertThat(quiet.burnRates().get(0).validEvents()).as("5m").isZero();

      clock.advance(Duration.ofHours(1).plusMinutes(5));
      SloStatus silent = registry.status("api").orElseThrow();
      assertThat(silent.noData()).as("no event in 5m, 30m nor 6h").isTrue();
      assertThat(silent.window().noData()).as("the 30d window has data").isFalse();
      assertThat(silent.window().sli()).isEqualTo(1.0);
    }
  }

  @Test
  void theLowTrafficGuardIsCountedOncePerStretch() {
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = SloRegistry.builder().manualTick().clock(clock)
        .alertRules(List.of(new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4)))
        .slo(SloSpec.builder("api").objective("99%").build()).build()) {
      Endpoint endpoint = registry.endpoint("GET", "/x");
      for (int i = 0; i < 10; i++) {
        endpoint.record(503, 1_000_000L); // burn 100, but 10 < 100 events in the hour
      }
      registry.evaluate();
      SloStatus guarded = registry.status("api").orElseThrow();
      assertThat(guarded.firing()).isEmpty();
      assertThat(guarded.alertsSuppressedLowTraffic()).isEqualTo(1);

      clock.advance(Duration.ofSeconds(10));
      registry.evaluate();
      assertThat(registry.status("api").orElseThrow().alertsSuppressedLowTraffic())
          .as("the same stretch").isEqualTo(1);

      clock.advance(Duration.ofMinutes(6)); // the 5m window is empty: the stretch ends
      registry.evaluate();
      for (int i = 0; i < 10; i++) {
        endpoint.record(503, 1_000_000L);
      }
      registry.evaluate();
      assertThat(registry.status("api").orElseThrow().alertsSuppressedLowTraffic()).isEqualTo(2);

      for (int i = 0; i < 200; i++) {
        endpoint.record(503, 1_000_000L);
      }
      registry.evaluate();
      SloStatus firing = registry.status("api").orElseThrow();
      assertThat(firing.firing()).containsExactly("page");
      assertThat(firing.alertsSuppressedLowTraffic()).as("a firing alert is not suppressed")
          .isEqualTo(2);
    }
  }
}
