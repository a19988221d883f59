package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.event.SloEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A {@link SloRegistry.Builder#singleThreaded()} registry against a default one fed the same calls
 * on the same manual clock: every snapshot, status, interval and event is the same.
 */
final class SingleThreadedRegistryTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final long MS = 1_000_000L;
  private static final String[][] ROUTES = {
      {"GET", "/api/orders/{id}"}, {"POST", "/api/orders"}, {"GET", "/api/catalog"},
      {"GET", "/health"}, {"DELETE", "/api/orders/{id}"}};

  private final ManualClock clock = ManualClock.at(START);
  private final List<SloEvent> defaultEvents = new ArrayList<>();
  private final List<SloEvent> singleEvents = new ArrayList<>();

  private SloRegistry.Builder registry(List<SloEvent> events) {
    return SloRegistry.builder()
        .clock(clock)
        .manualTick()
        .trendIntervals(1_000)
        .minAlertEvents(20)
        .listener(events::add)
        .slo(SloSpec.builder("availability").objective(0.99)
            .endpoints(EndpointSelector.routes("/api/**")).build())
        .slo(SloSpec.builder("latency").objective(0.95).sli(Sli.latency(Duration.ofMillis(300)))
            .build())
        .slo(SloSpec.builder("orders").objective(0.999).sli(Sli.latency(Duration.ofMillis(50)))
            .classifier(StatusClassifier.of("5xx", "404"))
            .endpoints(EndpointSelector.routes("/api/orders/**", "/api/orders")).build());
  }

  @Test
  void aSingleThreadedRegistryReportsWhatADefaultOneReportsForTheSameCalls() {
    SloRegistry concurrent = registry(defaultEvents).build();
    SloRegistry single = registry(singleEvents).singleThreaded().build();
    assertThat(single.endpoint("GET", "/api/catalog").singleWriter()).isTrue();
    assertThat(concurrent.endpoint("GET", "/api/catalog").singleWriter()).isFalse();
    SplittableRandom random = new SplittableRandom(20261201);
    long records = 0;
    int ticks = 0;
    boolean maintenanceDeclared = false;
    for (int i = 0; i < 6_000; i++) {
      String[] route = ROUTES[random.nextInt(ROUTES.length)];
      // a bad stretch in the middle, so that burn-rate alerts fire and then resolve
      boolean bad = i >= 2_000 && i < 3_000;
      int status = status(random, bad);
      long nanos = duration(random, bad);
      if (random.nextInt(40) == 0) {
        concurrent.endpoint(route[0], route[1]).recordThrown(nanos);
        single.endpoint(route[0], route[1]).recordThrown(nanos);
      } else {
        concurrent.endpoint(route[0], route[1]).record(status, nanos);
        single.endpoint(route[0], route[1]).record(status, nanos);
      }
      records++;
      if (random.nextInt(40) == 0) {
        clock.advance(Duration.ofMillis(random.nextLong(20_000)));
        concurrent.tick();
        single.tick();
        ticks++;
        assertSameReadings(concurrent, single);
      }
      if (i == 4_000 && !maintenanceDeclared) {
        // maintenance windows count into the SLO counters' other pair of sums
        Instant from = Instant.ofEpochMilli(clock.wallTime());
        MaintenanceWindow window = MaintenanceWindow.of(from, from.plus(Duration.ofMinutes(2)), "test");
        concurrent.declareMaintenance(window);
        single.declareMaintenance(window);
        maintenanceDeclared = true;
      }
    }
    clock.advance(Duration.ofMinutes(2));
    concurrent.tick();
    single.tick();
    assertSameReadings(concurrent, single);
    concurrent.close();
    single.close();

    assertThat(singleEvents).isEqualTo(defaultEvents);
    // the comparison covered what it claims to: intervals with traffic, alerts, bad input
    List<EndpointSnapshot> endpoints = single.endpointSnapshots();
    assertThat(ticks).isGreaterThan(100);
    assertThat(endpoints.stream().mapToLong(e -> e.intervals().stream().mapToLong(IntervalStats::count).sum())
        .sum()).isBetween(records * 9 / 10, records);
    assertThat(endpoints.stream().mapToLong(EndpointSnapshot::clampedDurations).sum()).isPositive();
    assertThat(endpoints.stream().mapToLong(EndpointSnapshot::droppedStatuses).sum()).isPositive();
    assertThat(singleEvents).anySatisfy(event ->
        assertThat(event).isInstanceOfSatisfying(SloEvent.AlertEvent.class, alert -> assertThat(alert.firing()).isTrue()));
    assertThat(single.status("availability").orElseThrow().maintenanceEvents()).isPositive();
  }

  @Test
  void badInputIsClampedDroppedAndCountedAsByADefaultRegistry() {
    SloRegistry concurrent = registry(defaultEvents).build();
    SloRegistry single = registry(singleEvents).singleThreaded().build();
    for (SloRegistry registry : List.of(concurrent, single)) {
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      endpoint.record(200, -5);
      endpoint.record(500, Endpoint.MAX_DURATION_NANOS + 1);
      endpoint.recordThrown(Long.MIN_VALUE);
      endpoint.record(42, 10 * MS);
      endpoint.record(600, 10 * MS);
      endpoint.record(99, 10 * MS);
      endpoint.record(200, 10 * MS);
    }
    clock.advance(Duration.ofSeconds(61));
    concurrent.tick();
    single.tick();

    EndpointSnapshot snapshot = single.endpointSnapshots().get(0);
    assertThat(snapshot.clampedDurations()).isEqualTo(3);
    assertThat(snapshot.droppedStatuses()).isEqualTo(3);
    IntervalStats stats = snapshot.latest().orElseThrow();
    assertThat(stats.count()).isEqualTo(4);
    assertThat(stats.minNanos()).isZero();
    assertThat(stats.maxNanos()).isEqualTo(Endpoint.MAX_DURATION_NANOS);
    assertThat(stats.failed()).isEqualTo(2);
    assertSameReadings(concurrent, single);
  }

  @Test
  void singleThreadedRequiresManualTick() {
    SloRegistry.Builder builder = SloRegistry.builder().singleThreaded();
    assertThatIllegalStateException().isThrownBy(builder::build)
        .withMessage("singleThreaded() requires manualTick(): the registry's own tick thread would"
            + " tick while another thread records");
  }

  private static void assertSameReadings(SloRegistry concurrent, SloRegistry single) {
    assertThat(single.endpointSnapshots()).isEqualTo(concurrent.endpointSnapshots());
    assertThat(single.sloSnapshots()).isEqualTo(concurrent.sloSnapshots());
    assertThat(single.statuses()).isEqualTo(concurrent.statuses());
  }

  private static int status(SplittableRandom random, boolean bad) {
    int draw = random.nextInt(100);
    if (draw < 2) {
      return random.nextBoolean() ? 42 : 600; // dropped
    }
    if (bad ? draw < 50 : draw < 4) {
      return random.nextBoolean() ? 500 : 503;
    }
    return draw < 10 ? 404 : draw < 20 ? 201 : 200;
  }

  /** Log-uniform from 1 µs to 10 s, now and then negative or past an hour. */
  private static long duration(SplittableRandom random, boolean bad) {
    int draw = random.nextInt(200);
    if (draw == 0) {
      return -random.nextLong(1, 1_000_000);
    }
    if (draw == 1) {
      return Endpoint.MAX_DURATION_NANOS + random.nextLong(1, Long.MAX_VALUE / 2);
    }
    double exponent = random.nextDouble(3, bad ? 10.5 : 9.5);
    return (long) Math.pow(10, exponent);
  }
}
