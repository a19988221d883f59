package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.testing.ExternalTool;
import io.sre4j.core.testing.PrometheusServer;
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
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes two instances with different latency distributions and answers
 * the fleet's p99 per endpoint from the histogram buckets {@link SloMeterBinder} exports, through
 * the {@code sre4j-latency} records of {@link PrometheusRules}.
 *
 * <ul>
 *   <li>the fleet p99 from {@code histogram_quantile} lies in the bucket that holds the exact
 *       (nearest-rank) p99 of the two instances' samples combined: within the bucket resolution;
 *   <li>the fraction of requests at or under the latency SLO's threshold computed from the buckets
 *       equals the latency SLI exactly: as counts (integers) and as a ratio of rates.
 * </ul>
 *
 * <p>As in {@link PrometheusFleetEndToEndTest}, each instance serves exactly two scrapes, one
 * before its traffic and one after, then 503, so that {@code rate()} scales every series by the
 * same factor. The traffic's interval is closed by a manual clock before the second scrape.
 */
final class PrometheusFleetHistogramTest {

  private static final long MS = 1_000_000L;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration THRESHOLD = Duration.ofMillis(300);
  private static final SloSpec LATENCY =
      SloSpec.builder("fleet-latency").sli(Sli.latency(THRESHOLD)).objective("99%").build();
  private static final String ROUTE = "/api/orders/{id}";

  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** One instance: records {@code durations} between its first and second scrape. */
  static final class Instance implements AutoCloseable {
    final ManualClock clock = ManualClock.at(Instant.parse("2027-03-10T12:00:00Z"));
    final SloRegistry slos;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final HttpServer server;
    final AtomicInteger served = new AtomicInteger();

