package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.sre4j.core.Endpoint;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code sre4j gate --prometheus} against a small in-test Prometheus HTTP API. */
final class GateCommandTest {

  static final String CONFIG =
      String.join(
          "\n",
          "service=shop",
          "slo.availability.objective=99%",
          "slo.latency.sli=latency",
          "slo.latency.threshold=300ms",
          "slo.latency.objective=99.5%",
          "");

  private static final String BUDGET = "slo:sre4j_slo_budget_remaining:ratio";
  private static final String RATIO = "slo:sre4j_slo_errors:ratio_rate";

  @TempDir Path dir;
  Path config;
  FakePrometheus prometheus;

  /** Answers /api/v1/query by the record the query asks for; remembers what it was sent. */
  static final class FakePrometheus implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hang;

    FakePrometheus() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext(
          "/api/v1/query",
          exchange -> {
            try (exchange) {
              if (hang) {
                release.await();
                return;
              }
              String query =
                  URLDecoder.decode(
                      exchange.getRequestURI().getRawQuery().substring("query=".length()),
                      StandardCharsets.UTF_8);
              queries.add(query);
              String authorization = exchange.getRequestHeaders().getFirst("Authorization");
              authorizations.add(authorization == null ? "" : authorization);
              String kind =
                  query.startsWith(BUDGET)
                      ? "budget"
                      : query.startsWith("ALERTS") ? "alerts" : "ratios";
              byte[] body =
                  answers.getOrDefault(kind, vector()).getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "application/json");
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

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** A successful vector answer. */
  static String vector(String... samples) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + String.join(",", samples)
        + "]}}";
  }

  /** One sample: labels as name, value pairs, then the value. */
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

  static String firing(String slo, String severity) {
    return sample(
        "1",
        "__name__",
        "ALERTS",
        "alertname",
        "SloErrorBudgetBurn",
        "alertstate",
        "firing",
        "severity",
        severity,
        "slo",
        slo);
  }

  @BeforeEach
  void start() throws IOException {
    config = Files.writeString(dir.resolve("slo.properties"), CONFIG);
    prometheus = new FakePrometheus();
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  private Cli.Result gate(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("gate", "--prometheus", prometheus.url(), "--config", config.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private void healthyFleet() {
    prometheus.answers.put(
        "budget", vector(budget("availability", "0.8"), budget("latency", "0.6")));
    prometheus.answers.put(
        "ratios",
        vector(
            ratio("availability", "5m", "0.002"),
            ratio("availability", "1h", "0.0015"),
            ratio("availability", "30d", "0.002"),
            ratio("latency", "5m", "NaN"),
            ratio("latency", "30d", "0.002"),
            ratio("availability", "7m", "0.9"))); // not a window of the config: ignored
  }

  @Test
  void allowsAHealthyFleetAndPrintsItsFigures() {
    healthyFleet();

    Cli.Result result = gate();

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            String.join(
                "\n",
                "decision: allow (from prometheus at " + prometheus.url() + ")",
                "slo availability (99% over 30d): healthy, 80.0% of the error budget left;"
                    + " burn rates 5m 0.2, 1h 0.15, 30d 0.2; no alert firing",
                "slo latency (99.5% over 30d): healthy, 60.0% of the error budget left;"
                    + " burn rates 5m no traffic, 30d 0.4; no alert firing",
                ""));
    assertThat(prometheus.queries)
        .containsExactly(
            BUDGET + "{slo=~\"availability|latency\"}",
            "{__name__=~\"" + RATIO + ".+\",slo=~\"availability|latency\"}",
            "ALERTS{alertname=\"SloErrorBudgetBurn\",alertstate=\"firing\","
                + "slo=~\"availability|latency\"}");
    assertThat(prometheus.authorizations).containsOnly("");
  }

  @Test
  void jsonIsOneObjectWithTheDecisionTheSourceAndPerSloFigures() {
    healthyFleet();

    Cli.Result result = gate("--json");

    assertThat(result.code()).isZero();
    assertThat(result.lines()).hasSize(1);
    JsonNode json = result.lines().get(0);
    assertThat(json.path("decision").asText()).isEqualTo("allow");
    assertThat(json.path("allowed").asBoolean()).isTrue();
    assertThat(json.path("source").asText()).isEqualTo("prometheus");
    assertThat(json.path("prometheus").asText()).isEqualTo(prometheus.url());
    assertThat(json.path("reasons")).isEmpty();
    assertThat(json.path("unknowns")).isEmpty();
    JsonNode availability = json.path("slos").get(0);
    assertThat(availability.path("slo").asText()).isEqualTo("availability");
    assertThat(availability.path("budget_state").asText()).isEqualTo("healthy");
    assertThat(availability.path("budget_remaining").asDouble()).isEqualTo(0.8);
    assertThat(availability.path("paging").asBoolean()).isFalse();
    JsonNode fiveMinutes = availability.path("error_ratios").get(0);
    assertThat(fiveMinutes.path("window").asText()).isEqualTo("5m");
    assertThat(fiveMinutes.path("error_ratio").asDouble()).isEqualTo(0.002);
    assertThat(fiveMinutes.path("burn_rate").asDouble()).isCloseTo(0.2, within(1e-12));
    JsonNode latency = json.path("slos").get(1);
    assertThat(latency.path("error_ratios").get(0).path("error_ratio").isNull()).isTrue();
  }

  @Test
  void anExhaustedBudgetDeniesWithTheInProcessGatesReason() {
    // in process: 15 bad of 1000 at 99 % is 150 % of the budget spent
    String inProcess;
    try (SloRegistry registry = SloRegistry.builder().service("shop").manualTick().build()) {
      registry.register(SloSpec.builder("availability").objective("99%").build());
      Endpoint endpoint = registry.endpoint("GET", "/orders");
      for (int i = 0; i < 1000; i++) {
        endpoint.record(i < 15 ? 500 : 200, 1_000_000L);
      }
      List<String> reasons = ReleaseGate.over(registry).decide().reasons();
      assertThat(reasons).hasSize(1);
      inProcess = reasons.get(0);
    }
    prometheus.answers.put(
        "budget", vector(budget("availability", "-0.5"), budget("latency", "0.6")));
    prometheus.answers.put(
        "ratios", vector(ratio("availability", "30d", "0.015"), ratio("latency", "30d", "0")));

    Cli.Result result = gate();

    assertThat(result.code()).isEqualTo(1);
    assertThat(inProcess)
        .isEqualTo("slo availability: error budget exhausted, -50.0% of the error budget left");
    assertThat(result.out())
        .startsWith("decision: deny (from prometheus at " + prometheus.url() + ")\n")
        .contains("reason: " + inProcess + "\n")
        .contains("slo availability (99% over 30d): exhausted, -50.0% of the error budget left");
  }

  @Test
  void aFiringPageDeniesAndATicketDoesNot() {
    healthyFleet();
    prometheus.answers.put(
        "alerts", vector(firing("latency", "page"), firing("availability", "ticket")));

    Cli.Result result = gate("--json");

    assertThat(result.code()).isEqualTo(1);
    JsonNode json = result.lines().get(0);
    assertThat(json.path("decision").asText()).isEqualTo("deny");
    assertThat(json.path("reasons").toString()).isEqualTo("[\"slo latency: page alert firing\"]");
    assertThat(json.path("slos").get(1).path("paging").asBoolean()).isTrue();
    assertThat(json.path("slos").get(1).path("budget_state").asText()).isEqualTo("at_risk");
    assertThat(json.path("slos").get(0).path("firing").toString()).isEqualTo("[\"ticket\"]");
  }

  @Test
  void aBudgetUnderTheAtRiskThresholdIsANote() {
    healthyFleet();
    prometheus.answers.put(
        "budget", vector(budget("availability", "0.1"), budget("latency", "0.6")));

    Cli.Result result = gate();

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("note: slo availability: at risk, 10.0% of the error budget left\n");
  }

  @Test
  void onlyTheNamedSlosAreAskedForAndJudged() {
    healthyFleet();
    prometheus.answers.put(
        "budget", vector(budget("availability", "0.8"), budget("latency", "-1")));

    Cli.Result result = gate("--slo", "availability");

    assertThat(result.code()).isZero();
    assertThat(prometheus.queries.get(0)).isEqualTo(BUDGET + "{slo=~\"availability\"}");
    assertThat(result.out()).doesNotContain("slo latency");
  }

  @Test
  void aCalendarOrTimeSliceSloIsJudgedByItsPageAlertOnly() throws IOException {
    Files.writeString(
        config,
        String.join(
            "\n",
            "slo.monthly.objective=99%",
            "slo.monthly.window=month",
            "slo.sliced.objective=99%",
            "slo.sliced.budgeting=timeslices",
            "slo.sliced.slice=1m",
            ""));
    prometheus.answers.put(
        "ratios", vector(ratio("monthly", "5m", "0.001"), ratio("sliced", "1h", "0.001")));

    Cli.Result allowed = gate();

    assertThat(allowed.code()).as(allowed.out()).isZero();
    assertThat(allowed.out())
        .contains(
            "note: slo monthly: judged by its page alert only: a calendar window (month) has no"
                + " fleet-wide budget in prometheus\n",
            "note: slo sliced: judged by its page alert only: a time-slice budget has no"
                + " fleet-wide budget in prometheus\n",
            "slo monthly (99% over month): not judged; burn rates 5m 0.1; no alert firing\n");

    prometheus.answers.put("alerts", vector(firing("monthly", "page")));
    Cli.Result denied = gate();

    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.out()).contains("reason: slo monthly: page alert firing\n");

    prometheus.answers.put("ratios", vector(ratio("monthly", "5m", "0.001")));
    Cli.Result unknown = gate();
    assertThat(unknown.code()).as("a page denies even when another SLO is unknown").isEqualTo(1);
    assertThat(unknown.out())
        .contains(
            "unknown: slo sliced: no data in prometheus: no "
                + RATIO
                + "<window> series (load the rules of 'sre4j rules' and check that the instances"
                + " are scraped)\n");
  }

  @Test
  void noDataForAnSloCannotDecide() {
    prometheus.answers.put("budget", vector(budget("availability", "0.8")));

    Cli.Result result = gate();

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.out())
        .startsWith("decision: unknown (cannot decide) (from prometheus at ")
        .contains(
            "unknown: slo latency: no data in prometheus: no "
                + BUDGET
                + " series (load the rules of 'sre4j rules' and check that the instances are"
                + " scraped)\n",
            "slo latency (99.5% over 30d): unknown\n");
    assertThat(result.errLines())
        .containsExactly(
            "sre4j gate: cannot decide: slo latency: no data in prometheus: no "
                + BUDGET
                + " series (load the rules of 'sre4j rules' and check that the instances are"
                + " scraped)");
  }

  @Test
  void anEmptyResultCannotDecideAndOnUnknownAllowLetsItThrough() {
    Cli.Result denied = gate();
    Cli.Result allowed = gate("--on-unknown", "allow", "--json");

    assertThat(denied.code()).isEqualTo(3);
    assertThat(denied.err()).startsWith("sre4j gate: cannot decide: slo availability: no data");
    assertThat(denied.err()).contains("(and 1 more)");
    assertThat(allowed.code()).isZero();
    JsonNode json = allowed.lines().get(0);
    assertThat(json.path("allowed").asBoolean()).isTrue();
    assertThat(json.path("decision").asText()).isEqualTo("unknown");
    assertThat(json.path("on_unknown").asText()).isEqualTo("allow");
    assertThat(json.path("unknowns")).hasSize(2);
    assertThat(allowed.err()).endsWith("; allowed by --on-unknown allow\n");
  }

  @Test
  void aBudgetRecordOverAnotherWindowCannotDecide() {
    healthyFleet();
    prometheus.answers.put(
        "budget",
        vector(
            sample("0.8", "__name__", BUDGET, "slo", "availability", "window", "28d"),
            budget("latency", "0.6")));

    Cli.Result result = gate();

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.out())
        .contains(
            "unknown: slo availability: prometheus' budget record is over 28d but the config says"
                + " 30d; generate the rules again with 'sre4j rules'\n");
  }

