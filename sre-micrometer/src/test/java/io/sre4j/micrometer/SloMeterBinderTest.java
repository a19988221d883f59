package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class SloMeterBinderTest {

  private static final long MS = 1_000_000L;

  private ManualClock clock;
  private SloRegistry slos;
  private Endpoint getOrder;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void setUp() {
    clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
    slos =
        SloRegistry.builder()
            .service("orders")
            .manualTick()
            .clock(clock)
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
            .slo(
                SloSpec.builder("orders-latency")
                    .sli(Sli.latency(Duration.ofMillis(800)))
                    .objective("99%")
                    .build())
            .build();
    getOrder = slos.endpoint("GET", "/api/orders/{id}");
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void tearDown() {
    slos.close();
    meters.close();
  }

  /** 990 fast successes and 10 fast 503s. */
  private void recordTraffic() {
    for (int i = 0; i < 990; i++) {
      getOrder.record(200, 100 * MS);
    }
    for (int i = 0; i < 10; i++) {
      getOrder.record(503, 100 * MS);
    }
  }

  private double gauge(String name, String... tags) {
    Gauge gauge = meters.get(name).tags(tags).gauge();
    return gauge.value();
  }

  private double counter(String name, String... tags) {
    return meters.get(name).tags(tags).functionCounter().count();
  }

  @Test
  void sloMetersCarryTheStatusByNameTagAndUnit() {
    new SloMeterBinder(slos).bindTo(meters);
    recordTraffic();
    clock.advance(Duration.ofSeconds(10)); // past the next alert evaluation

    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability")).isEqualTo(1000);
    assertThat(counter(DEFAULT_SLO_GOOD, TAG_SLO, "orders-availability")).isEqualTo(990);
    // failures are not judged for latency: 990 valid, all at 100 ms, all good
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-latency")).isEqualTo(990);
    assertThat(counter(DEFAULT_SLO_GOOD, TAG_SLO, "orders-latency")).isEqualTo(990);
    FunctionCounter valid =
        meters.get(DEFAULT_SLO_VALID).tag(TAG_SLO, "orders-availability").functionCounter();
    assertThat(valid.getId().getBaseUnit()).isEqualTo(UNIT_EVENTS);
    assertThat(valid.getId().getDescription()).isNotBlank();

    assertThat(gauge(DEFAULT_SLO_OBJECTIVE, TAG_SLO, "orders-availability")).isEqualTo(0.999);
    assertThat(gauge(DEFAULT_SLO_OBJECTIVE, TAG_SLO, "orders-latency")).isEqualTo(0.99);
    assertThat(
            meters
                .get(DEFAULT_SLO_OBJECTIVE)
                .tag(TAG_SLO, "orders-latency")
                .gauge()
                .getId()
                .getBaseUnit())
        .isEqualTo(UNIT_RATIO);

    for (String window : List.of("5m", "30m", "1h", "6h", "3d")) {
      assertThat(gauge(DEFAULT_SLO_SLI, TAG_SLO, "orders-availability", TAG_WINDOW, window))
          .as("sli over %s", window)
          .isCloseTo(0.99, within(1e-12));
      assertThat(gauge(DEFAULT_SLO_BURN_RATE, TAG_SLO, "orders-availability", TAG_WINDOW, window))
          .as("burn over %s", window)
          .isCloseTo(10.0, within(1e-9));
      assertThat(gauge(DEFAULT_SLO_SLI, TAG_SLO, "orders-latency", TAG_WINDOW, window))
          .isEqualTo(1.0);
      assertThat(gauge(DEFAULT_SLO_BURN_RATE, TAG_SLO, "orders-latency", TAG_WINDOW, window))
          .isZero();
    }
    // and over the compliance window
    assertThat(gauge(DEFAULT_SLO_SLI, TAG_SLO, "orders-availability", TAG_WINDOW, "30d"))
        .isCloseTo(0.99, within(1e-12));
    assertThat(
            meters
                .get(DEFAULT_SLO_SLI)
                .tags(TAG_SLO, "orders-availability", TAG_WINDOW, "5m")
                .gauge()
                .getId()
                .getBaseUnit())
        .isEqualTo(UNIT_RATIO);

    // 10 bad of 1 allowed: the budget is spent ten times over
    assertThat(gauge(DEFAULT_SLO_BUDGET_REMAINING, TAG_SLO, "orders-availability"))
        .isCloseTo(-9.0, within(1e-9));
    assertThat(gauge(DEFAULT_SLO_BUDGET_REMAINING, TAG_SLO, "orders-latency")).isEqualTo(1.0);

    // burn 10 everywhere: the ticket rule (3d and 6h >= 1) and the page rule 6h/30m >= 6 hold
    assertThat(gauge(DEFAULT_SLO_ALERT, TAG_SLO, "orders-availability", TAG_SEVERITY, "ticket"))
        .isEqualTo(1);
    assertThat(gauge(DEFAULT_SLO_ALERT, TAG_SLO, "orders-availability", TAG_SEVERITY, "page"))
        .isEqualTo(1);
    assertThat(gauge(DEFAULT_SLO_ALERT, TAG_SLO, "orders-latency", TAG_SEVERITY, "page")).isZero();
    assertThat(gauge(DEFAULT_SLO_ALERT, TAG_SLO, "orders-latency", TAG_SEVERITY, "ticket"))
        .isZero();

    assertThat(
            gauge(DEFAULT_SLO_BUDGET_STATE, TAG_SLO, "orders-availability", TAG_STATE, "exhausted"))
        .isEqualTo(1);
    assertThat(
            gauge(DEFAULT_SLO_BUDGET_STATE, TAG_SLO, "orders-availability", TAG_STATE, "at_risk"))
        .isZero();
    assertThat(
            gauge(DEFAULT_SLO_BUDGET_STATE, TAG_SLO, "orders-availability", TAG_STATE, "healthy"))
        .isZero();
    assertThat(gauge(DEFAULT_SLO_BUDGET_STATE, TAG_SLO, "orders-latency", TAG_STATE, "healthy"))
        .isEqualTo(1);

    assertThat(gauge(DEFAULT_SLOS)).isEqualTo(2);
    assertThat(gauge(DEFAULT_ENDPOINTS)).isEqualTo(1);
  }

  /**
   * The exhaustion gauge, in seconds per lookback: the status' forecast while the 1h burn (2) is
   * over 1, NaN for the 6h lookback whose burn (about 0.33) lasts, NaN on an SLO that does not burn.
   */
  @Test
  void exhaustionGaugeIsTheForecastInSecondsOrNaN() {
    ManualClock forecastClock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
    try (SloRegistry burning = SloRegistry.builder().manualTick().clock(forecastClock)
        .slo(SloSpec.builder("api").objective("99%").build()).build()) {
      Endpoint api = burning.endpoint("GET", "/api");
      for (int minute = 0; minute < 7 * 60; minute++) {
        for (int i = 0; i < 100; i++) {
          api.record(minute >= 6 * 60 && i < 2 ? 503 : 200, 100 * MS);
        }
        forecastClock.advance(Duration.ofMinutes(1));
        burning.tick();
      }
      SimpleMeterRegistry forecastMeters = new SimpleMeterRegistry();
      new SloMeterBinder(burning).bindTo(forecastMeters);
      Gauge hour = forecastMeters.get(DEFAULT_SLO_BUDGET_EXHAUSTION)
          .tags(TAG_SLO, "api", TAG_WINDOW, "1h").gauge();
      assertThat(hour.getId().getBaseUnit()).isEqualTo("seconds");
      double expected = burning.status("api").orElseThrow()
          .exhaustion(Duration.ofHours(1)).orElseThrow().toMillis() / 1000.0;
      assertThat(expected).isPositive();
      assertThat(hour.value()).isEqualTo(expected);
      assertThat(forecastMeters.get(DEFAULT_SLO_BUDGET_EXHAUSTION)
          .tags(TAG_SLO, "api", TAG_WINDOW, "6h").gauge().value()).isNaN();
      forecastMeters.close();
    }
    new SloMeterBinder(slos).bindTo(meters);
    assertThat(gauge(DEFAULT_SLO_BUDGET_EXHAUSTION, TAG_SLO, "orders-latency", TAG_WINDOW, "1h"))
        .isNaN();
  }

  @Test
  void endpointMetersReadTheCoreRecorderPerInterval() {
    new SloMeterBinder(slos).bindTo(meters);
    recordTraffic();
    for (int i = 0; i < 5; i++) {
      getOrder.record(200, 600 * MS); // tolerable
    }
    for (int i = 0; i < 5; i++) {
      getOrder.record(200, 2_000 * MS); // slow
    }
    clock.advance(Duration.ofSeconds(1));
    String[] tags = {TAG_METHOD, "GET", TAG_ROUTE, "/api/orders/{id}"};

    // no interval has completed yet
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p50"))).isNaN();
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "fast"))).isZero();

    clock.advance(Duration.ofSeconds(60));
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "fast"))).isEqualTo(1000);
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "tolerable"))).isEqualTo(5);
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "slow"))).isEqualTo(5);
    assertThat(
            meters
                .get(DEFAULT_ENDPOINT_REQUESTS)
                .tags(with(tags, TAG_BAND, "slow"))
                .functionCounter()
                .getId()
                .getBaseUnit())
        .isEqualTo(UNIT_REQUESTS);

    // 1010 requests: up to rank 1000 (p99) at 100 ms, p99.9 (rank 1009) in the slow band; within
    // the 1 % the core documents for percentiles
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p50")))
        .isCloseTo(0.1, within(0.001));
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p90")))
        .isCloseTo(0.1, within(0.001));
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p95")))
        .isCloseTo(0.1, within(0.001));
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p99")))
        .isCloseTo(0.1, within(0.001));
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p999")))
        .isCloseTo(2.0, within(0.02));
    assertThat(
            meters
                .get(DEFAULT_ENDPOINT_LATENCY)
                .tags(with(tags, TAG_PERCENTILE, "p99"))
                .gauge()
                .getId()
                .getBaseUnit())
        .isEqualTo(UNIT_SECONDS);

    // the next interval adds to the counters once, however often they are read
    for (int i = 0; i < 3; i++) {
      getOrder.record(200, 2_000 * MS);
    }
    clock.advance(Duration.ofSeconds(60));
    for (int read = 0; read < 3; read++) {
      clock.advance(Duration.ofSeconds(2));
      assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "slow"))).isEqualTo(8);
      assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "fast"))).isEqualTo(1000);
    }
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p50")))
        .isCloseTo(2.0, within(0.002));

    // an interval with no request: no percentile rather than a zero latency
    clock.advance(Duration.ofSeconds(60));
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p50"))).isNaN();
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "slow"))).isEqualTo(8);
  }

  @Test
  void readingsAreReusedForTheRefreshInterval() {
    new SloMeterBinder(slos).bindTo(meters);
    recordTraffic();
    clock.advance(Duration.ofSeconds(1));
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability")).isEqualTo(1000);

    recordTraffic();
    clock.advance(Duration.ofMillis(999));
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability"))
        .as("cached")
        .isEqualTo(1000);
    assertThat(counter(DEFAULT_SLO_GOOD, TAG_SLO, "orders-availability"))
        .as("cached")
        .isEqualTo(990);
    clock.advance(Duration.ofMillis(1));
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability")).isEqualTo(2000);
    assertThat(counter(DEFAULT_SLO_GOOD, TAG_SLO, "orders-availability")).isEqualTo(1980);
  }

  @Test
  void aZeroRefreshIntervalReadsTheRegistryOnEveryRead() {
    SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
    recordTraffic();
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability")).isEqualTo(1000);
    recordTraffic();
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-availability")).isEqualTo(2000);
  }

  @Test
  void followsSlosAddedAndRemovedAfterBinding() {
    new SloMeterBinder(slos).bindTo(meters);
    assertThat(meters.find(DEFAULT_SLO_VALID).meters()).hasSize(2);

    slos.register(
        SloSpec.builder("orders-weekly")
            .objective("99.5%")
            .window(SloWindow.calendarWeek(ZoneOffset.UTC))
            .build());
    recordTraffic();
    clock.advance(Duration.ofSeconds(1));
    assertThat(gauge(DEFAULT_SLOS)).as("the refresh driver").isEqualTo(3);
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-weekly")).isEqualTo(1000);
    assertThat(gauge(DEFAULT_SLO_OBJECTIVE, TAG_SLO, "orders-weekly")).isEqualTo(0.995);
    assertThat(gauge(DEFAULT_SLO_SLI, TAG_SLO, "orders-weekly", TAG_WINDOW, "week"))
        .isCloseTo(0.99, within(1e-12));

    slos.remove("orders-latency");
    clock.advance(Duration.ofSeconds(1));
    assertThat(gauge(DEFAULT_SLOS)).isEqualTo(2);
    assertThat(meters.find(DEFAULT_SLO_VALID).tag(TAG_SLO, "orders-latency").meters()).isEmpty();
    assertThat(meters.getMeters())
        .noneMatch(m -> "orders-latency".equals(m.getId().getTag(TAG_SLO)));
    assertThat(meters.find(DEFAULT_SLO_VALID).meters()).hasSize(2);

    // an SLO registered again under a removed name starts its counters afresh
    slos.register(
        SloSpec.builder("orders-latency").sli(Sli.latency(Duration.ofMillis(50))).build());
    getOrder.record(200, 100 * MS);
    clock.advance(Duration.ofSeconds(1));
    assertThat(gauge(DEFAULT_SLOS)).isEqualTo(3);
    assertThat(counter(DEFAULT_SLO_VALID, TAG_SLO, "orders-latency")).isEqualTo(1);
    assertThat(counter(DEFAULT_SLO_GOOD, TAG_SLO, "orders-latency")).isZero();
  }

  @Test
  void followsNewEndpoints() {
    SloMeterBinder binder = new SloMeterBinder(slos);
    binder.bindTo(meters);
    assertThat(meters.find(DEFAULT_ENDPOINT_LATENCY).meters()).hasSize(5);

    Endpoint post = slos.endpoint("post", "/api/orders");
    post.record(201, 500 * MS);
    binder.refresh();
    assertThat(gauge(DEFAULT_ENDPOINTS)).isEqualTo(2);
    String[] tags = {TAG_METHOD, "POST", TAG_ROUTE, "/api/orders"};
    assertThat(meters.find(DEFAULT_ENDPOINT_LATENCY).tags(tags).meters()).hasSize(5);
    assertThat(meters.find(DEFAULT_ENDPOINT_REQUESTS).tags(tags).meters()).hasSize(3);
    clock.advance(Duration.ofSeconds(60));
    assertThat(counter(DEFAULT_ENDPOINT_REQUESTS, with(tags, TAG_BAND, "tolerable"))).isEqualTo(1);
    assertThat(gauge(DEFAULT_ENDPOINT_LATENCY, with(tags, TAG_PERCENTILE, "p99")))
        .isCloseTo(0.5, within(0.0005));
  }

  @Test
  void bindsToSeveralRegistriesWithTagsAndRemovesFromAll() {
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    SloMeterBinder binder =
        SloMeterBinder.builder(slos).tags(Tags.of("application", "orders")).build();
    binder.bindTo(meters);
    binder.bindTo(second);
    binder.bindTo(second); // no duplicates
    recordTraffic();
    clock.advance(Duration.ofSeconds(1));

    for (SimpleMeterRegistry registry : List.of(meters, second)) {
      assertThat(
              registry
                  .get(DEFAULT_SLO_VALID)
                  .tags("application", "orders", TAG_SLO, "orders-availability")
                  .functionCounter()
                  .count())
          .isEqualTo(1000);
      assertThat(registry.getMeters())
          .allMatch(m -> "orders".equals(m.getId().getTag("application")));
    }
    int before = second.getMeters().size();

    slos.remove("orders-availability");
    binder.refresh();
    for (SimpleMeterRegistry registry : List.of(meters, second)) {
      assertThat(registry.find(DEFAULT_SLO_VALID).tag(TAG_SLO, "orders-availability").meters())
          .isEmpty();
    }
    List<Meter> left = second.getMeters();
    assertThat(left.size()).isLessThan(before);
    second.close();
  }

  @Test
  void rejectsABadRefreshInterval() {
    assertThatThrownBy(() -> SloMeterBinder.builder(slos).refreshInterval(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshInterval must be between 0s and 1m but was PT-0.001S");
    assertThatThrownBy(() -> SloMeterBinder.builder(slos).refreshInterval(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshInterval must be between 0s and 1m but was PT2M");
    assertThatThrownBy(() -> SloMeterBinder.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("slos");
  }

  private static String[] with(String[] tags, String key, String value) {
    String[] out = java.util.Arrays.copyOf(tags, tags.length + 2);
    out[tags.length] = key;
    out[tags.length + 1] = value;
    return out;
  }

  @Test
  void alertNotificationsAreCountedByTargetAndOutcome() throws Exception {
    try (io.sre4j.core.testing.HttpReceiver hook =
            io.sre4j.core.testing.HttpReceiver.start().answer(400, "no");
        SloRegistry notifying = SloRegistry.builder().manualTick().clock(clock)
            .slo(SloSpec.builder("checkout").objective("99.9%").build())
            .alertWebhook(java.net.URI.create(hook.url())).build()) {
      new SloMeterBinder(notifying).bindTo(meters);
      assertThat(meters.find(DEFAULT_ALERT_NOTIFICATIONS).meters()).hasSize(4);
      Endpoint endpoint = notifying.endpoint("GET", "/a");
      for (int i = 0; i < 200; i++) {
        endpoint.record(i % 2 == 0 ? 500 : 200, MS);
      }
      clock.advance(Duration.ofSeconds(10));
      notifying.tick(); // page and ticket fire: two webhook notifications, both refused
      io.sre4j.core.testing.Await.until("refused twice", Duration.ofSeconds(30),
          () -> notifying.notificationCounts().get(0).failed() == 2);
      FunctionCounter failed = meters.find(DEFAULT_ALERT_NOTIFICATIONS)
          .tags(TAG_TARGET, "webhook", TAG_OUTCOME, "failed").functionCounter();
      assertThat(failed.count()).isEqualTo(2.0);
      assertThat(meters.find(DEFAULT_ALERT_NOTIFICATIONS)
          .tags(TAG_TARGET, "webhook", TAG_OUTCOME, "sent").functionCounter().count()).isZero();
    }
    assertThat(meters.find(DEFAULT_ALERT_NOTIFICATIONS).tags(TAG_TARGET, "alertmanager").meters())
        .isEmpty();
  }

  @Test
  void withoutTargetsThereIsNoNotificationMeter() {
    new SloMeterBinder(slos).bindTo(meters);
    assertThat(meters.find(DEFAULT_ALERT_NOTIFICATIONS).meters()).isEmpty();
  }
}
