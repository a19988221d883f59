package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloRegistry.NotificationCounts;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import io.sre4j.core.log.StatusDocument;
import io.sre4j.core.testing.Await;
import io.sre4j.core.testing.HttpReceiver;
import io.sre4j.core.testing.HttpReceiver.Request;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The alert notifier against small HTTP servers in the test: what Alertmanager and a webhook
 * receive, resends on the registry's clock, and what each failure is counted as.
 */
final class AlertNotifierTest {

  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  static SloRegistry.Builder registry(ManualClock clock) {
    return SloRegistry.builder()
        .service("orders")
        .clock(clock)
        .manualTick()
        .slo(SloSpec.builder("checkout").objective("99.9%").build())
        .alertRules(List.of(new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4)))
        .alertBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  /** 200 requests, half failing, then a tick 10 s later: the page fires. */
  static void burn(SloRegistry registry, ManualClock clock) {
    Endpoint endpoint = registry.endpoint("POST", "/checkout");
    for (int i = 0; i < 200; i++) {
      endpoint.record(i % 2 == 0 ? 500 : 200, 1_000_000);
    }
    clock.advance(Duration.ofSeconds(10));
    registry.tick();
    assertThat(registry.status("checkout").orElseThrow().firing()).containsExactly("page");
  }

  /** Six minutes without traffic, ticking every 10 s: the 5-minute window empties; resolved. */
  static void recover(SloRegistry registry, ManualClock clock) {
    for (int i = 0; i < 36; i++) {
      clock.advance(Duration.ofSeconds(10));
      registry.tick();
    }
    assertThat(registry.status("checkout").orElseThrow().firing()).isEmpty();
  }

  private static NotificationCounts counts(SloRegistry registry, String target) {
    return registry.notificationCounts().stream().filter(c -> c.target().equals(target))
        .findFirst().orElseThrow();
  }

