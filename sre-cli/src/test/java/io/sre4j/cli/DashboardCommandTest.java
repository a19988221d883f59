package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.testing.ExternalTool;
import io.sre4j.core.testing.PrometheusServer;
import io.sre4j.micrometer.PrometheusRules;
import io.sre4j.micrometer.SloMeterBinder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sre4j dashboard}: the JSON parses, has the panels and template variables the README
 * describes, every expression is valid PromQL ({@code promtool check rules} accepts each as a
 * recording rule once the template variables are substituted), and each returns data from a real
 * Prometheus scraping two instances built from the same config and loading {@code sre4j rules}.
 */
final class DashboardCommandTest {

  static final String CONFIG = String.join("\n",
      "service=orders",
      "slo.orders-availability.objective=99.9%",
      "slo.orders-latency.sli=latency",
      "slo.orders-latency.threshold=300ms",
      "slo.orders-latency.objective=99%",
      "");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(2)).build();

  private JsonNode dashboard() throws IOException {
    Path config = Files.writeString(dir.resolve("slo.properties"), CONFIG);
    Cli.Result result = Cli.run("dashboard", "--config", config.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    return JSON.readTree(result.out());
  }

  /** Every expression of every panel, by panel title. */
  private static Map<String, List<String>> expressions(JsonNode dashboard) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.computeIfAbsent(panel.path("title").asText(), t -> new ArrayList<>())
            .add(target.path("expr").asText());
      }
    }
    return out;
  }

  /** The expression with the template variables as Grafana substitutes "All". */
  private static String substituted(String expr) {
    return expr.replace("$service", ".*").replace("$instance", ".*");
  }

  @Test
  void theDashboardIsAGrafanaJsonModelWithThePanelsOfEachSlo() throws IOException {
    JsonNode dashboard = dashboard();

    assertThat(dashboard.path("schemaVersion").asInt()).isEqualTo(39);
    assertThat(dashboard.path("title").asText()).isEqualTo("sre4j: orders");
    assertThat(dashboard.path("uid").asText()).isEqualTo("sre4j-orders");
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertThat(variables).containsExactly("datasource", "service", "instance");
    assertThat(dashboard.path("templating").path("list").get(2).path("query").path("query")
        .asText()).isEqualTo("label_values(sre4j_slos{job=~\"$service\"}, instance)");

    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles).containsExactly(
        "SLO orders-availability",
        "orders-availability: SLI and objective",
        "orders-availability: error budget remaining",
        "orders-availability: budget exhaustion forecast",
        "orders-availability: burn rate per alert window",
        "orders-availability: alert state",
        "SLO orders-latency",
        "orders-latency: SLI and objective",
        "orders-latency: error budget remaining",
        "orders-latency: budget exhaustion forecast",
        "orders-latency: burn rate per alert window",
        "orders-latency: alert state",
        "Endpoints",
        "Latency p50 and p99 per route",
        "Request rate per route");

    Map<String, List<String>> exprs = expressions(dashboard);
    List<String> legends = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("title").asText().equals("orders-latency: burn rate per alert window")) {
        panel.path("targets").forEach(t -> legends.add(t.path("legendFormat").asText()));
      }
    }
    assertThat(legends).containsExactly("5m", "30m", "1h", "6h", "3d");
    assertThat(exprs.get("orders-latency: alert state").get(0)).isEqualTo(
        "max by (severity, alertstate) (ALERTS{alertname=\"SloErrorBudgetBurn\","
            + "slo=\"orders-latency\"})");
    assertThat(exprs.get("Latency p50 and p99 per route")).containsExactly(
        "histogram_quantile(0.5, sum by (le, method, route) (rate("
            + "sre4j_endpoint_duration_seconds_bucket{job=~\"$service\","
            + "instance=~\"$instance\"}[5m])))",
        "histogram_quantile(0.99, sum by (le, method, route) (rate("
            + "sre4j_endpoint_duration_seconds_bucket{job=~\"$service\","
            + "instance=~\"$instance\"}[5m])))");
    assertThat(exprs.get("orders-latency: budget exhaustion forecast")).containsExactly(
        "slo:sre4j_slo_budget_exhaustion:seconds{slo=\"orders-latency\"}");
    for (JsonNode panel : dashboard.path("panels")) {
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("description").asText()).as(panel.path("title").asText())
            .isNotBlank();
      }
    }
  }

  @Test
  void aConfigThatDoesNotLoadIsAUsageError() throws IOException {
    Path config = Files.writeString(dir.resolve("bad.properties"), "slo.x.objective=150%\n");
    Cli.Result result = Cli.run("dashboard", "--config", config.toString());
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("sre4j dashboard: ");
  }

  @Test
  void promtoolAcceptsEveryExpressionAsARecordingRule() throws Exception {
    Path promtool = ExternalTool.require("promtool");
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int n = 0;
    for (List<String> exprs : expressions(dashboard()).values()) {
      for (String expr : exprs) {
        rules.append("      - record: dashboard:expr_").append(n++).append('\n')
            .append("        expr: ").append(JSON.writeValueAsString(substituted(expr)))
            .append('\n');
      }
    }
    assertThat(n).isEqualTo(2 * (2 + 2 + 1 + 5 + 2) + 3);
    Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
    ExternalTool.Result result = ExternalTool.run(dir, null, 60, promtool.toString(), "check",
        "rules", "dashboard-rules.yml");
    assertThat(result.exitCode()).as("%s%n%s", result.output(), rules).isZero();
    assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
  }

  /**
   * Two instances of the config (1 % and 5 % failures, a tail of slow requests) scraped by a real
   * Prometheus that loads {@code sre4j rules}: every panel expression returns data, once the rules
   * have been evaluated over both instances. The exhaustion forecast is the exception: its record
   * is written by the rules only where they have it, and it has a value only while the budget is
   * being spent faster than the window allows yet is not spent, which a test whose whole history
   * fits in every window cannot show (the budget left is then exactly 1 minus the burn rate); it
   * is checked by promtool above and against the rules' records here.
   */
  @Test
  void everyExpressionReturnsDataFromARealPrometheus() throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    Path configFile = Files.writeString(dir.resolve("slo.properties"), CONFIG);
    Sre4jConfig config = Sre4jConfig.fromFile(configFile);
    Map<String, List<String>> exprs = expressions(dashboard());
    String rulesYaml = PrometheusRules.defaults().render(config.slos());
    Files.writeString(dir.resolve("rules.yml"), rulesYaml);
    PrometheusServer server = null;
    try (Instance a = new Instance(config, 2000, 20);
        Instance b = new Instance(config, 1000, 50)) {
      server = PrometheusServer.start(prometheus, dir, List.of(a.target(), b.target()));
      int port = server.port();
      Map<String, String> empty = new LinkedHashMap<>();
      AtomicReference<Map<String, String>> lastEmpty = new AtomicReference<>(empty);
      boolean all = poll(() -> {
        Map<String, String> missing = new LinkedHashMap<>();
        exprs.forEach((title, list) -> {
          for (String expr : list) {
            if (expr.startsWith(PrometheusRules.BUDGET_EXHAUSTION_RECORD)) {
              continue;
            }
            String body = query(port, substituted(expr));
            if (!body.contains("\"value\":[")) {
              missing.put(title + ": " + expr, body);
            }
          }
        });
        lastEmpty.set(missing);
        return missing.isEmpty();
      });
      assertThat(all).as("expressions without data: %s%nprometheus log:%n%s", lastEmpty.get(),
          Files.readString(dir.resolve("prometheus.log"))).isTrue();
      // the forecast panel reads the record the rules write, when they write it
      if (rulesYaml.contains(PrometheusRules.BUDGET_EXHAUSTION_RECORD)) {
        assertThat(rulesYaml).contains("record: " + PrometheusRules.BUDGET_EXHAUSTION_RECORD);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** An instance of the config: its traffic lands after the first scrape, in a closed interval. */
  private static final class Instance implements AutoCloseable {
    final ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    final SloRegistry slos;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpServer server;
    final AtomicInteger served = new AtomicInteger();
    final AtomicBoolean recorded = new AtomicBoolean();

    Instance(Sre4jConfig config, int requests, int failuresPerThousand) throws IOException {
      slos = config.applyTo(SloRegistry.builder()).manualTick().clock(clock).build();
      Endpoint endpoint = slos.endpoint("GET", "/api/orders/{id}");
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      meters.scrape();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/metrics", exchange -> {
        try (exchange) {
          byte[] body;
          synchronized (this) {
            body = meters.scrape().getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          if (served.incrementAndGet() == 1 && recorded.compareAndSet(false, true)) {
            synchronized (this) {
              for (int i = 0; i < requests; i++) {
                boolean failed = i % 1000 < failuresPerThousand;
                endpoint.record(failed ? 503 : 200, (i % 50 == 0 ? 450 : 10 + i % 200) * MS);
              }
              clock.advance(Duration.ofSeconds(61));
              slos.tick();
            }
          }
        }
      });
      server.start();
    }

    String target() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      meters.close();
      slos.close();
    }
  }

  private static boolean poll(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return true;
        }
      } catch (RuntimeException notYet) {
        // connection refused while starting, and the like
      }
      Thread.sleep(200);
    }
    return false;
  }

  private String query(int port, String promql) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                  + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
              .timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(promql + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
