package io.sre4j.micrometer.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.micrometer.PrometheusRules;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules example of docs/prometheus.md, compiled and run. */
final class RulesExampleTest {

  @Test
  void theRulesFileLinksEachSloToItsRunbook(@TempDir java.nio.file.Path dir) throws java.io.IOException {
    try (io.sre4j.core.SloRegistry slos = io.sre4j.core.SloRegistry.builder()
        .slo(io.sre4j.core.SloSpec.builder("orders-availability").objective("99.9%").build())
        .manualTick()
        .build()) {
      // --- docs/prometheus.md ---
      String yaml = PrometheusRules.builder()
          .runbookBaseUrl("https://wiki.example.com/runbooks/orders")
          .build()
          .render(slos.slos());
      // then: promtool check rules sre4j-rules.yml
      Files.writeString(dir.resolve("sre4j-rules.yml"), yaml);
      // --- end ---
      assertThat(Files.readString(dir.resolve("sre4j-rules.yml")))
          .contains("runbook_url: \"https://wiki.example.com/runbooks/orders/orders-availability\"");
    }
  }
}
