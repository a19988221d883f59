package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Latency bands, Apdex, the interval trend and endpoint lookup. */
final class EndpointTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final long MS = 1_000_000L;
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  private final ManualClock clock = ManualClock.at(START);

  private SloRegistry.Builder registry() {
    return SloRegistry.builder().clock(clock).manualTick();
  }

  private IntervalStats closeInterval(SloRegistry registry, Endpoint endpoint) {
    clock.advance(INTERVAL);
    return snapshotOf(registry, endpoint).latest().orElseThrow();
  }

  private static EndpointSnapshot snapshotOf(SloRegistry registry, Endpoint endpoint) {
    return registry.endpointSnapshots().stream()
        .filter(s -> s.method().equals(endpoint.method()) && s.route().equals(endpoint.route()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void defaultBandEdgesAreInclusive() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/bands");
    endpoint.record(200, 0);
    endpoint.record(200, 400 * MS); // fast
    endpoint.record(200, 400 * MS + 1); // tolerable
    endpoint.record(200, 800 * MS); // tolerable
    endpoint.record(200, 800 * MS + 1); // slow
    endpoint.record(200, Duration.ofMinutes(5).toNanos()); // slow

    IntervalStats stats = closeInterval(registry, endpoint);

    assertThat(stats.count()).isEqualTo(6);
    assertThat(stats.fast()).isEqualTo(2);
    assertThat(stats.tolerable()).isEqualTo(2);
    assertThat(stats.slow()).isEqualTo(2);
    assertThat(stats.satisfied()).isEqualTo(2);
    assertThat(stats.tolerating()).isEqualTo(2);
    assertThat(stats.failed()).isZero();
  }

  @Test
  void customBandEdgesFromTheBuilderAreInclusive() {
    SloRegistry registry =
        registry().latencyBands(Duration.ofMillis(100), Duration.ofMillis(300)).build();
    Endpoint endpoint = registry.endpoint("GET", "/bands");
    endpoint.record(200, 100 * MS); // fast
    endpoint.record(200, 100 * MS + 1); // tolerable
    endpoint.record(200, 300 * MS); // tolerable
    endpoint.record(200, 300 * MS + 1); // slow
    endpoint.record(200, 400 * MS); // slow, though fast by the default edges

    IntervalStats stats = closeInterval(registry, endpoint);

    assertThat(stats.fast()).isEqualTo(1);
    assertThat(stats.tolerable()).isEqualTo(2);
    assertThat(stats.slow()).isEqualTo(2);
  }

  @Test
  void apdexCountsFastSuccessesSatisfiedTolerableHalfAndFailuresFrustrated() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/apdex");
    for (int i = 0; i < 6; i++) {
      endpoint.record(200, 10 * MS); // satisfied
    }
    endpoint.record(404, 20 * MS); // a client error is no failure: satisfied
    endpoint.record(201, 500 * MS); // tolerating
    endpoint.record(200, 700 * MS); // tolerating
    endpoint.record(200, 2_000 * MS); // slow: frustrated
    endpoint.record(500, 1 * MS); // failed although fast: frustrated
    endpoint.record(503, 600 * MS); // failed although tolerable: frustrated
    endpoint.recordThrown(1 * MS); // failed: frustrated

    IntervalStats stats = closeInterval(registry, endpoint);

    assertThat(stats.count()).isEqualTo(13);
    assertThat(stats.fast()).as("bands count failures too").isEqualTo(9);
    assertThat(stats.tolerable()).isEqualTo(3);
    assertThat(stats.slow()).isEqualTo(1);
    assertThat(stats.failed()).isEqualTo(3);
    assertThat(stats.satisfied()).isEqualTo(7);
    assertThat(stats.tolerating()).isEqualTo(2);
    assertThat(stats.apdex()).isEqualTo((7 + 2 / 2.0) / 13);
  }

  @Test
  void anIdleIntervalHasNoDataZeroFiguresAndApdexOne() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/idle");

    IntervalStats stats = closeInterval(registry, endpoint);

    assertThat(stats.noData()).isTrue();
    assertThat(stats.count()).isZero();
    assertThat(stats.apdex()).isEqualTo(1.0);
    assertThat(stats).isEqualTo(IntervalStats.empty(START, START.plus(INTERVAL)));
  }

  @Test
  void anIntervalAfterABusyOneStartsAfresh() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(500, 900 * MS);
    closeInterval(registry, endpoint);

    IntervalStats second = closeInterval(registry, endpoint);

    assertThat(second.noData()).isTrue();
    assertThat(second.failed()).isZero();
    assertThat(second.slow()).isZero();
    assertThat(second.apdex()).isEqualTo(1.0);
  }

  @Test
  void anIntervalClosesOnlyOnceItsFullLengthHasPassed() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, MS);

    clock.advance(INTERVAL.minusNanos(1));
    assertThat(snapshotOf(registry, endpoint).intervals()).isEmpty();
    clock.advance(Duration.ofNanos(1));
    assertThat(snapshotOf(registry, endpoint).intervals()).singleElement()
        .extracting(IntervalStats::count).isEqualTo(1L);
  }

  @Test
  void trendKeepsTheLastIntervalsOldestFirstWithTheirStartAndEnd() {
    SloRegistry registry = registry().trendIntervals(3).build();
    Endpoint endpoint = registry.endpoint("GET", "/trend");
    for (int interval = 1; interval <= 5; interval++) {
      for (int i = 0; i < interval; i++) {
        endpoint.record(200, interval * MS);
      }
      clock.advance(INTERVAL);
      registry.tick();
    }

    EndpointSnapshot snapshot = snapshotOf(registry, endpoint);

    assertThat(snapshot.intervals())
        .extracting(IntervalStats::count, IntervalStats::start, IntervalStats::end)
        .containsExactly(
            tuple(3L, START.plusSeconds(120), START.plusSeconds(180)),
            tuple(4L, START.plusSeconds(180), START.plusSeconds(240)),
            tuple(5L, START.plusSeconds(240), START.plusSeconds(300)));
    assertThat(snapshot.latest().orElseThrow().maxNanos())
        .isBetween(5 * MS, 5 * MS + 5 * MS / 1000);
  }

  @Test
  void snapshotsWithoutAClosedIntervalHaveAnEmptyTrend() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, MS);

    EndpointSnapshot snapshot = snapshotOf(registry, endpoint);

    assertThat(snapshot.intervals()).isEmpty();
    assertThat(snapshot.latest()).isEmpty();
  }

  @Test
  void lookupIsCaseInsensitiveOnTheMethodAndReturnsTheSameInstance() {
    SloRegistry registry = registry().build();
    Endpoint first = registry.endpoint("get", "/api/orders/{id}");

    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.route()).isEqualTo("/api/orders/{id}");
    assertThat(registry.endpoint("GET", "/api/orders/{id}")).isSameAs(first);
    assertThat(registry.endpoint("Get", "/api/orders/{id}")).isSameAs(first);
    assertThat(registry.endpoint("gEt", "/api/orders/{id}")).isSameAs(first);
    assertThat(registry.endpoint("POST", "/api/orders/{id}")).isNotSameAs(first);
    assertThat(registry.endpoint("GET", "/API/orders/{id}"))
        .as("routes are case-sensitive").isNotSameAs(first);
    assertThat(registry.endpointSnapshots()).hasSize(3);
  }

  @Test
  void routesPastMaxEndpointsShareTheOtherEndpointAndTheCountStaysCapped() {
    SloRegistry registry = registry()
        .maxEndpoints(3)
        .slo(SloSpec.builder("all").build())
        .build();
    Endpoint a = registry.endpoint("GET", "/a");
    Endpoint b = registry.endpoint("GET", "/b");
    Endpoint c = registry.endpoint("POST", "/a");

    Set<Endpoint> overflow = new HashSet<>();
    for (int i = 4; i <= 1_000; i++) {
      overflow.add(registry.endpoint(i % 2 == 0 ? "GET" : "delete", "/hostile/" + i));
    }

    assertThat(overflow).singleElement().satisfies(other -> {
      assertThat(other.method()).isEqualTo(SloRegistry.OTHER_METHOD);
      assertThat(other.route()).isEqualTo(SloRegistry.OTHER_ROUTE);
    });
    Endpoint other = overflow.iterator().next();
    assertThat(registry.endpoint("get", "/a")).as("known endpoints stay reachable").isSameAs(a);
    assertThat(registry.endpoint("GET", "/b")).isSameAs(b);
    assertThat(registry.endpoint("post", "/a")).isSameAs(c);
    assertThat(registry.endpoint("PUT", "/a")).isSameAs(other);
    assertThat(registry.endpointSnapshots())
        .extracting(EndpointSnapshot::method, EndpointSnapshot::route)
        .containsExactlyInAnyOrder(
            tuple("GET", "/a"), tuple("GET", "/b"), tuple("POST", "/a"),
            tuple(SloRegistry.OTHER_METHOD, SloRegistry.OTHER_ROUTE));

    other.record(500, MS);
    a.record(200, MS);
    assertThat(registry.snapshot("all").orElseThrow())
        .extracting(SloSnapshot::validEvents, SloSnapshot::badEvents)
        .containsExactly(2L, 1L);
  }

  private static final String BAD_METHOD = "method must be an HTTP method such as GET but was ";
  private static final String BAD_ROUTE =
      "routeTemplate must be a route template such as /api/orders/{id} but was ";

  @ParameterizedTest(name = "[{0}] [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\"\"   | /a     | method        | an empty string",
      "G3T    | /a     | method        | \"\"\"G3T\"\"\"",
      "GE T   | /a     | method        | \"\"\"GE T\"\"\"",
      "GET/   | /a     | method        | \"\"\"GET/\"\"\"",
      "GET    | \"\"   | routeTemplate | an empty string",
      "GET    | \"  \" | routeTemplate | \"\"\"  \"\"\"",
      "get    | \"\t\" | routeTemplate | \"\"\"\\u0009\"\"\"",
  })
  void badMethodOrBlankRouteIsRejectedWithItsNameAndValue(
      String method, String route, String key, String shownValue) {
    SloRegistry registry = registry().build();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.endpoint(method, route))
        .withMessage((key.equals("method") ? BAD_METHOD : BAD_ROUTE) + shownValue);
    assertThat(registry.endpointSnapshots()).isEmpty();
  }

  @Test
  void aBadMethodIsRejectedEvenWhenItsLookupKeyCollidesWithAKnownEndpoint() {
    SloRegistry registry = registry().build();
    registry.endpoint("GET", "/a b");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.endpoint("GET /a", "b"))
        .withMessage(BAD_METHOD + "\"GET /a\"");
  }

  @Test
  void nullMethodOrRouteIsRejectedByName() {
    SloRegistry registry = registry().build();

    assertThatNullPointerException().isThrownBy(() -> registry.endpoint(null, "/a"))
        .withMessage("method");
    assertThatNullPointerException().isThrownBy(() -> registry.endpoint("GET", null))
        .withMessage("routeTemplate");
  }
}
