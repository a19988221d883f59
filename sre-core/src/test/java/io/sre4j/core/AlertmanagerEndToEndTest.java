package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.testing.AlertmanagerServer;
import io.sre4j.core.testing.Await;
import io.sre4j.core.testing.HttpReceiver;
import io.sre4j.core.testing.HttpReceiver.Request;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier against a real Alertmanager ({@code prometheus-alertmanager}; skipped when it is
 * missing, failed under {@code CI=true}) whose receiver is a webhook in the test: a registry on a
 * manual clock goes through a fast burn and recovers; the webhook gets the firing notification,
 * grouped by {@code slo}, then the resolved one.
 *
 * <p>The manual clock starts ten minutes before the real time, because Alertmanager judges {@code
 * endsAt} on its own clock: the alert fires in the past but is valid for four resend periods (an
 * hour here) and resolves five minutes later, still in the past, so Alertmanager resolves it at
 * once.
 */
final class AlertmanagerEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ManualClock clockTenMinutesAgo() {
    return ManualClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10)));
  }

  private static SloRegistry.Builder registry(ManualClock clock, String alertmanager) {
    return AlertNotifierTest.registry(clock)
        .alertmanagers(List.of(URI.create(alertmanager)))
        .alertLabels(Map.of("team", "payments", "instance", "orders-1"))
        .alertRunbook("https://runbooks.example.com/{slo}")
        .alertResend(Duration.ofMinutes(15));
  }

  @Test
  @Timeout(180)
  void aFastBurnReachesTheWebhookGroupedBySloThenResolves(@TempDir Path dir) throws Exception {
    Path binary = AlertmanagerServer.binary();
    try (HttpReceiver webhook = HttpReceiver.start();
        AlertmanagerServer alertmanager = AlertmanagerServer.start(binary, dir,
            webhook.url() + "/alertmanager", AlertmanagerServer.freePort())) {
      ManualClock clock = clockTenMinutesAgo();
      try (SloRegistry registry = registry(clock, alertmanager.url()).build()) {
        long event = System.nanoTime();
        AlertNotifierTest.burn(registry, clock);
        Request firing = webhook.next(WAIT);
        double delayMillis = (firing.receivedNanos() - event) / 1e6;
        System.out.printf("delivery delay, alert event to webhook receipt through Alertmanager"
            + " (group_wait 0s): %.0f ms%n", delayMillis);

        JsonNode notification = JSON.readTree(firing.body());
        assertThat(notification.get("status").asText()).isEqualTo("firing");
        assertThat(fields(notification.get("groupLabels"))).isEqualTo(Map.of("slo", "checkout"));
        assertThat(notification.get("alerts")).hasSize(1);
        JsonNode alert = notification.get("alerts").get(0);
        assertThat(fields(alert.get("labels"))).isEqualTo(new TreeMap<>(Map.of(
            "alertname", "SloErrorBudgetBurn", "service", "orders", "slo", "checkout",
            "severity", "page", "long_window", "1h", "short_window", "5m",
            "instance", "orders-1", "team", "payments")));
        assertThat(alert.get("annotations").get("runbook_url").asText())
            .isEqualTo("https://runbooks.example.com/checkout");
        assertThat(Instant.parse(alert.get("startsAt").asText()))
            .isEqualTo(clock.instant());

        AlertNotifierTest.recover(registry, clock);
        JsonNode resolved = JSON.readTree(webhook.next(WAIT).body());
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(fields(resolved.get("groupLabels"))).isEqualTo(Map.of("slo", "checkout"));
        assertThat(resolved.get("alerts").get(0).get("labels").get("severity").asText())
            .isEqualTo("page");
        Await.until("both sent", WAIT, () -> registry.notificationCounts().get(0).sent() == 2);
        assertThat(registry.notificationCounts())
            .containsExactly(new SloRegistry.NotificationCounts("alertmanager", 2, 0, 0, 0));
      }
    }
  }

  @Test
  @Timeout(180)
  void anAlertmanagerStartedLateStillGetsTheAlert(@TempDir Path dir) throws Exception {
    Path binary = AlertmanagerServer.binary();
    int port = AlertmanagerServer.freePort();
    try (HttpReceiver webhook = HttpReceiver.start()) {
      ManualClock clock = clockTenMinutesAgo();
      try (SloRegistry registry = registry(clock, "http://127.0.0.1:" + port)
          .alertBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).build()) {
        AlertNotifierTest.burn(registry, clock);
        Await.until("a refused connection retried", WAIT,
            () -> registry.notificationCounts().get(0).retried() >= 1);
        // the tick goes on meanwhile
        for (int i = 0; i < 6; i++) {
          clock.advance(Duration.ofSeconds(10));
          registry.tick();
        }
        try (AlertmanagerServer alertmanager =
            AlertmanagerServer.start(binary, dir, webhook.url() + "/alertmanager", port)) {
          assertThat(alertmanager.url()).endsWith(":" + port);
          JsonNode notification = JSON.readTree(webhook.next(WAIT).body());
          assertThat(notification.get("status").asText()).isEqualTo("firing");
          assertThat(notification.get("alerts").get(0).get("labels").get("slo").asText())
              .isEqualTo("checkout");
          Await.until("sent", WAIT, () -> registry.notificationCounts().get(0).sent() == 1);
          SloRegistry.NotificationCounts counts = registry.notificationCounts().get(0);
          assertThat(counts.dropped()).isZero();
          System.out.println("Alertmanager down at first, started later: " + counts);
        }
      }
    }
  }

  private static Map<String, String> fields(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.properties().forEach(field -> out.put(field.getKey(), field.getValue().asText()));
    return out;
  }
}