  @Test
  void aNanBudgetIsNoTrafficAndTheWholeBudgetLeft() {
    healthyFleet();
    prometheus.answers.put(
        "budget", vector(budget("availability", "NaN"), budget("latency", "0.6")));

    Cli.Result result = gate();

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains(
            "note: slo availability: no valid events over 30d in prometheus\n",
            "slo availability (99% over 30d): healthy, 100.0% of the error budget left");
  }

  @Test
  void anHttpErrorCannotDecide() {
    prometheus.status = 500;
    prometheus.answers.put(
        "budget",
        "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"out of memory\"}");

    Cli.Result result = gate();

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.errLines())
        .containsExactly(
            "sre4j gate: cannot decide: prometheus at "
                + prometheus.url()
                + "/api/v1/query answered HTTP 500: internal: out of memory");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"success\",\"data\":{  | not JSON: expected a member name at the end"
            + " (offset 28)",
        "<html>oops</html>                   | not JSON: expected a value at offset 0",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
            + " | resultType must be vector but was \"matrix\"",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
            + "\"value\":[1,\"x\"]}]}} | a sample value must be a number in a string but was \"x\"",
        "[]                                  | expected a JSON object but got an array",
      })
  void aMalformedAnswerCannotDecide(String body, String message) {
    prometheus.answers.put("budget", body.strip());

    Cli.Result result = gate();

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.errLines())
        .containsExactly(
            "sre4j gate: cannot decide: bad answer from prometheus at "
                + prometheus.url()
                + "/api/v1/query: "
                + message.strip());
  }

  @Test
  void anUnreachablePrometheusCannotDecide() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    Cli.Result result =
        Cli.run(
            "gate",
            "--prometheus",
            "http://127.0.0.1:" + port,
            "--config",
            config.toString(),
            "--timeout",
            "5s");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.err())
        .startsWith(
            "sre4j gate: cannot decide: cannot connect to prometheus at http://127.0.0.1:"
                + port
                + "/api/v1/query");
    assertThat(result.out()).contains("unknown: cannot connect to prometheus");
  }

  @Test
  void anUnknownHostCannotDecideAndSaysSo() {
    Cli.Result result =
        Cli.run(
            "gate",
            "--prometheus",
            "http://no-such-host.invalid:9090",
            "--config",
            config.toString(),
            "--timeout",
            "20s"); // room for a resolver that times out rather than fails

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.errLines())
        .containsExactly(
            "sre4j gate: cannot decide: cannot connect to prometheus at"
                + " http://no-such-host.invalid:9090/api/v1/query: unknown host"
                + " no-such-host.invalid");
  }

  @Test
  void aPrometheusThatDoesNotAnswerCannotDecideWithinTheTimeout() {
    prometheus.hang = true;

    Cli.Result result = gate("--timeout", "300ms");

    assertThat(result.code()).isEqualTo(3);
    assertThat(result.errLines())
        .containsExactly(
            "sre4j gate: cannot decide: prometheus at "
                + prometheus.url()
                + "/api/v1/query did not answer within the timeout");
  }

  @Test
  void aBearerTokenFromTheFileIsSentAndNeverPrinted() throws IOException {
    healthyFleet();
    Path token = Files.writeString(dir.resolve("token"), "s3cr3t-T0ken.x_y\n");

    Cli.Result result = gate("--prometheus-token-file", token.toString(), "--json");

    assertThat(result.code()).isZero();
    assertThat(prometheus.authorizations).hasSize(3).containsOnly("Bearer s3cr3t-T0ken.x_y");
    assertThat(result.out() + result.err()).doesNotContain("s3cr3t");
  }

  @Test
  void userAndPasswordFromTheFileAreBasicAuth() throws IOException {
    prometheus.status = 401;
    Path token = Files.writeString(dir.resolve("basic"), "gate:pass\n");

    Cli.Result result = gate("--prometheus-token-file", token.toString());

    assertThat(result.code()).isEqualTo(3);
    assertThat(prometheus.authorizations)
        .containsOnly(
            "Basic "
                + Base64.getEncoder().encodeToString("gate:pass".getBytes(StandardCharsets.UTF_8)));
    assertThat(result.err()).contains("answered HTTP 401").doesNotContain("pass");
  }

  @Test
  void helpIsPrinted() {
    Cli.Result result = Cli.run("gate", "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Usage: sre4j gate", "--prometheus-token-file");
    assertThat(Cli.run("--help").out()).contains("gate");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--config @CONFIG                       | Missing required option: '--prometheus=URL'"
            + " (see 'sre4j gate --help')",
        "--prometheus http://p:9090             | Missing required option: '--config=FILE'"
            + " (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --bogus | Unknown option: '--bogus'"
            + " (see 'sre4j gate --help')",
        "--prometheus ftp://p --config @CONFIG  | --prometheus must be an absolute http(s) URL"
            + " such as http://prometheus:9090 but was \"ftp://p\" (see 'sre4j gate --help')",
        "--prometheus prometheus:9090 --config @CONFIG | --prometheus must be an absolute http(s)"
            + " URL such as http://prometheus:9090 but was \"prometheus:9090\""
            + " (see 'sre4j gate --help')",
        "--prometheus http://u:p@h:9090 --config @CONFIG | --prometheus must be an absolute"
            + " http(s) URL such as http://prometheus:9090 but was \"http://u:p@h:9090\""
            + " (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --slo bogus | --slo must be an SLO of the config"
            + " [availability, latency] but was \"bogus\" (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --on-unknown maybe | --on-unknown must be deny or"
            + " allow but was \"maybe\" (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --timeout 1h | --timeout must be at most 10m but was"
            + " 1h (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --timeout 0s | Invalid value for option '--timeout':"
            + " must be a positive duration but was \"0s\" (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --prometheus-token-file @EMPTY"
            + " | --prometheus-token-file @EMPTY is empty (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --prometheus-token-file @SPACED"
            + " | --prometheus-token-file @SPACED must hold one line without spaces: a bearer"
            + " token, or user:password (see 'sre4j gate --help')",
        "--prometheus @URL --config @CONFIG --prometheus-token-file @MISSING"
            + " | cannot read --prometheus-token-file @MISSING: no such file"
            + " (see 'sre4j gate --help')",
        "--prometheus @URL --config @MISSING    | cannot read config @MISSING: no such file",
      })
  void badUsageIsOneLineOnStderrAndExitCode2(String args, String message) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path spaced = Files.writeString(dir.resolve("spaced"), "Bearer abc\nsecond line\n");
    Map<String, String> paths =
        Map.of(
            "@CONFIG", config.toString(),
            "@URL", prometheus.url(),
            "@EMPTY", empty.toString(),
            "@SPACED", spaced.toString(),
            "@MISSING", dir.resolve("missing").toString());
    List<String> argv = new ArrayList<>(List.of("gate"));
    for (String arg : args.strip().split(" +")) {
      argv.add(paths.getOrDefault(arg, arg));
    }
    String expected = message.strip();
    for (Map.Entry<String, String> path : paths.entrySet()) {
      expected = expected.replace(path.getKey(), path.getValue());
    }

    Cli.Result result = Cli.run(argv.toArray(String[]::new));

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).containsExactly("sre4j gate: " + expected);
    assertThat(prometheus.queries).isEmpty();
  }
}
