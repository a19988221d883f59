package io.sre4j.micrometer;

import static io.sre4j.micrometer.SloMeterNames.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.testing.ExternalTool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PrometheusScrapeTest {

  private static final long MS = 1_000_000L;

  private ManualClock clock;
  private SloRegistry slos;
  private PrometheusMeterRegistry prometheus;
  private SloMeterBinder binder;

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
                    .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                    .build())
            .build();
    Endpoint get = slos.endpoint("GET", "/api/orders/{id}");
    Endpoint post = slos.endpoint("POST", "/api/orders");
    for (int i = 0; i < 500; i++) {
      get.record(i % 50 == 0 ? 503 : 200, (i % 7 + 1) * 150 * MS);
      post.record(201, 40 * MS);
    }
    get.recordThrown(3 * MS);
    clock.advance(Duration.ofSeconds(61)); // one completed interval, one alert evaluation
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    binder = new SloMeterBinder(slos);
    binder.bindTo(prometheus);
  }

  @AfterEach
  void tearDown() {
    slos.close();
    prometheus.close();
  }

  @Test
  void scrapeNamesAreTheDocumentedPrometheusForms() {
    String scrape = prometheus.scrape();
    for (String name :
        List.of(
            PROMETHEUS_SLOS,
            PROMETHEUS_ENDPOINTS,
            PROMETHEUS_SLO_GOOD,
            PROMETHEUS_SLO_VALID,
            PROMETHEUS_SLO_OBJECTIVE,
            PROMETHEUS_SLO_SLI,
            PROMETHEUS_SLO_BUDGET_REMAINING,
            PROMETHEUS_SLO_BURN_RATE,
            PROMETHEUS_SLO_ALERT,
            PROMETHEUS_SLO_BUDGET_STATE,
            PROMETHEUS_ENDPOINT_REQUESTS,
            PROMETHEUS_ENDPOINT_LATENCY)) {
      assertThat(scrape).as(name).containsPattern("(?m)^" + Pattern.quote(name) + "[{ ]");
    }
    assertThat(scrape).contains("# TYPE " + PROMETHEUS_SLO_VALID + " counter");
    assertThat(scrape).contains("# TYPE " + PROMETHEUS_ENDPOINT_REQUESTS + " counter");
    assertThat(scrape).contains("# TYPE " + PROMETHEUS_ENDPOINT_LATENCY + " gauge");

    // 501 requests on GET (10 x 503, 1 thrown): availability counts GET and POST
    assertThat(value(scrape, PROMETHEUS_SLO_VALID, "slo=\"orders-availability\"")).isEqualTo(1001);
    assertThat(value(scrape, PROMETHEUS_SLO_GOOD, "slo=\"orders-availability\"")).isEqualTo(990);
    assertThat(value(scrape, PROMETHEUS_SLO_SLI, "slo=\"orders-latency\",window=\"month\""))
        .isBetween(0.0, 1.0);
    assertThat(
            value(
                scrape,
                PROMETHEUS_ENDPOINT_REQUESTS,
                "band=\"fast\",method=\"POST\",route=\"/api/orders\""))
        .isEqualTo(500);
    assertThat(
            value(
                scrape,
                PROMETHEUS_ENDPOINT_LATENCY,
                "method=\"POST\",percentile=\"p50\",route=\"/api/orders\""))
        .isCloseTo(0.04, org.assertj.core.api.Assertions.within(0.0001));
  }

  @Test
  void scrapePassesPromtoolCheckMetrics(@TempDir Path dir) {
    Path promtool = ExternalTool.require("promtool");
    String scrape = prometheus.scrape();
    ExternalTool.Result result =
        ExternalTool.run(dir, scrape, 60, promtool.toString(), "check", "metrics");
    assertThat(result.exitCode())
        .as("promtool check metrics:%n%s%n--- scrape ---%n%s", result.output(), scrape)
        .isZero();
  }

  @Test
  void laterScrapesFollowSlosAddedAndRemoved(@TempDir Path dir) {
    slos.register(SloSpec.builder("orders-checkout").objective("99.95%").build());
    slos.remove("orders-latency");
    clock.advance(Duration.ofSeconds(1));
    prometheus.scrape(); // this scrape's reads notice the change
    String scrape = prometheus.scrape();
    assertThat(scrape).contains("slo=\"orders-checkout\"").doesNotContain("slo=\"orders-latency\"");
    assertThat(value(scrape, PROMETHEUS_SLO_OBJECTIVE, "slo=\"orders-checkout\""))
        .isEqualTo(0.9995);
    if (ExternalTool.find("promtool").isPresent()) {
      ExternalTool.Result result =
          ExternalTool.run(
              dir, scrape, 60, ExternalTool.require("promtool").toString(), "check", "metrics");
      assertThat(result.exitCode()).as(result.output()).isZero();
    }
  }

  /** The value of the one sample of {@code name} whose labels are exactly {@code labels}. */
  private static double value(String scrape, String name, String labels) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)$")
            .matcher(scrape);
    assertThat(matcher.find()).as("%s{%s} in%n%s", name, labels, scrape).isTrue();
    return Double.parseDouble(matcher.group(1));
  }
}
