package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SloRegistry#close()} reports the interval in progress, marked partial, so that an
 * application that stops before its first full interval still reports what it counted; a registry
 * built with {@code reportOnClose(false)} (a replay's) does not.
 */
final class CloseReportTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  private static List<SliReport> reports(List<SloEvent> events) {
    List<SliReport> reports = new ArrayList<>();
    for (SloEvent event : events) {
      if (event instanceof SliReport report) {
        reports.add(report);
      }
    }
    return reports;
  }

  private static SloRegistry registry(ManualClock clock, List<SloEvent> events) {
    return SloRegistry.builder().service("orders").clock(clock).manualTick()
        .interval(Duration.ofMinutes(1))
        .slo(SloSpec.builder("availability").objective("99%").build())
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(100)))
            .objective("99%").build())
        .listener(events::add)
        .build();
  }

  @Test
  void closeBeforeTheFirstIntervalEndsReportsWhatWasCountedAsPartial() {
    ManualClock clock = ManualClock.at(T);
    List<SloEvent> events = new ArrayList<>();
    SloRegistry registry = registry(clock, events);
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
    endpoint.record(200, 50_000_000L);
    endpoint.record(200, 50_000_000L);
    endpoint.record(503, 50_000_000L);
    endpoint.record(200, 200_000_000L);
    clock.advance(Duration.ofSeconds(20));
    registry.tick();
    assertThat(reports(events)).isEmpty();

    registry.close();

    List<SliReport> reports = reports(events);
    assertThat(reports).extracting(SliReport::slo).containsExactly("availability", "latency");
    for (SliReport report : reports) {
      assertThat(report.partial()).isTrue();
      assertThat(report.intervalStart()).isEqualTo(T);
      assertThat(report.time()).isEqualTo(T.plusSeconds(20));
      assertThat(report.latency().count()).isEqualTo(4);
    }
    // availability: the 503 is bad; latency: the 503 is not judged, the 200 ms request is slow
    assertThat(reports.get(0).intervalValid()).isEqualTo(4);
    assertThat(reports.get(0).intervalBad()).isEqualTo(1);
    assertThat(reports.get(1).intervalValid()).isEqualTo(3);
    assertThat(reports.get(1).intervalBad()).isEqualTo(1);
  }

  @Test
  void fullIntervalsAreNotPartialAndTheCloseReportCoversOnlyTheRest() {
    ManualClock clock = ManualClock.at(T);
    List<SloEvent> events = new ArrayList<>();
    SloRegistry registry = registry(clock, events);
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
    endpoint.record(503, 50_000_000L);
    clock.advance(Duration.ofMinutes(1));
    registry.tick();
    endpoint.record(200, 50_000_000L);
    endpoint.record(200, 50_000_000L);
    clock.advance(Duration.ofSeconds(30));

    registry.close();
    registry.close();

    List<SliReport> availability = reports(events).stream()
        .filter(report -> report.slo().equals("availability")).toList();
    assertThat(availability).extracting(SliReport::partial).containsExactly(false, true);
    assertThat(availability).extracting(SliReport::intervalValid).containsExactly(1L, 2L);
    assertThat(availability).extracting(SliReport::intervalBad).containsExactly(1L, 0L);
    assertThat(availability.get(1).intervalStart()).isEqualTo(T.plusSeconds(60));
    assertThat(availability.get(1).time()).isEqualTo(T.plusSeconds(90));
  }

  @Test
  void noPartialReportWhenTheLastTickClosedAFullIntervalAtTheSameInstant() {
    ManualClock clock = ManualClock.at(T);
    List<SloEvent> events = new ArrayList<>();
    SloRegistry registry = registry(clock, events);
    registry.endpoint("GET", "/api/orders/{id}").record(200, 50_000_000L);
    clock.advance(Duration.ofMinutes(1));

    registry.close();

    assertThat(reports(events)).hasSize(2).extracting(SliReport::partial).containsOnly(false);
  }

  @Test
  void closeReportsNothingWhenTurnedOff() {
    ManualClock clock = ManualClock.at(T);
    List<SloEvent> events = new ArrayList<>();
    SloRegistry registry = SloRegistry.builder().clock(clock).manualTick().reportOnClose(false)
        .slo(SloSpec.builder("availability").objective("99%").build())
        .listener(events::add)
        .build();
    registry.endpoint("GET", "/api/orders/{id}").record(503, 50_000_000L);
    clock.advance(Duration.ofSeconds(20));

    registry.close();

    assertThat(reports(events)).isEmpty();
  }
}
