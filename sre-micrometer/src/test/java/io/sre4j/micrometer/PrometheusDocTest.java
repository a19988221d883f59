package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The meter table of docs/prometheus.md against a real Prometheus scrape: every meter it lists is
 * exported under the Prometheus name it gives, and every sre4j meter exported is listed.
 */
final class PrometheusDocTest {

  private static final Pattern ROW = Pattern.compile("^\\| `(sre4j\\.[a-z.]+)` \\| `([a-z0-9_]+)` \\|", Pattern.MULTILINE);
  private static final Pattern SAMPLE = Pattern.compile("^(sre4j_[a-z0-9_]+)[{ ]", Pattern.MULTILINE);

  @Test
  void theMeterTableGivesTheNamesPrometheusScrapes() throws Exception {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(Files.readString(root().resolve("docs/prometheus.md")));
    while (row.find()) {
      // by Prometheus name: a function timer is two rows, its _count and its _sum
      documented.put(row.group(2), row.group(1));
    }
    assertThat(documented).hasSize(25);

    ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StructuredLog log = StructuredLog.builder().sink(LogSink.jsonLines(new ByteArrayOutputStream()))
            .shutdownHook(false).build();
        SloRegistry slos = SloRegistry.builder().manualTick().clock(clock)
            .stateFile(java.nio.file.Files.createTempDirectory("sre4j-doc").resolve("state"))
            .alertWebhook(java.net.URI.create("http://127.0.0.1:9/hook"))
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build()).build()) {
      Endpoint endpoint = slos.endpoint("GET", "/api/orders/{id}");
      endpoint.record(200, 1_000_000L);
      clock.advance(Duration.ofSeconds(61)); // one completed interval: percentiles and bands
      new SloMeterBinder(slos).bindTo(prometheus);
      new StructuredLogMeterBinder(log).bindTo(prometheus);
      String scrape = prometheus.scrape();
      Map<String, Boolean> exported = new LinkedHashMap<>();
      Matcher sample = SAMPLE.matcher(scrape);
      while (sample.find()) {
        exported.put(sample.group(1), true);
      }
      assertThat(exported.keySet()).as("scrape:%n%s", scrape)
          .containsExactlyInAnyOrderElementsOf(documented.keySet());
      assertThat(scrape).contains("# TYPE sre4j_endpoint_duration_seconds histogram");
      for (Map.Entry<String, String> meter : documented.entrySet()) {
        if (meter.getValue().equals(SloMeterNames.DEFAULT_ENDPOINT_DURATION)) {
          // on a Prometheus registry a collector of the Prometheus registry, not a Micrometer meter
          assertThat(prometheus.find(meter.getValue()).meters()).as(meter.getValue()).isEmpty();
          continue;
        }
        assertThat(prometheus.find(meter.getValue()).meters()).as(meter.getValue()).isNotEmpty();
      }
    } finally {
      prometheus.close();
    }
  }

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sre-core"))) {
        return dir;
      }
    }
    throw new AssertionError("the project's README.md not found above " + Path.of("").toAbsolutePath());
  }
}
