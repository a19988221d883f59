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
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code PROMETHEUS_*} name of {@link SloMeterNames} is a name a real Prometheus scrape
 * exports (with the Micrometer version the build runs), and the log's counters are scraped as
 * {@code sre4j_log_lines_dropped_total} and {@code sre4j_log_lines_written_total}, without a unit
 * appended.
 */
final class PrometheusNamesTest {

  private static final Pattern SAMPLE =
      Pattern.compile("^(sre4j_[a-z0-9_]+?)(_bucket|_count|_sum|_max)?[{ ]", Pattern.MULTILINE);

  @Test
  void everyPrometheusNameConstantIsAnExportedName() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (StructuredLog log = StructuredLog.builder()
            .sink(LogSink.jsonLines(new ByteArrayOutputStream())).shutdownHook(false).build();
        SloRegistry slos = SloRegistry.builder().manualTick().clock(clock)
            .stateFile(Files.createTempDirectory("sre4j-names").resolve("state"))
            .alertWebhook(java.net.URI.create("http://127.0.0.1:9/hook"))
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build()).build()) {
      Endpoint endpoint = slos.endpoint("GET", "/api/orders/{id}");
      endpoint.record(200, 1_000_000L);
      clock.advance(Duration.ofSeconds(61));
      new SloMeterBinder(slos).bindTo(prometheus);
      new StructuredLogMeterBinder(log).bindTo(prometheus);
      String scrape = prometheus.scrape();
      Set<String> exported = new TreeSet<>();
      Matcher sample = SAMPLE.matcher(scrape);
      while (sample.find()) {
        exported.add(sample.group(1));
        if ("_bucket".equals(sample.group(2))) {
          exported.add(sample.group(1) + sample.group(2)); // the histogram's bucket series
        }
      }

      assertThat(exported).as("scrape:%n%s", scrape)
          .contains("sre4j_log_lines_dropped_total", "sre4j_log_lines_written_total")
          .doesNotContain("sre4j_log_lines_dropped_lines_total",
              "sre4j_log_lines_written_lines_total");
      // the bucket counters are the fallback of registries other than PrometheusMeterRegistry
      // (such as the simpleclient one): here the histogram replaces them
      List<String> constants = constants();
      constants.remove(SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKETS);
      assertThat(exported).as("scrape:%n%s", scrape)
          .doesNotContain(SloMeterNames.PROMETHEUS_ENDPOINT_DURATION_BUCKETS)
          .containsAll(constants);
    } finally {
      prometheus.close();
    }
  }

  private static List<String> constants() throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : SloMeterNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("PROMETHEUS_")
          && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    assertThat(names).hasSizeGreaterThanOrEqualTo(18);
    return names;
  }
}
