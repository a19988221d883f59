package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.sre4j.core.Clock.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which endpoints and which requests an SLO counts: selectors, registration, classifiers. */
final class SloCoverageTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final long MS = 1_000_000L;

  private final ManualClock clock = ManualClock.at(START);

  private SloRegistry.Builder registry() {
    return SloRegistry.builder().clock(clock).manualTick();
  }

  private static SloSpec slo(String name, EndpointSelector endpoints) {
    return SloSpec.builder(name).endpoints(endpoints).build();
  }

  /** {valid, bad} of an SLO's snapshot. */
  private static long[] counts(SloRegistry registry, String name) {
    SloSnapshot snapshot = registry.snapshot(name).orElseThrow();
    return new long[] {snapshot.validEvents(), snapshot.badEvents()};
  }

  // ---- selectors ----

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "/api/**        | GET    | /api                      | true",
      "/api/**        | GET    | /api/orders               | true",
      "/api/**        | DELETE | /api/orders/{id}/items    | true",
      "/api/**        | GET    | /apis/orders              | false",
      "/api/**        | GET    | /health                   | false",
      "/api/orders/*  | GET    | /api/orders/{id}          | true",
      "/api/orders/*  | GET    | /api/orders/42            | true",
      "/api/orders/*  | GET    | /api/orders/{id}/items    | false",
      "/api/orders/*  | GET    | /api/orders               | false",
      "/api/orders/*  | GET    | /api/customers/{id}       | false",
      "/api/*/items   | GET    | /api/{orderId}/items      | true",
      "/api/**/items  | GET    | /api/orders/{id}/items    | true",
      "/api/**/items  | GET    | /api/items                | true",
      "/api/**/items  | GET    | /api/orders/{id}          | false",
      "/health        | GET    | /health                   | true",
      "/health        | GET    | /health/live              | false",
      "/**            | PATCH  | /                         | true",
  })
  void routePatternsMatchTemplatesSegmentBySegment(
      String pattern, String method, String route, boolean covered) {
    assertThat(EndpointSelector.routes(pattern).matches(method, route)).isEqualTo(covered);
  }

  @Test
  void methodFilterAndExclusionsNarrowTheSelector() {
    EndpointSelector gets = EndpointSelector.routes("/api/**").methods("get", "Head");
    assertThat(gets.methods()).containsExactlyInAnyOrder("GET", "HEAD");
    assertThat(gets.matches("GET", "/api/orders")).isTrue();
    assertThat(gets.matches("HEAD", "/api/orders")).isTrue();
    assertThat(gets.matches("POST", "/api/orders")).isFalse();

    EndpointSelector noHealth = EndpointSelector.all().excluding("/health", "/internal/**");
    assertThat(noHealth.matches("GET", "/api/orders")).isTrue();
    assertThat(noHealth.matches("GET", "/health")).isFalse();
    assertThat(noHealth.matches("GET", "/internal/metrics")).isFalse();
    assertThat(noHealth.matches("GET", "/health/live")).isTrue();
  }

  @Test
  void eachSloCountsOnlyTheEndpointsItsSelectorCovers() {
    SloRegistry registry = registry()
        .slo(slo("by-id", EndpointSelector.routes("/api/orders/*")))
        .slo(slo("api-gets", EndpointSelector.routes("/api/**").methods("GET")))
        .slo(slo("all-but-health", EndpointSelector.all().excluding("/health")))
        .build();
    Endpoint getById = registry.endpoint("GET", "/api/orders/{id}");
    Endpoint items = registry.endpoint("GET", "/api/orders/{id}/items");
    Endpoint post = registry.endpoint("POST", "/api/orders");
    Endpoint health = registry.endpoint("GET", "/health");
    Endpoint deleteById = registry.endpoint("DELETE", "/api/orders/{id}");

    getById.record(200, MS);
    items.record(200, MS);
    items.record(200, MS);
    post.record(500, MS);
    health.record(503, MS);
    health.record(503, MS);
    health.record(503, MS);
    deleteById.record(502, MS);

    assertThat(counts(registry, "by-id")).containsExactly(2, 1); // GET and DELETE by id
    assertThat(counts(registry, "api-gets")).containsExactly(3, 0); // by id, items twice
    assertThat(counts(registry, "all-but-health")).containsExactly(5, 2);
  }

  @Test
  void anSloRegisteredLaterCountsOnlyFromItsRegistration() {
    SloRegistry registry = registry().build();
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
    endpoint.record(500, MS);
    endpoint.record(200, MS);
    registry.tick();
    clock.advance(Duration.ofSeconds(30));
    endpoint.record(500, MS);

    registry.register(slo("late", EndpointSelector.routes("/api/**")));
    assertThat(counts(registry, "late")).containsExactly(0, 0);
    assertThat(registry.snapshot("late").orElseThrow().noData()).isTrue();

    endpoint.record(200, MS);
    endpoint.record(503, MS);
    Endpoint created = registry.endpoint("POST", "/api/orders");
    created.record(500, MS);
    registry.endpoint("GET", "/health").record(500, MS); // not covered

    assertThat(counts(registry, "late")).containsExactly(3, 2);
    assertThat(registry.slos()).extracting(SloSpec::name).containsExactly("late");
  }

  @Test
  void aRemovedSloStopsCountingAndHasNoSnapshot() {
    SloRegistry registry = registry()
        .slo(slo("kept", EndpointSelector.all()))
        .slo(slo("removed", EndpointSelector.all()))
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
    endpoint.record(500, MS);
    assertThat(counts(registry, "removed")).containsExactly(1, 1);

    assertThat(registry.remove("removed")).isTrue();
    assertThat(registry.remove("removed")).isFalse();
    assertThat(registry.remove("never-registered")).isFalse();

    endpoint.record(500, MS);
    endpoint.record(200, MS);
    assertThat(registry.snapshot("removed")).isEmpty();
    assertThat(registry.sloSnapshots()).extracting(SloSnapshot::name).containsExactly("kept");
    assertThat(registry.slos()).extracting(SloSpec::name).containsExactly("kept");
    assertThat(counts(registry, "kept")).containsExactly(3, 2);

    // the name is free again, and the new SLO starts from nothing
    registry.register(slo("removed", EndpointSelector.all()));
    assertThat(counts(registry, "removed")).containsExactly(0, 0);
    endpoint.record(200, MS);
    assertThat(counts(registry, "removed")).containsExactly(1, 0);
  }

  @Test
  void registeringANameTwiceIsRejected() {
    SloRegistry registry = registry().slo(slo("checkout", EndpointSelector.all())).build();

    assertThatIllegalStateException()
        .isThrownBy(() -> registry.register(slo("checkout", EndpointSelector.routes("/api/**"))))
        .withMessage("slo checkout is already registered");
    assertThatIllegalStateException()
        .isThrownBy(() -> SloRegistry.builder()
            .slo(slo("checkout", EndpointSelector.all()))
            .slo(slo("checkout", EndpointSelector.all())))
        .withMessage("slo checkout is already registered");
    assertThat(registry.slos()).singleElement()
        .extracting(SloSpec::endpoints).isEqualTo(EndpointSelector.all());
  }

  // ---- status classifier ----

  @Test
  void byDefaultFiveHundredsAndThrownAreBadAndEverythingElseGood() {
    SloRegistry registry = registry().slo(slo("availability", EndpointSelector.all())).build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    for (int status : new int[] {100, 200, 204, 301, 304, 400, 404, 429, 499}) {
      endpoint.record(status, MS);
    }
    for (int status : new int[] {500, 502, 503, 504, 599}) {
      endpoint.record(status, MS);
    }
    endpoint.recordThrown(MS);

    assertThat(counts(registry, "availability")).containsExactly(15, 6);
  }

  @Test
  void aCustomClassifierCountsFourTwentyNineBadAndExcludesFourNinetyNine() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("strict").classifier(StatusClassifier.of("5xx,429", "499")).build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, MS);
    endpoint.record(404, MS);
    endpoint.record(429, MS);
    endpoint.record(499, MS);
    endpoint.record(499, MS);
    endpoint.record(500, MS);
    endpoint.recordThrown(MS);

    SloSnapshot snapshot = registry.snapshot("strict").orElseThrow();
    assertThat(snapshot.validEvents()).as("499 is not a valid event").isEqualTo(5);
    assertThat(snapshot.badEvents()).as("429, 500 and thrown").isEqualTo(3);
    assertThat(snapshot.goodEvents()).isEqualTo(2);
  }

  @Test
  void exclusionWinsOverBad() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("client").classifier(StatusClassifier.of("4xx", " 499 , 404")).build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(400, MS);
    endpoint.record(404, MS);
    endpoint.record(499, MS);
    endpoint.record(500, MS);

    assertThat(counts(registry, "client")).containsExactly(2, 1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "6xx    | ''   | bad-statuses      | 6xx",
      "5xx,99 | ''   | bad-statuses      | 99",
      "5xx    | 600  | excluded-statuses | 600",
      "5xx    | 4x   | excluded-statuses | 4x",
  })
  void badStatusListsAreRejectedWithTheirKeyAndValue(
      String bad, String excluded, String key, String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StatusClassifier.of(bad, excluded))
        .withMessage(key + " must be an HTTP status 100..599 or a class 1xx..5xx but was \"" + value + "\"");
  }

  // ---- latency SLI ----

  @Test
  void latencyThresholdIsInclusive() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, 0);
    endpoint.record(200, 800 * MS);
    endpoint.record(200, 800 * MS + 1);
    endpoint.record(404, 5_000 * MS); // client errors are judged like successes

    assertThat(counts(registry, "latency")).containsExactly(4, 2);
  }

  @Test
  void latencyLeavesFailuresOutByDefault() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("latency").sli(Sli.latency(Duration.ofMillis(800))).build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, 10 * MS);
    endpoint.record(500, 10 * MS);
    endpoint.record(503, 5_000 * MS);
    endpoint.recordThrown(5_000 * MS);

    assertThat(counts(registry, "latency")).containsExactly(1, 0);
  }

  @Test
  void latencyJudgesFailuresByTheirDurationWhenAskedTo() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("latency")
            .sli(new Sli.Latency(Duration.ofMillis(800), true))
            .build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, 10 * MS);
    endpoint.record(500, 10 * MS); // fast failure: good for latency
    endpoint.record(503, 800 * MS); // at the threshold: good
    endpoint.record(503, 5_000 * MS); // slow failure: bad
    endpoint.recordThrown(800 * MS + 1); // slow thrown: bad

    assertThat(counts(registry, "latency")).containsExactly(5, 2);
  }

  @Test
  void latencyLeavesOutWhatTheClassifierCallsFailedOrExcluded() {
    SloRegistry registry = registry()
        .slo(SloSpec.builder("latency")
            .sli(Sli.latency(Duration.ofMillis(100)))
            .classifier(StatusClassifier.of("5xx,429", "499"))
            .build())
        .build();
    Endpoint endpoint = registry.endpoint("GET", "/x");
    endpoint.record(200, 200 * MS); // judged: bad
    endpoint.record(429, 200 * MS); // a failure for this SLO: left out
    endpoint.record(499, 200 * MS); // excluded: left out
    endpoint.record(500, 200 * MS); // a failure: left out

    assertThat(counts(registry, "latency")).containsExactly(1, 1);
  }
}
