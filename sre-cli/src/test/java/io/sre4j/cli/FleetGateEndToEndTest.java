package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;

import io.sre4j.core.testing.ExternalTool;
import io.sre4j.core.testing.PrometheusServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.micrometer.FleetGate;
import io.sre4j.micrometer.SloMeterBinder;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sre4j gate --prometheus} against a real Prometheus (Debian package {@code prometheus};
 * skipped when missing, failed under {@code CI=true}) that scrapes two instrumented instances, one
 * healthy and one burning, and evaluates the rules {@code sre4j rules} writes for the same config.
 * A third instance configured with {@code gate.prometheus-url} answers {@code /sre/gate} from the
 * fleet with the command's reasons ({@code source} {@code prometheus}), and from itself once
 * Prometheus is gone and the cached answer has lapsed ({@code source} {@code instance}).
 *
 * <p>Exactness, as in sre-micrometer's {@code PrometheusFleetEndToEndTest}: each instance serves
 * only the scrapes the test allows (the first with every counter at 0) and answers 503 otherwise.
 * Over a range that holds all of a series' samples, {@code rate()} does not extrapolate below a
 * counter's zero and, once the last sample is older than 1.1 average sample spacings, extrapolates
 * by half a spacing at the end: a factor of {@code 1 + 1 / (2 (n − 1))} for n samples, the same for
 * every series of both instances when both served n scrapes. So the fleet's ratio of sums equals
 * the combined ratio of the counters up to float rounding.
 */
final class FleetGateEndToEndTest {

  private static final long MS = 1_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  private static final String CONFIG =
      String.join(
          "\n",
          "service=orders",
          "slo.fleet-availability.objective=99%",
          "slo.fleet-latency.sli=latency",
          "slo.fleet-latency.threshold=100ms",
          "slo.fleet-latency.objective=99%",
          "");

  private static final List<String> WINDOWS = List.of("5m", "30m", "1h", "6h", "3d", "30d");

  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** One instrumented instance whose /metrics serves only the scrapes the test allows. */
  private static final class Instance implements AutoCloseable {
    final SloRegistry slos;
    final Endpoint endpoint;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpServer server;
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger allowed = new AtomicInteger(1);

