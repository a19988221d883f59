package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sre4j.core.testing.ExternalTool;
import io.sre4j.core.testing.PrometheusServer;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server on loopback scrapes two instrumented instances with different error
 * rates, evaluates the generated rules, and judges the fleet as one service: its error ratio is the
 * combined ratio of both instances, not the mean of their ratios.
 *
 * <p>Exactness: each instance serves exactly two successful scrapes, one before its traffic (every
 * counter at 0) and one after, then answers 503. Over a range that holds both samples, Prometheus'
 * {@code rate()} does not extrapolate below a counter's zero and, once the last sample is older
 * than 1.1 scrape intervals, extrapolates by half the sample spacing at the end: the same factor
 * (1.5) for every series of both instances, so the ratio of sums is exact up to float rounding.
 */
final class PrometheusFleetEndToEndTest {

  private static final long MS = 1_000_000L;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private static final List<SloSpec> SLOS =
      List.of(
          SloSpec.builder("fleet-availability").objective("99.9%").build(),
          SloSpec.builder("fleet-latency")
              .sli(Sli.latency(Duration.ofMillis(100)))
              .objective("99%")
              .build());

  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** One instrumented instance: an SLO registry, its meters, and a /metrics endpoint. */
  private static final class Instance implements AutoCloseable {
    final SloRegistry slos;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpServer server;
    final AtomicInteger served = new AtomicInteger();

    Instance(String name, int requests, int failures, int slow) throws IOException {
      slos = SloRegistry.builder().service(name).manualTick().build();
      SLOS.forEach(slos::register);
      Endpoint endpoint = slos.endpoint("GET", "/api/orders/{id}");
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      meters.scrape(); // warm up, so that no scrape by Prometheus times out (1 s) on class loading
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            try (exchange) {
              int scrape = served.get() + 1;
              if (scrape > 2) {
                exchange.sendResponseHeaders(503, -1); // freeze the samples at two
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
              if (scrape == 1) { // the traffic lands between the first and the second scrape
                for (int i = 0; i < requests; i++) {
                  boolean failed = i < failures;
                  boolean isSlow = !failed && i < failures + slow;
                  endpoint.record(failed ? 500 : 200, (isSlow ? 300 : 20) * MS);
                }
              }
              served.incrementAndGet();
            }
          });
      server.start();
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
  void prometheusJudgesTheFleetAsOneService(@TempDir Path dir) throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    PrometheusServer server = null;
    Path log = dir.resolve("prometheus.log");
    // a: 1 % failures, 10 % of successes slow; b: 10 % failures, 1 % of successes slow
    try (Instance a = new Instance("a", 1000, 10, 99);
        Instance b = new Instance("b", 3000, 300, 27)) {
      Files.writeString(dir.resolve("rules.yml"), PrometheusRules.defaults().render(SLOS));
      server = PrometheusServer.start(prometheus, dir, List.of(a.target(), b.target()));

      assertThat(poll(() -> a.served.get() >= 2 && b.served.get() >= 2))
          .as("both instances scraped twice; prometheus log:%n%s", Files.readString(log))
          .isTrue();

      Map<String, Double> expected = new HashMap<>();
      for (SloSpec slo : SLOS) {
        SloStatus sa = a.status(slo.name());
        SloStatus sb = b.status(slo.name());
        expected.put(
            slo.name(),
            (double) (sa.totalBadEvents() + sb.totalBadEvents())
                / (sa.totalValidEvents() + sb.totalValidEvents()));
      }
      // by hand: (10 + 300) / 4000 failures; (99 + 27) / (990 + 2700) slow successes
      assertThat(expected.get("fleet-availability")).isCloseTo(310.0 / 4000, within(1e-15));
      assertThat(expected.get("fleet-latency")).isCloseTo(126.0 / 3690, within(1e-15));

      String record = PrometheusRules.errorRatioRecord(Duration.ofMinutes(5));
      int apiPort = server.port();
      AtomicReference<Map<String, Double>> last = new AtomicReference<>(Map.of());
      boolean matched =
          poll(
              () -> {
                Map<String, Double> fleet = queryBySlo(apiPort, record);
                last.set(fleet);
                return SLOS.stream()
                    .allMatch(
                        slo ->
                            fleet.containsKey(slo.name())
                                && Math.abs(fleet.get(slo.name()) - expected.get(slo.name()))
                                    < 1e-9);
              });
      assertThat(matched)
          .as(
              "fleet error ratio %s, expected %s; prometheus log:%n%s",
              last.get(), expected, Files.readString(log))
          .isTrue();

      // the fleet is one service: not the mean of the instances' ratios (5.5 % and 2.2 %)
      double meanOfRatios = (10.0 / 1000 + 300.0 / 3000) / 2;
      assertThat(Math.abs(last.get().get("fleet-availability") - meanOfRatios)).isGreaterThan(0.02);

      // the budget over the 30-day window reads the same counters
      Map<String, Double> budget = queryBySlo(apiPort, PrometheusRules.BUDGET_REMAINING_RECORD);
      for (SloSpec slo : SLOS) {
        assertThat(budget.get(slo.name()))
            .as(slo.name())
            .isCloseTo(1 - expected.get(slo.name()) / (1 - slo.objective()), within(1e-6));
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
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

  private static final Pattern SAMPLE =
      Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,]+,\"([^\"]+)\"\\]\\}");
  private static final Pattern SLO_LABEL = Pattern.compile("\"slo\":\"([^\"]+)\"");

  /** Runs an instant query; the value of each sample by its {@code slo} label. */
  private Map<String, Double> queryBySlo(int port, String query) {
    HttpResponse<String> response =
        get(port, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, Double> out = new HashMap<>();
    Matcher sample = SAMPLE.matcher(response.body());
    List<String> unlabelled = new ArrayList<>();
    while (sample.find()) {
      Matcher slo = SLO_LABEL.matcher(sample.group(1));
      if (slo.find()) {
        out.put(slo.group(1), Double.parseDouble(sample.group(2)));
      } else {
        unlabelled.add(sample.group());
      }
    }
    assertThat(unlabelled).as("samples without an slo label").isEmpty();
    return out;
  }

}
