package io.sre4j.core;

import static io.sre4j.core.testing.TestTime.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ReleaseGate.FleetView;
import io.sre4j.core.ReleaseGate.GateDecision;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The release gate of a registry with a fleet view ({@code gate.prometheus-url}): the fleet's answer
 * when it has one, cached on the registry's clock, the instance's own decision with the reason when
 * it has none, overrides on top, and the configuration of the {@code gate.prometheus-*} keys.
 */
final class ReleaseGateFleetTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");

  /** A fleet view whose answer the test sets, recording every question. */
  private static final class FakeFleet implements FleetView {
    final AtomicReference<Answer> answer =
        new AtomicReference<>(new Answer(Optional.empty(), List.of(), List.of()));
    final List<List<String>> asked = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();

    @Override
    public synchronized Answer ask(List<SloSpec> slos, Duration timeout) {
      asked.add(slos.stream().map(SloSpec::name).toList());
      timeouts.add(timeout);
      return answer.get();
    }

    synchronized int questions() {
      return asked.size();
    }
  }

  /** Two SLOs, 99 % over a day, on one registry with the fake fleet view. */
  private static final class Shop implements AutoCloseable {
    final ManualClock clock = ManualClock.at(T);
    final FakeFleet fleet = new FakeFleet();
    final SloRegistry registry;
    final Endpoint checkout;

    Shop(Duration cache) {
      registry = SloRegistry.builder().service("shop").clock(clock).manualTick()
          .slo(spec("checkout", "/api/checkout/**"))
          .slo(spec("search", "/api/search/**"))
          .prometheusGateCache(cache)
          .prometheusGateTimeout(Duration.ofSeconds(3))
          .fleetView(fleet)
          .build();
      checkout = registry.endpoint("POST", "/api/checkout");
    }

    private static SloSpec spec(String name, String routes) {
      return SloSpec.builder(name).objective("99%").window(SloWindow.rolling(Duration.ofDays(1)))
          .endpoints(EndpointSelector.routes(routes)).build();
    }

    /** Records on checkout at {@code offset} after T, then ticks. */
    void traffic(long offsetMillis, int requests, int failed) {
      clock.advanceTo(T.plusMillis(offsetMillis));
      for (int i = 0; i < requests; i++) {
        checkout.record(i < failed ? 503 : 200, 5_000_000L);
      }
      registry.tick();
    }

    @Override
    public void close() {
      registry.close();
    }
  }

  private static FleetView.Answer deny(String reason) {
    return new FleetView.Answer(Optional.empty(), List.of(reason), List.of());
  }

  @Test
  void theFleetsAnswerDecidesWhenItHasOneAndTheSourceSaysSo() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.traffic(MINUTE, 10_000, 0); // this instance: healthy
      shop.fleet.answer.set(deny("slo checkout: error budget exhausted, -12.0% of the error budget"
          + " left"));

      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();

      assertThat(decision.allowed()).isFalse();
      assertThat(decision.source()).isEqualTo("prometheus").isEqualTo(GateDecision.PROMETHEUS);
      assertThat(decision.reasons())
          .containsExactly("slo checkout: error budget exhausted, -12.0% of the error budget left");
      assertThat(decision.notes()).isEmpty();
      assertThat(shop.fleet.asked).containsExactly(List.of("checkout"));
      assertThat(shop.fleet.timeouts.get(0)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void aFleetThatAllowsAllowsEvenWhenThisInstanceAloneWouldDeny() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.traffic(MINUTE, 10_000, 200); // this instance: 2 % errors, budget exhausted
      assertThat(shop.registry.status("checkout").orElseThrow().budgetState())
          .isEqualTo(SloStatus.BudgetState.EXHAUSTED);

      shop.fleet.answer.set(new FleetView.Answer(Optional.empty(), List.of(),
          List.of("slo checkout: at risk, 20.0% of the error budget left")));
      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();

      assertThat(decision.allowed()).isTrue();
      assertThat(decision.source()).isEqualTo("prometheus");
      assertThat(decision.reasons()).isEmpty();
      assertThat(decision.notes()).containsExactly("slo checkout: at risk, 20.0% of the error budget left");
    }
  }

  @Test
  void whenTheFleetCannotAnswerThisInstanceDecidesAndANoteSaysWhy() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.traffic(MINUTE, 10_000, 200); // this instance: exhausted
      shop.fleet.answer.set(FleetView.Answer.unknown(
          "cannot connect to prometheus at http://prometheus:9090/api/v1/query: connection refused"));

      GateDecision decision = ReleaseGate.over(shop.registry, "checkout").decide();

      assertThat(decision.allowed()).isFalse();
      assertThat(decision.source()).isEqualTo("instance").isEqualTo(GateDecision.INSTANCE);
      assertThat(decision.reasons())
          .containsExactly("slo checkout: error budget exhausted, -100.0% of the error budget left");
      assertThat(decision.notes()).containsExactly("decided by this instance alone, the fleet could"
          + " not answer: cannot connect to prometheus at http://prometheus:9090/api/v1/query:"
          + " connection refused");
    }
  }

  @Test
  void aFleetViewThatThrowsIsAnUnknownAnswer() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      FleetView broken = (slos, timeout) -> {
        throw new IllegalStateException("boom");
      };
      try (SloRegistry registry = SloRegistry.builder().clock(shop.clock).manualTick()
          .slo(SloSpec.builder("a").build()).fleetView(broken).build()) {
        GateDecision decision = ReleaseGate.over(registry).decide();
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.source()).isEqualTo("instance");
        assertThat(decision.notes()).containsExactly("decided by this instance alone, the fleet"
            + " could not answer: the fleet view failed: java.lang.IllegalStateException: boom");
      }
    }
  }

  @Test
  void theAnswerIsKeptForTheCachePeriodOnTheRegistrysClockPerSetOfGatingSlos() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.traffic(MINUTE, 100, 0);
      shop.fleet.answer.set(deny("slo checkout: page alert firing"));
      ReleaseGate gate = ReleaseGate.over(shop.registry, "checkout");
      assertThat(gate.decide().reasons()).containsExactly("slo checkout: page alert firing");

      shop.fleet.answer.set(new FleetView.Answer(Optional.empty(), List.of(), List.of()));
      shop.clock.advance(Duration.ofMillis(14_999));
      // another gate over the same SLOs shares the answer; a gate over others asks
      assertThat(ReleaseGate.over(shop.registry, "checkout").decide().reasons())
          .containsExactly("slo checkout: page alert firing");
      assertThat(shop.fleet.questions()).isEqualTo(1);
      assertThat(ReleaseGate.over(shop.registry).decide().allowed()).isTrue();
      assertThat(shop.fleet.asked).containsExactly(List.of("checkout"), List.of("checkout", "search"));

      shop.clock.advance(Duration.ofMillis(1));
      GateDecision fresh = gate.decide();
      assertThat(fresh.allowed()).isTrue();
      assertThat(fresh.reasons()).isEmpty();
      assertThat(shop.fleet.questions()).isEqualTo(3);
    }
  }

  @Test
  void anUnknownAnswerIsKeptTooSoThatAnUnreachableFleetCostsOneWaitPerPeriod() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.fleet.answer.set(FleetView.Answer.unknown("prometheus at x did not answer within the"
          + " timeout"));
      ReleaseGate gate = ReleaseGate.over(shop.registry);
      for (int i = 0; i < 10; i++) {
        assertThat(gate.decide().source()).isEqualTo("instance");
        shop.clock.advance(Duration.ofSeconds(1));
      }
      assertThat(shop.fleet.questions()).isEqualTo(1);
      shop.clock.advance(Duration.ofSeconds(5));
      shop.fleet.answer.set(deny("slo search: page alert firing"));
      assertThat(gate.decide().source()).isEqualTo("prometheus");
      assertThat(shop.fleet.questions()).isEqualTo(2);
    }
  }

  @Test
  void aCacheOfZeroAsksAtEveryDecision() {
    try (Shop shop = new Shop(Duration.ZERO)) {
      ReleaseGate gate = ReleaseGate.over(shop.registry);
      gate.decide();
      gate.decide();
      assertThat(shop.fleet.questions()).isEqualTo(2);
    }
  }

  @Test
  void anOverrideAppliesOnTopOfTheFleetsDenial() {
    try (Shop shop = new Shop(Duration.ofSeconds(15))) {
      shop.fleet.answer.set(deny("slo checkout: page alert firing"));
      ReleaseGate gate = ReleaseGate.over(shop.registry, "checkout");
      GateDecision overridden = gate.override("hotfix INC-7", Duration.ofHours(1));
      assertThat(overridden.allowed()).isTrue();
      assertThat(overridden.overridden()).isTrue();
      assertThat(overridden.source()).isEqualTo("prometheus");
      assertThat(overridden.reasons()).containsExactly("slo checkout: page alert firing");
      assertThat(overridden.overrideReason()).contains("hotfix INC-7");
    }
  }

  @Test
  void aSecondCallerWaitsAtMostTheTimeoutWhileTheFirstAsks() throws Exception {
    CountDownLatch asking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FleetView slow = (slos, timeout) -> {
      asking.countDown();
      release.await();
      return new FleetView.Answer(Optional.empty(), List.of(), List.of());
    };
    ManualClock clock = ManualClock.at(T);
    ExecutorService first = Executors.newSingleThreadExecutor();
    try (SloRegistry registry = SloRegistry.builder().clock(clock).manualTick()
        .slo(SloSpec.builder("a").build()).prometheusGateTimeout(Duration.ofMillis(100))
        .fleetView(slow).build()) {
      Future<GateDecision> waiting = first.submit(() -> ReleaseGate.over(registry).decide());
      asking.await();
      GateDecision second = ReleaseGate.over(registry).decide(); // another gate: its own lock

      assertThat(second.source()).isEqualTo("instance");
      assertThat(second.notes()).containsExactly("decided by this instance alone, the fleet could"
          + " not answer: another caller has been asking the fleet for longer than"
          + " gate.prometheus-timeout (100ms)");
      release.countDown();
      assertThat(waiting.get().source()).isEqualTo("prometheus");
    } finally {
      release.countDown();
      first.shutdownNow();
    }
  }

  @Test
  void aGateWithoutAFleetViewAnswersFromTheInstance() {
    try (SloRegistry registry = SloRegistry.builder().manualTick()
        .slo(SloSpec.builder("a").build()).build()) {
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.source()).isEqualTo("instance");
      assertThat(decision.notes()).isEmpty();
    }
  }

  @Test
  void thePrometheusUrlWithoutSreMicrometerOnTheClassPathFailsTheBuild() {
    String message = "gate.prometheus-url must be unset unless sre-micrometer"
        + " (io.sre4j:sre-micrometer, which asks Prometheus) is on the class path but was"
        + " \"http://prometheus:9090\"";
    SloRegistry.Builder builder =
        SloRegistry.builder().manualTick().prometheusGate(URI.create("http://prometheus:9090"));
    assertThatThrownBy(builder::build).isInstanceOf(ConfigException.class).hasMessage(message);

    Sre4jConfig config = Sre4jConfig.from(Map.of("gate.prometheus-url", "http://prometheus:9090",
        "slo.a.objective", "99%"));
    assertThatThrownBy(() -> config.applyTo(SloRegistry.builder().manualTick()).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(message)
        .extracting(e -> ((ConfigException) e).key())
        .isEqualTo("gate.prometheus-url");
  }

  @Test
  void theGateKeysAreReadAndCheckedWithTheirFullNames() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "gate.prometheus-url", "https://prom.example.com/prometheus",
        "gate.prometheus-cache", "30s",
        "gate.prometheus-timeout", "500ms",
        "gate.prometheus-token-file", "/run/secrets/prometheus"));
    assertThat(config.get(CoreConfigSchema.GATE_PROMETHEUS_URL))
        .contains(URI.create("https://prom.example.com/prometheus"));
    assertThat(config.get(CoreConfigSchema.GATE_PROMETHEUS_CACHE)).contains(Duration.ofSeconds(30));
    assertThat(config.get(CoreConfigSchema.GATE_PROMETHEUS_TIMEOUT))
        .contains(Duration.ofMillis(500));

    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("gate.prometheus-url", "prometheus:9090")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-url must be an absolute http(s) URL such as"
            + " http://prometheus:9090, without user info, query or fragment but was"
            + " \"prometheus:9090\"");
    assertThatThrownBy(() -> Sre4jConfig.from(
            Map.of("gate.prometheus-url", "http://admin:secret@prometheus:9090")))
        .hasMessageStartingWith("gate.prometheus-url must be an absolute http(s) URL");
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("gate.prometheus-cache", "2h")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-cache must be between 0s and 1h but was \"2h\"");
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("gate.prometheus-timeout", "10ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-timeout must be between 100ms and 1m but was \"10ms\"");
    assertThatThrownBy(() -> SloRegistry.builder().prometheusGate(URI.create("ftp://x/")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-url must be an absolute http(s) URL such as"
            + " http://prometheus:9090, without user info, query or fragment but was \"ftp://x/\"");
  }
}