  @Test
  void alertmanagerAndWebhookReceiveTheFiringThenTheResolvedAlert() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver alertmanager = HttpReceiver.start(); HttpReceiver hook = HttpReceiver.start();
        SloRegistry registry = registry(clock)
            .alertmanagers(List.of(URI.create(alertmanager.url() + "/prefix")))
            .alertWebhook(URI.create(hook.url() + "/hook"))
            .alertLabels(Map.of("team", "payments", "instance", "orders-1"))
            .alertRunbook("https://runbooks.example.com/{slo}")
            .build()) {
      burn(registry, clock);
      Instant fired = START.plus(Duration.ofSeconds(10));

      Request posted = alertmanager.next(WAIT);
      assertThat(posted.method()).isEqualTo("POST");
      assertThat(posted.path()).isEqualTo("/prefix/api/v2/alerts");
      JsonNode alert = JSON.readTree(posted.body()).get(0);
      assertThat(fields(alert.get("labels"))).containsExactlyEntriesOf(new TreeMap<>(Map.of(
          "alertname", "SloErrorBudgetBurn", "service", "orders", "slo", "checkout",
          "severity", "page", "long_window", "1h", "short_window", "5m",
          "instance", "orders-1", "team", "payments")));
      assertThat(alert.get("annotations").get("summary").asText())
          .isEqualTo("SLO checkout is burning its error budget too fast (page)");
      assertThat(alert.get("annotations").get("description").asText())
          .isEqualTo("Burn rate 500 over 1h and 500 over 5m (page at 14.4); -49900.0% of the error"
              + " budget left.");
      assertThat(alert.get("annotations").get("runbook_url").asText())
          .isEqualTo("https://runbooks.example.com/checkout");
      assertThat(alert.get("startsAt").asText()).isEqualTo(fired.toString());
      assertThat(alert.get("endsAt").asText()).isEqualTo(fired.plus(Duration.ofMinutes(4)).toString());

      Request firing = hook.next(WAIT);
      assertThat(firing.path()).isEqualTo("/hook");
      assertThat(firing.header("Content-Type")).isEqualTo("application/json");
      assertThat(firing.header("Authorization")).isNull();
      JsonNode body = JSON.readTree(firing.body());
      String key = "orders/checkout/page/" + fired.toEpochMilli() + "/firing";
      assertThat(firing.header("Idempotency-Key")).isEqualTo(key);
      assertThat(body.get("type").asText()).isEqualTo("alert");
      assertThat(body.get("idempotency_key").asText()).isEqualTo(key);
      assertThat(body.get("service").asText()).isEqualTo("orders");
      assertThat(body.get("slo").asText()).isEqualTo("checkout");
      assertThat(body.get("severity").asText()).isEqualTo("page");
      assertThat(body.get("state").asText()).isEqualTo("firing");
      assertThat(body.get("time").asText()).isEqualTo(fired.toString());
      assertThat(body.get("since").asText()).isEqualTo(fired.toString());
      assertThat(body.get("burn_rates").get(0).get("long_window").asText()).isEqualTo("1h");
      assertThat(body.get("burn_rates").get(0).get("long_burn_rate").asDouble()).isCloseTo(500.0, within(1e-6));
      assertThat(body.get("burn_rates").get(0).get("holds").asBoolean()).isTrue();
      assertThat(body.get("budget_remaining").asDouble()).isCloseTo(-499.0, within(1e-6));
      assertThat(body.get("exhaustion_forecast").isNull()).isTrue();
      assertThat(body.get("runbook").asText()).isEqualTo("https://runbooks.example.com/checkout");
      assertThat(body.get("instance").asText()).isEqualTo("orders-1");
      assertThat(body.get("labels").get("team").asText()).isEqualTo("payments");

      // resent to Alertmanager a minute later on the registry's clock, not to the webhook
      for (int i = 0; i < 6; i++) {
        clock.advance(Duration.ofSeconds(10));
        registry.tick();
      }
      JsonNode resent = JSON.readTree(alertmanager.next(WAIT).body()).get(0);
      assertThat(resent.get("startsAt").asText()).isEqualTo(fired.toString());
      assertThat(resent.get("endsAt").asText())
          .isEqualTo(fired.plus(Duration.ofMinutes(5)).toString());

      recover(registry, clock);
      JsonNode resolvedHook = JSON.readTree(hook.next(WAIT).body());
      assertThat(resolvedHook.get("state").asText()).isEqualTo("resolved");
      assertThat(resolvedHook.get("since").asText()).isEqualTo(fired.toString());
      Instant resolved = Instant.parse(resolvedHook.get("time").asText());
      assertThat(resolved).isAfter(fired.plus(Duration.ofMinutes(4))).isBefore(clock.instant());
      assertThat(resolvedHook.get("idempotency_key").asText())
          .isEqualTo("orders/checkout/page/" + fired.toEpochMilli() + "/resolved");

      JsonNode last = null;
      for (Request request = alertmanager.poll(WAIT); request != null;
          request = alertmanager.poll(Duration.ofMillis(200))) {
        last = JSON.readTree(request.body()).get(0);
      }
      assertThat(last).isNotNull();
      assertThat(last.get("endsAt").asText()).isEqualTo(resolved.toString());
      assertThat(last.get("labels").get("long_window").asText()).isEqualTo("1h");
      assertThat(last.get("annotations").get("description").asText()).startsWith("Resolved; ");

      assertThat(hook.poll(Duration.ofMillis(200))).isNull();

      Await.until("all sent", WAIT, () -> counts(registry, "webhook").sent() == 2);
      assertThat(counts(registry, "webhook")).isEqualTo(new NotificationCounts("webhook", 2, 0, 0, 0));
      assertThat(counts(registry, "alertmanager").sent()).isEqualTo(registry.notificationCounts()
          .get(0).sent());
      assertThat(registry.notificationCounts()).extracting(NotificationCounts::target)
          .containsExactly("alertmanager", "webhook");
    }
  }

  @Test
  void anAlertFiringAcrossARestartIsSentAgainAtTheFirstTick(@TempDir Path dir) throws Exception {
    ManualClock clock = ManualClock.at(START);
    Path state = dir.resolve("orders.state");
    try (SloRegistry before = registry(clock).stateFile(state).build()) {
      burn(before, clock);
    }
    try (HttpReceiver alertmanager = HttpReceiver.start();
        SloRegistry after = registry(clock).stateFile(state)
            .alertmanagers(List.of(URI.create(alertmanager.url()))).build()) {
      assertThat(after.status("checkout").orElseThrow().firing()).containsExactly("page");
      JsonNode alert = JSON.readTree(alertmanager.next(WAIT).body()).get(0);
      assertThat(alert.get("startsAt").asText())
          .isEqualTo(START.plus(Duration.ofSeconds(10)).toString());
      assertThat(alert.get("labels").get("long_window").asText()).isEqualTo("1h");
      assertThat(alert.get("annotations").get("description").asText())
          .isEqualTo("Firing since 2026-12-01T08:00:10Z (restored from the state file).");
    }
  }

  @Test
  void theWebhookGetsTheBearerTokenOfTheTokenFile(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cr3t\n");
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver hook = HttpReceiver.start();
        SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url()))
            .alertWebhookTokenFile(token).build()) {
      burn(registry, clock);
      assertThat(hook.next(WAIT).header("Authorization")).isEqualTo("Bearer s3cr3t");
    }
  }

  @Test
  void aMissingTokenFileFailsTheNotificationNotTheStartUp(@TempDir Path dir) throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver hook = HttpReceiver.start()) {
      SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url()))
          .alertWebhookTokenFile(dir.resolve("missing")).build();
      burn(registry, clock);
      Await.until("failed", WAIT, () -> counts(registry, "webhook").failed() == 1);
      registry.close();
      assertThat(hook.received()).isZero();
      assertThat(counts(registry, "webhook")).isEqualTo(new NotificationCounts("webhook", 0, 0, 1, 0));
    }
  }

  @Test
  void a500IsRetriedUntilTheTargetAccepts() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver hook = HttpReceiver.start().answer(500, "busy");
        SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url())).build()) {
      burn(registry, clock);
      hook.next(WAIT);
      hook.next(WAIT);
      hook.answer(200, "");
      Await.until("sent after retries", WAIT, () -> counts(registry, "webhook").sent() == 1);
      NotificationCounts counts = counts(registry, "webhook");
      assertThat(counts.retried()).isEqualTo(hook.received() - 1L).isPositive();
      assertThat(counts.failed()).isZero();
      assertThat(counts.dropped()).isZero();
      System.out.println("500 then 200: " + counts);
    }
  }

  @Test
  void a400IsNotRetried() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver hook = HttpReceiver.start().answer(400, "bad alert: no slo\nsecond line")) {
      SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url())).build();
      burn(registry, clock);
      Await.until("failed", WAIT, () -> counts(registry, "webhook").failed() == 1);
      registry.close();
      assertThat(hook.received()).isEqualTo(1);
      assertThat(counts(registry, "webhook")).isEqualTo(new NotificationCounts("webhook", 0, 0, 1, 0));
      System.out.println("400: " + counts(registry, "webhook"));
    }
  }

  @Test
  void aTargetFailingPastRetryForIsDropped() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver hook = HttpReceiver.start().answer(503, "down")) {
      SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url()))
          .alertRetryFor(Duration.ofSeconds(1)).build();
      burn(registry, clock);
      Await.until("dropped", WAIT, () -> counts(registry, "webhook").dropped() == 1);
      registry.close();
      NotificationCounts counts = counts(registry, "webhook");
      assertThat(counts.sent()).isZero();
      assertThat(counts.retried()).isEqualTo(hook.received() - 1L).isPositive();
      System.out.println("503 past retry-for: " + counts);
    }
  }

  @Test
  void aTargetThatRefusesConnectionsIsRetried() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    ManualClock clock = ManualClock.at(START);
    try (SloRegistry registry = registry(clock)
        .alertmanagers(List.of(URI.create("http://127.0.0.1:" + closedPort))).build()) {
      burn(registry, clock);
      Await.until("retried", WAIT, () -> counts(registry, "alertmanager").retried() >= 2);
    }
  }

  @Test
  @Timeout(120)
  void aHangingTargetNeverHoldsTheTickOrRequests() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver alertmanager = HttpReceiver.start().hang()) {
      SloRegistry registry = registry(clock)
          .alertmanagers(List.of(URI.create(alertmanager.url()))).alertResend(Duration.ofSeconds(10))
          .build();
      burn(registry, clock);
      alertmanager.next(WAIT); // the sender waits on it now
      Endpoint endpoint = registry.endpoint("POST", "/checkout");
      for (int i = 0; i < 100; i++) { // each tick queues a resend, behind the hanging one
        endpoint.record(500, 1_000_000);
        clock.advance(Duration.ofSeconds(10));
        registry.tick();
        registry.evaluate();
      }
      assertThat(registry.status("checkout").orElseThrow().totalValidEvents()).isEqualTo(300);
      assertThat(alertmanager.received()).isEqualTo(1);
      alertmanager.release();
      registry.close();
      NotificationCounts counts = counts(registry, "alertmanager");
      assertThat(counts.sent() + counts.dropped()).isEqualTo(101);
      System.out.println("hanging target, then released and closed: " + counts);
    }
  }

  @Test
  void aFullQueueDropsAndCounts() throws Exception {
    try (HttpReceiver hook = HttpReceiver.start().hang();
        AlertSender sender = new AlertSender("orders", Duration.ofMinutes(1), Duration.ofMillis(10),
            Duration.ofMillis(10), new Diagnostics())) {
      URI uri = URI.create(hook.url());
      for (int i = 0; i < AlertSender.CAPACITY + 5; i++) {
        sender.offer(new AlertSender.Delivery(AlertSender.WEBHOOK, uri, "{}", Map.of(), null,
            System.nanoTime()));
      }
      assertThat(sender.count(AlertSender.WEBHOOK, "dropped")).isEqualTo(5);
      hook.release();
    }
  }

  @Test
  void theCountsAreInTheStatusDocumentAndTheReports() throws Exception {
    ManualClock clock = ManualClock.at(START);
    List<SliReport> reports = new ArrayList<>();
    try (HttpReceiver hook = HttpReceiver.start();
        SloRegistry registry = registry(clock).alertWebhook(URI.create(hook.url()))
            .listener(event -> {
              if (event instanceof SliReport report) {
                reports.add(report);
              }
            }).build()) {
      burn(registry, clock);
      Await.until("sent", WAIT, () -> counts(registry, "webhook").sent() == 1);
      assertThat(JSON.readTree(StatusDocument.status(registry, Map.of())).get("notifications")
          .toString()).isEqualTo("{\"webhook\":{\"sent\":1,\"retried\":0,\"failed\":0,\"dropped\":0}}");
      clock.advance(Duration.ofMinutes(1));
      registry.tick();
      assertThat(reports).last().extracting(SliReport::notifications)
          .isEqualTo(List.of(new NotificationCounts("webhook", 1, 0, 0, 0)));
    }
  }

  @Test
  void withoutTargetsThereAreNoCounts() {
    try (SloRegistry registry = registry(ManualClock.at(START)).build()) {
      assertThat(registry.notificationCounts()).isEmpty();
      assertThat(StatusDocument.status(registry, Map.of())).doesNotContain("notifications");
    }
  }

  @Test
  void theForecastIsTheEventsOneHourForecastOfTheSloStatus() {
    SloStatus.BurnRate hour = new SloStatus.BurnRate(Duration.ofHours(1), 1_000, 100, 10);
    SloStatus.BurnRate sixHours = new SloStatus.BurnRate(Duration.ofHours(6), 6_000, 60, 1);
    List<SloStatus.Exhaustion> forecasts = List.of(
        new SloStatus.Exhaustion(hour, java.util.Optional.of(Duration.ofHours(36))),
        new SloStatus.Exhaustion(sixHours, java.util.Optional.empty()));
    SloEvent.AlertEvent event = new SloEvent.AlertEvent(START, "orders", "checkout", "page", true,
        START, List.of(), 0.5, forecasts);
    assertThat(AlertNotifier.forecast(event)).isEqualTo(Duration.ofHours(36));
    SloEvent.AlertEvent slower = new SloEvent.AlertEvent(START, "orders", "checkout", "page", true,
        START, List.of(), 0.5, List.of(forecasts.get(1), new SloStatus.Exhaustion(hour,
            java.util.Optional.empty())));
    assertThat(AlertNotifier.forecast(slower)).as("none at the burn of the last hour").isNull();
    assertThat(AlertNotifier.forecast(new SloEvent.AlertEvent(START, "orders", "checkout", "page",
        true, START, List.of()))).as("an event without forecasts").isNull();
  }

  @Test
  void theSettingsFromPropertiesReachTheRegistry() throws Exception {
    ManualClock clock = ManualClock.at(START);
    try (HttpReceiver alertmanager = HttpReceiver.start(); HttpReceiver second = HttpReceiver.start()) {
      Sre4jConfig config = Sre4jConfig.from(Map.of(
          "alert.alertmanager", alertmanager.url() + ", " + second.url(),
          "alert.labels", "team=payments, tier=1",
          "alert.runbook", "https://runbooks.example.com/orders#{slo}",
          "alert.resend", "30s",
          "alert.retry-for", "1m"));
      try (SloRegistry registry = config.applyTo(registry(clock)).build()) {
        burn(registry, clock);
        for (HttpReceiver receiver : List.of(alertmanager, second)) {
          JsonNode alert = JSON.readTree(receiver.next(WAIT).body()).get(0);
          assertThat(alert.get("labels").get("team").asText()).isEqualTo("payments");
          assertThat(alert.get("labels").get("tier").asText()).isEqualTo("1");
          assertThat(alert.get("annotations").get("runbook_url").asText())
              .isEqualTo("https://runbooks.example.com/orders#checkout");
          assertThat(alert.get("endsAt").asText())
              .isEqualTo(START.plus(Duration.ofSeconds(10 + 120)).toString());
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "alert.alertmanager|ftp://am:9093|alert.alertmanager must be an absolute http(s) URL such as http://alertmanager:9093, without user info, query or fragment but was \"ftp://am:9093\"",
      "alert.alertmanager|http://am:9093,http://u:p@am2:9093|alert.alertmanager must be an absolute http(s) URL such as http://alertmanager:9093, without user info, query or fragment but was \"http://u:p@am2:9093\"",
      "alert.webhook|https://hooks.example.com/x?token=1|alert.webhook must be an absolute http(s) URL such as https://hooks.example.com/sre4j, without user info, query or fragment but was \"https://hooks.example.com/x?token=1\"",
      "alert.labels|team|alert.labels must be name=value pairs separated by commas, names matching [a-zA-Z_][a-zA-Z0-9_]* and not alertname, service, slo, severity, long_window or short_window but was \"team\"",
      "alert.labels|team-name=x|alert.labels must be name=value pairs separated by commas, names matching [a-zA-Z_][a-zA-Z0-9_]* and not alertname, service, slo, severity, long_window or short_window but was \"team-name=x\"",
      "alert.labels|severity=low|alert.labels must be name=value pairs separated by commas, names matching [a-zA-Z_][a-zA-Z0-9_]* and not alertname, service, slo, severity, long_window or short_window but was \"severity=low\"",
      "alert.labels|__name__=x|alert.labels must be name=value pairs separated by commas, names matching [a-zA-Z_][a-zA-Z0-9_]* and not alertname, service, slo, severity, long_window or short_window but was \"__name__=x\"",
      "alert.runbook|runbooks/orders|alert.runbook must be an absolute http(s) URL such as https://runbooks.example.com/{slo} but was \"runbooks/orders\"",
      "alert.resend|5s|alert.resend must be between 10s and 1h but was \"5s\"",
      "alert.retry-for|2d|alert.retry-for must be between 1s and 1d but was \"2d\"",
  })
  void badSettingsAreRejectedNamingTheValue(String key, String value, String message) {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  private static Map<String, String> fields(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.properties().forEach(field -> out.put(field.getKey(), field.getValue().asText()));
    return out;
  }
}