    Instance(String name, Sre4jConfig config) throws IOException {
      slos = config.applyTo(SloRegistry.builder()).service(name).manualTick().build();
      endpoint = slos.endpoint("GET", "/api/orders/{id}");
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      meters.scrape(); // warm up, so that no scrape by Prometheus times out (1 s) on class loading
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            try (exchange) {
              if (served.get() >= allowed.get()) {
                exchange.sendResponseHeaders(503, -1); // freeze the samples
                return;
              }
              byte[] body = meters.scrape().getBytes(StandardCharsets.UTF_8);
              exchange
                  .getResponseHeaders()
                  .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
              served.incrementAndGet();
            }
          });
      server.start();
    }

    /** Records requests: the first {@code failures} fail, the next {@code slow} are slow. */
    void traffic(int requests, int failures, int slow) {
      for (int i = 0; i < requests; i++) {
        boolean failed = i < failures;
        boolean isSlow = !failed && i < failures + slow;
        endpoint.record(failed ? 500 : 200, (isSlow ? 300 : 20) * MS);
      }
    }

    String target() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    SloStatus status(String slo) {
      return slos.status(slo).orElseThrow();
    }

    @Override
    public void close() {
      server.stop(0);
      meters.close();
      slos.close();
    }
  }

  @Test
  void theGateJudgesTheFleetFromPrometheusAndFlipsWhenOneInstanceBurnsTheBudget(@TempDir Path dir)
      throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    Path config = Files.writeString(dir.resolve("slo.properties"), CONFIG);
    Sre4jConfig slos = Sre4jConfig.fromFile(config);
    Cli.Result rules = Cli.run("rules", "--config", config.toString());
    assertThat(rules.code()).as(rules.err()).isZero();
    Files.writeString(dir.resolve("rules.yml"), rules.out());
    PrometheusServer server = null;
    Path log = dir.resolve("prometheus.log");
    try (Instance healthy = new Instance("a", slos);
        Instance burning = new Instance("b", slos)) {
      server = PrometheusServer.start(prometheus, dir, List.of(healthy.target(), burning.target()));
      String url = server.url();

      // scrape 1: every counter at 0
      assertThat(poll(() -> healthy.served.get() >= 1 && burning.served.get() >= 1))
          .as("both instances scraped; prometheus log:%n%s", Files.readString(log))
          .isTrue();

      // scrape 2: a healthy instance (0.1 % failures) and a burning one (2 %): 0.73 % together
      healthy.traffic(2000, 2, 10);
      burning.traffic(1000, 20, 5);
      allowScrape(healthy, burning, 2, log);
      Map<String, Double> together = combinedRatios(healthy, burning, slos);
      assertThat(together.get("fleet-availability")).isCloseTo(22.0 / 3000, within(1e-15));
      assertThat(together.get("fleet-latency")).isCloseTo(15.0 / 2978, within(1e-15));

      JsonNode allowed = gateUntilFiguresMatch(url, config, together, log);
      assertThat(allowed.path("decision").asText()).isEqualTo("allow");
      assertThat(allowed.path("allowed").asBoolean()).isTrue();
      assertThat(allowed.path("reasons")).isEmpty();
      assertThat(slo(allowed, "fleet-availability").path("budget_state").asText())
          .isEqualTo("healthy");
      Cli.Result allowedText = Cli.run("gate", "--prometheus", url, "--config", config.toString());
      assertThat(allowedText.code()).as(allowedText.out()).isZero();

      // scrape 3: the burning instance fails 10 % of 1000 more: 3.05 % over the fleet
      burning.traffic(1000, 100, 0);
      allowScrape(healthy, burning, 3, log);
      Map<String, Double> over = combinedRatios(healthy, burning, slos);
      assertThat(over.get("fleet-availability")).isCloseTo(122.0 / 4000, within(1e-15));

      JsonNode denied = gateUntilFiguresMatch(url, config, over, log);
      assertThat(denied.path("decision").asText()).isEqualTo("deny");
      assertThat(denied.path("allowed").asBoolean()).isFalse();
      double left = 1 - over.get("fleet-availability") / 0.01;
      String reason = "slo fleet-availability: error budget exhausted, " + FleetGate.left(left);
      assertThat(reason)
          .isEqualTo(
              "slo fleet-availability: error budget exhausted, -205.0% of the error budget left");
      assertThat(denied.path("reasons").toString()).isEqualTo("[\"" + reason + "\"]");
      JsonNode availability = slo(denied, "fleet-availability");
      assertThat(availability.path("budget_state").asText()).isEqualTo("exhausted");
      assertThat(availability.path("paging").asBoolean()).isFalse();

      Cli.Result deniedText = Cli.run("gate", "--prometheus", url, "--config", config.toString());
      assertThat(deniedText.code()).as(deniedText.out()).isEqualTo(1);
      assertThat(deniedText.out()).contains("reason: " + reason + "\n");

      // an instance configured with gate.prometheus-url: its /sre/gate answers from the fleet
      try (GateInstance instance = new GateInstance(config, url)) {
        HttpResponse<String> fleet = get(instance.port(), "/sre/gate");
        JsonNode fromFleet = JSON.readTree(fleet.body());
        assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(409);
        assertThat(fromFleet.path("source").asText()).isEqualTo("prometheus");
        assertThat(fromFleet.path("decision").asText()).isEqualTo("deny");
        assertThat(fromFleet.path("reasons")).isEqualTo(denied.path("reasons"));

        // Prometheus gone: once the cached answer lapses, the instance answers from itself
        assertThat(server.stop()).isTrue();
        assertThat(get(instance.port(), "/sre/gate").statusCode()).as("cached").isEqualTo(409);
        instance.clock.advance(Duration.ofSeconds(15));
        HttpResponse<String> alone = get(instance.port(), "/sre/gate");
        JsonNode fromItself = JSON.readTree(alone.body());
        assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
        assertThat(fromItself.path("source").asText()).isEqualTo("instance");
        assertThat(fromItself.path("reasons")).isEmpty();
        assertThat(fromItself.path("notes").get(0).asText()).startsWith(
            "decided by this instance alone, the fleet could not answer: cannot connect to"
                + " prometheus at " + url + "/api/v1/query");
      }

      // Prometheus gone: cannot decide, and says why
      Cli.Result gone =
          Cli.run(
              "gate", "--prometheus", url, "--config", config.toString(), "--timeout", "3s");
      assertThat(gone.code()).isEqualTo(3);
      assertThat(gone.err())
          .startsWith("sre4j gate: cannot decide: cannot connect to prometheus at " + url);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * A third instance of the same config, healthy on its own, configured with {@code
   * gate.prometheus-url} and serving {@code /sre/gate} through the filter in Jetty; its registry
   * runs on a manual clock, so that the test moves past the gate's cache.
   */
  private static final class GateInstance implements AutoCloseable {
    final ManualClock clock = ManualClock.at(Instant.now());
    final SloRegistry registry;
    final Server server = new Server();
    final ServerConnector connector = new ServerConnector(server);

    GateInstance(Path config, String prometheusUrl) throws Exception {
      Map<String, String> properties = new HashMap<>(Sre4jConfig.fromFile(config).properties());
      properties.put("gate.prometheus-url", prometheusUrl);
      properties.put("gate.prometheus-timeout", "10s");
      registry = Sre4jConfig.from(properties).applyTo(SloRegistry.builder()).service("c")
          .clock(clock).manualTick().build();
      Endpoint endpoint = registry.endpoint("GET", "/api/orders/{id}");
      for (int i = 0; i < 1000; i++) {
        endpoint.record(200, 20 * MS);
      }
      registry.tick();
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      context.addFilter(
          new FilterHolder(
              new SloFilter(registry, ServletSettings.builder().endpoints(true).build(), null)),
          "/*",
          EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      server.start();
    }

    int port() {
      return connector.getLocalPort();
    }

    @Override
    public void close() {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("jetty did not stop", e);
      } finally {
        registry.close();
      }
    }
  }

  private static void allowScrape(Instance a, Instance b, int scrapes, Path log)
      throws Exception {
    a.allowed.set(scrapes);
    b.allowed.set(scrapes);
    assertThat(poll(() -> a.served.get() >= scrapes && b.served.get() >= scrapes))
        .as("both instances scraped %s times; prometheus log:%n%s", scrapes, Files.readString(log))
        .isTrue();
  }

  /** The fleet's error ratio per SLO from both instances' counters: bad over valid. */
  private static Map<String, Double> combinedRatios(Instance a, Instance b, Sre4jConfig config) {
    Map<String, Double> out = new HashMap<>();
    for (SloSpec slo : config.slos()) {
      SloStatus sa = a.status(slo.name());
      SloStatus sb = b.status(slo.name());
      out.put(
          slo.name(),
          (double) (sa.totalBadEvents() + sb.totalBadEvents())
              / (sa.totalValidEvents() + sb.totalValidEvents()));
    }
    return out;
  }

  /**
   * Runs {@code gate --json} until every figure it reads equals the combined ratio (within 1e-9):
   * the error ratio over every window, the burn rate and the budget left.
   */
  private static JsonNode gateUntilFiguresMatch(
      String url, Path config, Map<String, Double> expected, Path log) throws Exception {
    AtomicReference<Cli.Result> last = new AtomicReference<>();
    boolean matched =
        poll(
            () -> {
              Cli.Result result =
                  Cli.run("gate", "--prometheus", url, "--config", config.toString(), "--json");
              last.set(result);
              if (result.code() == 3 || result.lines().size() != 1) {
                return false;
              }
              JsonNode json = result.lines().get(0);
              for (Map.Entry<String, Double> slo : expected.entrySet()) {
                JsonNode figures = slo(json, slo.getKey());
                double budget = 1 - slo.getValue() / 0.01;
                if (Math.abs(figures.path("budget_remaining").asDouble() - budget) >= 1e-9) {
                  return false;
                }
                JsonNode ratios = figures.path("error_ratios");
                if (ratios.size() != WINDOWS.size()) {
                  return false;
                }
                for (int i = 0; i < WINDOWS.size(); i++) {
                  JsonNode ratio = ratios.get(i);
                  if (!ratio.path("window").asText().equals(WINDOWS.get(i))
                      || Math.abs(ratio.path("error_ratio").asDouble() - slo.getValue()) >= 1e-9
                      || Math.abs(ratio.path("burn_rate").asDouble() - slo.getValue() / 0.01)
                          >= 1e-7) {
                    return false;
                  }
                }
              }
              return true;
            });
    assertThat(matched)
        .as(
            "gate figures %s%s, expected error ratios %s; prometheus log:%n%s",
            last.get().out(),
            last.get().err(),
            expected,
            Files.readString(log))
        .isTrue();
    JsonNode json = last.get().lines().get(0);
    for (Map.Entry<String, Double> slo : expected.entrySet()) {
      JsonNode figures = slo(json, slo.getKey());
      assertThat(figures.path("budget_remaining").asDouble())
          .as(slo.getKey())
          .isCloseTo(1 - slo.getValue() / 0.01, within(1e-9));
      for (JsonNode ratio : figures.path("error_ratios")) {
        assertThat(ratio.path("error_ratio").asDouble())
            .as(slo.getKey() + " over " + ratio.path("window").asText())
            .isCloseTo(slo.getValue(), within(1e-9));
      }
    }
    return json;
  }

  private static JsonNode slo(JsonNode gate, String name) {
    for (JsonNode slo : gate.path("slos")) {
      if (slo.path("slo").asText().equals(name)) {
        return slo;
      }
    }
    throw new AssertionError("no slo " + name + " in " + gate);
  }

  /** Polls every 100 ms until {@code condition} holds or {@link #DEADLINE} passes. */
  private static boolean poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // connection refused while starting, and the like
      }
      Thread.sleep(100);
    }
    return false;
  }

  private HttpResponse<String> get(int port, String pathAndQuery) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
