package io.sre4j.core.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notifier example of docs/alerting.md, compiled and run. */
final class AlertingExampleTest {

  @Test
  void aRegistryThatSendsItsAlertsToAlertmanager() {
    // --- docs/alerting.md ---
    SloRegistry registry = SloRegistry.builder()
        .service("payments")
        .slo(SloSpec.builder("checkout").objective("99.9%").build())
        .alertmanagers(List.of(URI.create("http://alertmanager-0:9093")))
        .alertLabels(Map.of("team", "payments"))
        .alertRunbook("https://runbooks.example.com/payments/{slo}")
        .alertResend(Duration.ofMinutes(1))
        .build();
    // --- end ---
    try (registry) {
      assertThat(registry.notificationCounts())
          .containsExactly(new SloRegistry.NotificationCounts("alertmanager", 0, 0, 0, 0));
    }
  }
}
