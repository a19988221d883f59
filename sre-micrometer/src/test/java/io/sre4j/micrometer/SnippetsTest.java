package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of this module, compiled and run (JDK 17 has no {@code @snippet}). */
final class SnippetsTest {

  @Test
  void meterBinderExample() {
    MeterRegistry meterRegistry = new SimpleMeterRegistry();
    MeterRegistry otherMeterRegistry = new SimpleMeterRegistry();
    // --- SloMeterBinder class comment ---
    SloRegistry slos =
        SloRegistry.builder()
            .service("orders")
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
            .build();
    new SloMeterBinder(slos).bindTo(meterRegistry);

    // or with tags on every meter and another refresh interval
    SloMeterBinder.builder(slos)
        .tags(Tags.of("application", "orders"))
        .refreshInterval(Duration.ofSeconds(5))
        .build()
        .bindTo(otherMeterRegistry);
    // ---
    assertThat(meterRegistry.get(SloMeterNames.DEFAULT_SLO_OBJECTIVE).gauge().value())
        .isEqualTo(0.999);
    assertThat(
            otherMeterRegistry
                .get(SloMeterNames.DEFAULT_SLO_OBJECTIVE)
                .tag("application", "orders")
                .gauge()
                .value())
        .isEqualTo(0.999);
    slos.close();
  }

  @Test
  void prometheusRulesExample(@TempDir Path dir) throws IOException {
    try (SloRegistry slos =
        SloRegistry.builder()
            .slo(SloSpec.builder("orders-availability").objective("99.9%").build())
            .manualTick()
            .build()) {
      // --- PrometheusRules class comment ---
      String yaml =
          PrometheusRules.builder()
              .runbookBaseUrl("https://wiki.example.com/runbooks/orders")
              .build()
              .render(slos.slos());
      // then: promtool check rules sre4j-rules.yml
      Files.writeString(dir.resolve("sre4j-rules.yml"), yaml);
      // ---
      assertThat(Files.readString(dir.resolve("sre4j-rules.yml")))
          .contains(
              "runbook_url: \"https://wiki.example.com/runbooks/orders/orders-availability\"");
    }
  }
}
