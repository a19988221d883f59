package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.ConfigException;
import io.sre4j.core.Endpoint;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.log.StatusDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance's release gate configured with {@code gate.prometheus-url}: sre-core finds this
 * module's {@link PrometheusFleetView} on the class path, and the gate answers from a fake
 * Prometheus (the JDK's HTTP server) when it can, from the instance when it cannot, with the answer
 * kept for {@code gate.prometheus-cache} on the registry's manual clock.
 */
final class PrometheusFleetViewTest {

  private static final Instant T = Instant.parse("2027-03-01T00:00:00Z");
  private static final String BUDGET = "slo:sre4j_slo_budget_remaining:ratio";
  private static final String RATIO = "slo:sre4j_slo_errors:ratio_rate";

  @TempDir Path dir;
  FakePrometheus prometheus;
  final ManualClock clock = ManualClock.at(T);

  /** Answers /api/v1/query by the record asked for; counts the queries. */
  static final class FakePrometheus implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int status = 200;
    volatile boolean hang;

    FakePrometheus() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/api/v1/query", exchange -> {
        try (exchange) {
          if (hang) {
            release.await();
            return;
          }
          String query = URLDecoder.decode(
              exchange.getRequestURI().getRawQuery().substring("query=".length()),
              StandardCharsets.UTF_8);
          queries.add(query);
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(authorization == null ? "" : authorization);
          String kind = query.startsWith(BUDGET) ? "budget"
              : query.startsWith("ALERTS") ? "alerts" : "ratios";
          byte[] body = answers.getOrDefault(kind, vector()).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Both SLOs with data: availability's budget as given, latency healthy. */
    void fleet(String availabilityBudget) {
      answers.put("budget", vector(budget("availability", availabilityBudget),
          budget("latency", "0.9")));
      answers.put("ratios", vector(ratio("availability", "5m", "0.001"),
          ratio("availability", "30d", "0.001"), ratio("latency", "30d", "0.0005")));
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  static String vector(String... samples) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", samples) + "]}}";
  }

  static String sample(String value, String... labels) {
    StringBuilder metric = new StringBuilder();
    for (int i = 0; i < labels.length; i += 2) {
      metric.append(i == 0 ? "" : ",");
      metric.append('"').append(labels[i]).append("\":\"").append(labels[i + 1]).append('"');
    }
    return "{\"metric\":{" + metric + "},\"value\":[1764559200.123,\"" + value + "\"]}";
  }

  static String budget(String slo, String value) {
    return sample(value, "__name__", BUDGET, "slo", slo, "window", "30d");
  }

  static String ratio(String slo, String window, String value) {
    return sample(value, "__name__", RATIO + window, "slo", slo);
  }

  @BeforeEach
  void start() throws IOException {
    prometheus = new FakePrometheus();
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  /** A registry of two SLOs over 30 days, configured as an application would be. */
  private SloRegistry registry(String url, String... more) {
    Map<String, String> properties = new HashMap<>(Map.of(
        "service", "shop",
        "slo.availability.objective", "99%",
        "slo.latency.sli", "latency",
        "slo.latency.threshold", "300ms",
        "slo.latency.objective", "99.5%",
        "gate.prometheus-url", url));
    for (int i = 0; i < more.length; i += 2) {
      properties.put(more[i], more[i + 1]);
    }
    return Sre4jConfig.from(properties).applyTo(SloRegistry.builder()).clock(clock).manualTick()
        .build();
  }

  private static void healthyTraffic(SloRegistry registry) {
    Endpoint endpoint = registry.endpoint("GET", "/api/items");
    for (int i = 0; i < 1_000; i++) {
      endpoint.record(200, 5_000_000L);
    }
    registry.tick();
  }

  @Test
  void theGateAnswersFromTheFleetWithTheCommandsReasonsAndSaysSo() {
    prometheus.fleet("-0.12");
    try (SloRegistry registry = registry(prometheus.url())) {
      healthyTraffic(registry); // this instance alone would allow

      GateDecision decision = ReleaseGate.over(registry).decide();

      assertThat(decision.allowed()).isFalse();
      assertThat(decision.source()).isEqualTo("prometheus");
      assertThat(decision.reasons()).containsExactly(
          "slo availability: error budget exhausted, -12.0% of the error budget left");
      assertThat(StatusDocument.gate("shop", decision))
          .contains("\"decision\":\"deny\",\"source\":\"prometheus\"");
      assertThat(prometheus.queries).hasSize(3);
      assertThat(prometheus.queries.get(0))
          .isEqualTo(BUDGET + "{slo=~\"availability|latency\"}");
    }
  }

  @Test
  void anAtRiskFleetAllowsWithTheNote() {
    prometheus.fleet("0.2");
    try (SloRegistry registry = registry(prometheus.url())) {
      GateDecision decision = ReleaseGate.over(registry, "availability").decide();
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.source()).isEqualTo("prometheus");
      assertThat(decision.notes())
          .containsExactly("slo availability: at risk, 20.0% of the error budget left");
      assertThat(prometheus.queries.get(0)).isEqualTo(BUDGET + "{slo=~\"availability\"}");
    }
  }

  @Test
  void theAnswerIsKeptForTheCachePeriodOnTheRegistrysClock() {
    prometheus.fleet("-0.12");
    try (SloRegistry registry = registry(prometheus.url(), "gate.prometheus-cache", "20s")) {
      ReleaseGate gate = ReleaseGate.over(registry);
      assertThat(gate.decide().allowed()).isFalse();
      prometheus.fleet("0.9");
      clock.advance(Duration.ofMillis(19_999));
      assertThat(gate.decide().allowed()).isFalse();
      assertThat(prometheus.queries).hasSize(3);

      clock.advance(Duration.ofMillis(1));
      GateDecision fresh = gate.decide();
      assertThat(fresh.allowed()).isTrue();
      assertThat(fresh.source()).isEqualTo("prometheus");
      assertThat(prometheus.queries).hasSize(6);
    }
  }

  @Test
  void anErroringPrometheusLeavesTheDecisionToTheInstanceWithTheReason() {
    prometheus.status = 503;
    String error = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}";
    prometheus.answers.put("budget", error);
    try (SloRegistry registry = registry(prometheus.url())) {
      healthyTraffic(registry);
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.source()).isEqualTo("instance");
      assertThat(decision.notes()).containsExactly("decided by this instance alone, the fleet"
          + " could not answer: prometheus at " + prometheus.url() + "/api/v1/query answered"
          + " HTTP 503: unavailable: overloaded");
    }
  }

  @Test
  void anSloWithoutDataInPrometheusLeavesTheDecisionToTheInstance() {
    prometheus.answers.put("budget", vector(budget("availability", "0.9")));
    prometheus.answers.put("ratios", vector(ratio("availability", "30d", "0.001")));
    try (SloRegistry registry = registry(prometheus.url())) {
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.source()).isEqualTo("instance");
      assertThat(decision.notes()).containsExactly("decided by this instance alone, the fleet"
          + " could not answer: slo latency: no data in prometheus: no " + BUDGET
          + " series (load the rules of 'sre4j rules' and check that the instances are scraped)");
    }
  }

  @Test
  void aFleetThatDeniesDeniesEvenWhenAnotherSloHasNoDataWhichIsANote() {
    prometheus.answers.put("budget", vector(budget("availability", "-0.5")));
    prometheus.answers.put("ratios", vector(ratio("availability", "30d", "0.015")));
    try (SloRegistry registry = registry(prometheus.url())) {
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.source()).isEqualTo("prometheus");
      assertThat(decision.reasons()).containsExactly(
          "slo availability: error budget exhausted, -50.0% of the error budget left");
      assertThat(decision.notes()).containsExactly("slo latency: no data in prometheus: no "
          + BUDGET + " series (load the rules of 'sre4j rules' and check that the instances are"
          + " scraped)");
    }
  }

  @Test
  void aPrometheusThatDoesNotAnswerLeavesTheDecisionToTheInstanceWithinTheTimeout() {
    prometheus.hang = true;
    try (SloRegistry registry = registry(prometheus.url(), "gate.prometheus-timeout", "200ms")) {
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.source()).isEqualTo("instance");
      assertThat(decision.allowed()).isTrue();
      assertThat(decision.notes()).containsExactly("decided by this instance alone, the fleet"
          + " could not answer: prometheus at " + prometheus.url() + "/api/v1/query did not"
          + " answer within the timeout");
    }
  }

  @Test
  void anUnreachablePrometheusLeavesTheDecisionToTheInstance() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    try (SloRegistry registry = registry(url)) {
      GateDecision decision = ReleaseGate.over(registry).decide();
      assertThat(decision.source()).isEqualTo("instance");
      assertThat(decision.notes()).singleElement().asString().startsWith(
          "decided by this instance alone, the fleet could not answer: cannot connect to"
              + " prometheus at " + url + "/api/v1/query");
    }
  }

  @Test
  void theTokenFileIsSentAsABearerTokenOrBasicAuth() throws IOException {
    prometheus.fleet("0.9");
    Path token = Files.writeString(dir.resolve("token"), "s3cr3t\n");
    try (SloRegistry registry = registry(prometheus.url(),
        "gate.prometheus-token-file", token.toString())) {
      assertThat(ReleaseGate.over(registry).decide().source()).isEqualTo("prometheus");
    }
    Path basic = Files.writeString(dir.resolve("basic"), "gate:pa55");
    try (SloRegistry registry = registry(prometheus.url(),
        "gate.prometheus-token-file", basic.toString())) {
      assertThat(ReleaseGate.over(registry).decide().source()).isEqualTo("prometheus");
    }
    assertThat(prometheus.authorizations).containsExactly(
        "Bearer s3cr3t", "Bearer s3cr3t", "Bearer s3cr3t",
        "Basic Z2F0ZTpwYTU1", "Basic Z2F0ZTpwYTU1", "Basic Z2F0ZTpwYTU1");
  }

  @Test
  void aTokenFileThatCannotBeReadFailsTheBuildNamingTheKey() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> registry(prometheus.url(),
            "gate.prometheus-token-file", empty.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-token-file must be a readable file of one line: a bearer"
            + " token, or user:password but was \"" + empty + "\" (empty)");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> registry(prometheus.url(),
            "gate.prometheus-token-file", missing.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("gate.prometheus-token-file must be a readable file of one line: a bearer"
            + " token, or user:password but was \"" + missing + "\" (no such file)");
  }
}