    Instance(String name, long[] durations) throws IOException {
      slos = SloRegistry.builder().service(name).manualTick().clock(clock).slo(LATENCY).build();
      Endpoint endpoint = slos.endpoint("GET", ROUTE);
      SloMeterBinder.builder(slos).refreshInterval(Duration.ZERO).build().bindTo(meters);
      meters.scrape(); // warm up, so that no scrape by Prometheus times out on class loading
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
              if (scrape == 1) { // the traffic, then its interval closes, before the second scrape
                for (long nanos : durations) {
                  endpoint.record(200, nanos);
                }
                clock.advance(Duration.ofSeconds(61));
                slos.tick();
              }
              served.incrementAndGet();
            }
          });
      server.start();
    }

    String target() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    SloStatus status() {
      return slos.status(LATENCY.name()).orElseThrow();
    }

    @Override
    public void close() {
      server.stop(0);
      meters.close();
      slos.close();
    }
  }

  /** a: 2,000 requests, uniform 1 to 200 ms. */
  static long[] fastInstance() {
    SplittableRandom random = new SplittableRandom(1);
    long[] out = new long[2000];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextLong(1 * MS, 200 * MS + 1);
    }
    return out;
  }

  /** b: 1,000 requests, 90 % uniform 10 to 250 ms, 10 % 250 to 600 ms; some exactly at 300 ms. */
  static long[] slowInstance() {
    SplittableRandom random = new SplittableRandom(2);
    long[] out = new long[1000];
    for (int i = 0; i < out.length; i++) {
      out[i] = i % 10 == 0 ? random.nextLong(250 * MS, 600 * MS + 1)
          : random.nextLong(10 * MS, 250 * MS + 1);
    }
    for (int i = 5; i < out.length; i += 100) {
      out[i] = THRESHOLD.toNanos(); // at the threshold: good, and at or under le="0.3"
    }
    out[7] = THRESHOLD.toNanos() + 1; // a nanosecond over: bad, and above le="0.3"
    return out;
  }

  @Test
  void fleetP99FromTheBucketsAndTheFractionUnderTheThresholdMatchTheSamples(@TempDir Path dir)
      throws Exception {
    Path prometheus = ExternalTool.require("prometheus");
    long[] a = fastInstance();
    long[] b = slowInstance();
    long[] all = new long[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    Arrays.sort(all);
    double exactP99 = all[(int) Math.ceil(0.99 * all.length) - 1] / 1e9; // nearest rank
    long atOrUnder = Arrays.stream(all).filter(n -> n <= THRESHOLD.toNanos()).count();

    PrometheusServer server = null;
    Path log = dir.resolve("prometheus.log");
    try (Instance ia = new Instance("a", a);
        Instance ib = new Instance("b", b)) {
      Files.writeString(dir.resolve("rules.yml"), PrometheusRules.defaults().render(List.of(LATENCY)));
      server = PrometheusServer.start(prometheus, dir, List.of(ia.target(), ib.target()));
      assertThat(poll(() -> ia.served.get() >= 2 && ib.served.get() >= 2))
          .as("both instances scraped twice; prometheus log:%n%s", Files.readString(log))
          .isTrue();
      int port = server.port();

      String buckets = SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKET;
      String count = SloMeterNames.PROMETHEUS_ENDPOINT_DURATION + "_count";
      assertThat(poll(() -> values(port, "sum(last_over_time(" + count + "[5m]))")
              .equals(List.of((double) all.length))))
          .as("both instances' second samples ingested; prometheus log:%n%s", Files.readString(log))
          .isTrue();

      // the fleet p99 from the recording rule, once evaluated over both instances' samples (the
      // rule's expression, queried directly, says when): in the bucket that holds the exact p99
      String p99Record = PrometheusRules.latencyRecord(99) + "{route=\"" + ROUTE + "\"}";
      String p99Expression = "histogram_quantile(0.99, sum by (le, method, route) ("
          + "rate(" + buckets + "{route=\"" + ROUTE + "\"}[5m])))";
      AtomicReference<List<Double>> p99 = new AtomicReference<>(List.of());
      assertThat(poll(() -> {
        p99.set(values(port, p99Record));
        return p99.get().size() == 1 && p99.get().equals(values(port, p99Expression));
      })).as("%s: %s; prometheus log:%n%s", p99Record, p99.get(), Files.readString(log)).isTrue();
      double fleetP99 = p99.get().get(0);
      List<Double> bounds = new ArrayList<>();
      for (var bound : ia.slos.endpointSnapshots().get(0).buckets().bounds()) {
        bounds.add(bound.toNanos() / 1e9);
      }
      double lower = 0;
      double upper = Double.POSITIVE_INFINITY;
      for (double bound : bounds) {
        if (bound < exactP99) {
          lower = bound;
        } else {
          upper = bound;
          break;
        }
      }
      System.out.printf("sre4j fleet p99: histogram_quantile %.6f s, exact p99 of the combined"
          + " samples %.6f s (bucket %s to %s s, %d requests)%n", fleetP99, exactP99, lower, upper,
          all.length);
      assertThat(fleetP99).isGreaterThan(lower).isLessThanOrEqualTo(upper);
      assertThat(exactP99).isGreaterThan(lower).isLessThanOrEqualTo(upper);

      // the fraction at or under the threshold, from the buckets, is the latency SLI
      long good = ia.status().totalValidEvents() - ia.status().totalBadEvents()
          + ib.status().totalValidEvents() - ib.status().totalBadEvents();
      long valid = ia.status().totalValidEvents() + ib.status().totalValidEvents();
      assertThat(good).isEqualTo(atOrUnder);
      assertThat(valid).isEqualTo(all.length);
      assertThat(values(port, "sum(last_over_time(" + buckets + "{le=\"0.3\"}[5m]))"))
          .containsExactly((double) good);
      assertThat(values(port, "sum(last_over_time(" + count + "[5m]))"))
          .containsExactly((double) valid);
      List<Double> fraction = values(port, "sum(rate(" + buckets + "{le=\"0.3\"}[5m]))"
          + " / sum(rate(" + count + "[5m]))");
      double sli = (double) good / valid;
      System.out.printf("sre4j fleet latency SLI: from the buckets %.12f, from the SLO %.12f%n",
          fraction.get(0), sli);
      assertThat(fraction).hasSize(1);
      assertThat(fraction.get(0)).isCloseTo(sli, within(1e-12));
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** Polls every 100 ms until {@code condition} holds or {@link #DEADLINE} passes. */
  static boolean poll(BooleanSupplier condition) throws InterruptedException {
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

  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[^,]+,\"([^\"]+)\"\\]");

  /** Runs an instant query; the value of each sample. */
  List<Double> values(int port, String query) {
    HttpResponse<String> response;
    try {
      response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                  + URLEncoder.encode(query, StandardCharsets.UTF_8)))
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
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<Double> out = new ArrayList<>();
    Matcher value = VALUE.matcher(response.body());
    while (value.find()) {
      out.add(Double.parseDouble(value.group(1)));
    }
    return out;
  }
}
