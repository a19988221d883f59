package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart within a report interval goes on with that interval: the first report after it has the
 * interval's start and counts from before the restart, on the same minute grid; an interval that
 * ended while the process was down is not resumed.
 */
final class StateIntervalTest {

  private static final Instant T = Instant.parse("2027-03-01T10:00:00Z");

  @TempDir Path dir;

  private SloRegistry registry(ManualClock clock, List<SloEvent> events) {
    return SloRegistry.builder().service("orders").clock(clock).manualTick().reportOnClose(false)
        .stateFile(dir.resolve("orders.state"))
        .slo(SloSpec.builder("availability").objective("99%").build())
        .listener(events::add)
        .build();
  }

  private static List<SliReport> reports(List<SloEvent> events) {
    return events.stream().filter(SliReport.class::isInstance).map(SliReport.class::cast).toList();
  }

  @Test
  void theIntervalInProgressGoesOnAfterARestart() {
    ManualClock clock = ManualClock.at(T);
    List<SloEvent> before = new ArrayList<>();
    try (SloRegistry first = registry(clock, before)) {
      clock.advance(Duration.ofSeconds(20));
      for (int i = 0; i < 5; i++) {
        first.endpoint("GET", "/orders/{id}").record(200, 1_000_000L);
      }
      first.tick();
    }
    assertThat(reports(before)).isEmpty();

    clock.advance(Duration.ofSeconds(10)); // down for 10 s
    List<SloEvent> after = new ArrayList<>();
    try (SloRegistry second = registry(clock, after)) {
      second.endpoint("GET", "/orders/{id}").record(503, 1_000_000L);
      clock.advanceTo(T.plusSeconds(59));
      second.tick();
      assertThat(reports(after)).isEmpty();
      clock.advanceTo(T.plusSeconds(60));
      second.tick();
      assertThat(reports(after)).singleElement().satisfies(report -> {
        assertThat(report.intervalStart()).isEqualTo(T);
        assertThat(report.time()).isEqualTo(T.plusSeconds(60));
        assertThat(report.intervalValid()).isEqualTo(6);
        assertThat(report.intervalBad()).isEqualTo(1);
      });
    }
  }

  @Test
  void anIntervalThatEndedWhileDownIsNotResumed() {
    ManualClock clock = ManualClock.at(T);
    try (SloRegistry first = registry(clock, new ArrayList<>())) {
      clock.advance(Duration.ofSeconds(20));
      first.endpoint("GET", "/orders/{id}").record(200, 1_000_000L);
      first.tick();
    }
    clock.advanceTo(T.plusSeconds(90)); // the interval ended at T + 60 s, while down
    List<SloEvent> after = new ArrayList<>();
    try (SloRegistry second = registry(clock, after)) {
      clock.advanceTo(T.plusSeconds(149));
      second.tick();
      assertThat(reports(after)).isEmpty();
      clock.advanceTo(T.plusSeconds(150));
      second.tick();
      assertThat(reports(after)).singleElement()
          .satisfies(report -> assertThat(report.intervalStart()).isEqualTo(T.plusSeconds(90)));
    }
  }
}
