package io.sre4j.core;

import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.event.SloEvent.AlertEvent;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the registry's alert transitions into notifications: Alertmanager alerts ({@code POST
 * /api/v2/alerts}, re-sent every {@code alert.resend} while firing) and webhook objects (one per
 * transition), handed to an {@link AlertSender}. The labels are those of the alerts that
 * sre-micrometer's {@code PrometheusRules} generates ({@code alertname=SloErrorBudgetBurn}, {@code
 * slo}, {@code severity}) plus {@code service}, {@code long_window}, {@code short_window}, {@code
 * instance} and {@code alert.labels}; docs/alerting.md documents both formats.
 *
 * <p><b>Thread safety:</b> {@link #alert} and {@link #tick} are called under the registry's tick
 * lock; the counts are safe from any thread. <b>Cost:</b> a few small strings per transition and
 * per resend; a look-up per firing alert at each tick.
 */
final class AlertNotifier implements AutoCloseable {

  /** The alert name of the generated Prometheus rules (sre-micrometer's PrometheusRules). */
  static final String ALERT_NAME = "SloErrorBudgetBurn";

  /** The labels the notifier sets itself, which {@code alert.labels} may not set. */
  static final List<String> RESERVED_LABELS =
      List.of("alertname", "service", "slo", "severity", "long_window", "short_window");

  /** The settings, as the registry's builder holds them. */
  record Settings(List<URI> alertmanagers, @Nullable URI webhook, @Nullable Path webhookTokenFile,
      Map<String, String> labels, @Nullable String runbook, Duration resend, Duration retryFor,
      Duration initialBackoff, Duration maxBackoff) {

    boolean any() {
      return !alertmanagers.isEmpty() || webhook != null;
    }
  }

  /** A firing alert as last sent to Alertmanager. */
  private record Firing(Map<String, String> labels, String annotations, Instant since,
      long lastSentMillis) {}

  private final String service;
  private final Settings settings;
  private final String instance;
  private final AlertSender sender;
  private final Map<String, Firing> firing = new LinkedHashMap<>();

  AlertNotifier(String service, Settings settings, Diagnostics diagnostics) {
    this.service = service;
    this.settings = settings;
    String labelled = settings.labels().get("instance");
    this.instance = labelled != null ? labelled : hostName();
    this.sender = new AlertSender(service, settings.retryFor(), settings.initialBackoff(),
        settings.maxBackoff(), diagnostics);
  }

  /** This host's name: {@code $HOSTNAME}, else the resolved local host name, else {@code unknown}. */
  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** The target kinds configured, in {@link AlertSender#TARGETS} order. */
  List<String> targets() {
    List<String> targets = new ArrayList<>(2);
    if (!settings.alertmanagers().isEmpty()) {
      targets.add(AlertSender.ALERTMANAGER);
    }
    if (settings.webhook() != null) {
      targets.add(AlertSender.WEBHOOK);
    }
    return targets;
  }

  long count(String target, String outcome) {
    return sender.count(target, outcome);
  }

  /**
   * Queues the notifications of one transition: to every Alertmanager and to the webhook.
   *
   * @param event the transition
   * @param window the SLO over its compliance window at the event's time
   */
  void alert(AlertEvent event, SloSnapshot window) {
    String key = event.slo() + '\u0000' + event.severity();
    long now = event.time().toEpochMilli();
    Firing known = firing.get(key);
    Map<String, String> labels = known != null ? known.labels() : labels(event);
    String annotations = annotations(event, window);
    if (event.firing()) {
      Firing fired = new Firing(labels, annotations, event.since(), now);
      firing.put(key, fired);
      sendToAlertmanagers(fired, event.time(), null);
    } else {
      firing.remove(key);
      sendToAlertmanagers(new Firing(labels, annotations, event.since(), now), event.time(),
          event.time());
    }
    URI webhook = settings.webhook();
    if (webhook != null) {
      String idempotencyKey = service + "/" + event.slo() + "/" + event.severity() + "/"
          + event.since().toEpochMilli() + "/" + event.state();
      sender.offer(new AlertSender.Delivery(AlertSender.WEBHOOK, webhook,
          webhookBody(event, window, labels, idempotencyKey),
          Map.of("Idempotency-Key", idempotencyKey), settings.webhookTokenFile(), System.nanoTime()));
    }
  }

  /**
   * Takes over an alert that fires since before this registry was built (restored from the state
   * file), so that Alertmanager hears of it again at the next tick; its windows are those of the
   * severity's first rule, as no evaluation has run yet.
   */
  void restored(String slo, String severity, Instant since, @Nullable AlertRule firstRule) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("service", service);
    labels.put("slo", slo);
    labels.put("severity", severity);
    if (firstRule != null) {
      labels.put("long_window", ConfigValues.format(firstRule.longWindow()));
      labels.put("short_window", ConfigValues.format(firstRule.shortWindow()));
    }
    labels.put("instance", instance);
    labels.putAll(settings.labels());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", "SLO " + slo + " is burning its error budget too fast ("
        + severity + ")");
    annotations.put("description", "Firing since " + since + " (restored from the state file).");
    String runbook = runbook(slo);
    if (runbook != null) {
      annotations.put("runbook_url", runbook);
    }
    StringBuilder text = new StringBuilder(256);
    object(text, annotations);
    firing.put(slo + '\u0000' + severity, new Firing(labels, text.toString(), since, Long.MIN_VALUE / 2));
  }

  /** Re-sends every firing alert last sent {@code alert.resend} or more before {@code nowMillis}. */
  void tick(long nowMillis) {
    if (firing.isEmpty() || settings.alertmanagers().isEmpty()) {
      return;
    }
    long resend = settings.resend().toMillis();
    for (Map.Entry<String, Firing> entry : firing.entrySet()) {
      Firing alert = entry.getValue();
      if (nowMillis - alert.lastSentMillis() >= resend) {
        Firing sent = new Firing(alert.labels(), alert.annotations(), alert.since(), nowMillis);
        entry.setValue(sent);
        sendToAlertmanagers(sent, Instant.ofEpochMilli(nowMillis), null);
      }
    }
  }

  private void sendToAlertmanagers(Firing alert, Instant now, @Nullable Instant endsAt) {
    if (settings.alertmanagers().isEmpty()) {
      return;
    }
    // like Prometheus: a firing alert is valid for four resend periods, so that Alertmanager
    // resolves it by itself if this instance stops sending
    Instant ends = endsAt != null ? endsAt : now.plus(settings.resend().multipliedBy(4));
    StringBuilder body = new StringBuilder(512).append("[{\"labels\":");
    object(body, alert.labels());
    body.append(",\"annotations\":").append(alert.annotations())
        .append(",\"startsAt\":").append(quote(alert.since().toString()))
        .append(",\"endsAt\":").append(quote(ends.toString()))
        .append("}]");
    String json = body.toString();
    long nanos = System.nanoTime();
    for (URI base : settings.alertmanagers()) {
      sender.offer(new AlertSender.Delivery(AlertSender.ALERTMANAGER, alertsUri(base), json,
          Map.of(), null, nanos));
    }
  }

  /** {@code <base>/api/v2/alerts}, keeping a route prefix such as {@code /alertmanager}. */
  static URI alertsUri(URI base) {
    String text = base.toString();
    return URI.create((text.endsWith("/") ? text : text + "/") + "api/v2/alerts");
  }

  private Map<String, String> labels(AlertEvent event) {
    AlertReading rule = windowsOf(event.readings());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", ALERT_NAME);
    labels.put("service", service);
    labels.put("slo", event.slo());
    labels.put("severity", event.severity());
    if (rule != null) {
      labels.put("long_window", ConfigValues.format(rule.rule().longWindow()));
      labels.put("short_window", ConfigValues.format(rule.rule().shortWindow()));
    }
    labels.put("instance", instance);
    labels.putAll(settings.labels());
    return labels;
  }

  /** The first rule that holds, else the first of the severity. */
  private static @Nullable AlertReading windowsOf(List<AlertReading> readings) {
    for (AlertReading reading : readings) {
      if (reading.holds()) {
        return reading;
      }
    }
    return readings.isEmpty() ? null : readings.get(0);
  }

  private String annotations(AlertEvent event, SloSnapshot window) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", "SLO " + event.slo() + " is burning its error budget too fast ("
        + event.severity() + ")");
    annotations.put("description", description(event, window));
    String runbook = runbook(event.slo());
    if (runbook != null) {
      annotations.put("runbook_url", runbook);
    }
    StringBuilder out = new StringBuilder(256);
    object(out, annotations);
    return out.toString();
  }

  private @Nullable String runbook(String slo) {
    String runbook = settings.runbook();
    return runbook == null ? null : runbook.replace("{slo}", slo);
  }

  /** Burn rates, the budget left and, when it runs out at this burn, when. */
  static String description(AlertEvent event, SloSnapshot window) {
    StringBuilder out = new StringBuilder(event.firing() ? "Burn rate" : "Resolved; burn rate");
    for (int i = 0; i < event.readings().size(); i++) {
      AlertReading reading = event.readings().get(i);
      out.append(i == 0 ? " " : "; ")
          .append(number(reading.longBurn().rate())).append(" over ")
          .append(ConfigValues.format(reading.rule().longWindow())).append(" and ")
          .append(number(reading.shortBurn().rate())).append(" over ")
          .append(ConfigValues.format(reading.rule().shortWindow()))
          .append(" (").append(event.severity()).append(" at ")
          .append(number(reading.rule().factor())).append(')');
    }
    double remaining = window.budgetRemaining();
    out.append("; ").append(String.format(Locale.ROOT, "%.1f%%", 100 * remaining))
        .append(" of the error budget left");
    Duration left = forecast(event);
    if (left != null) {
      out.append(", exhausted in about ").append(ConfigValues.format(roundToMinute(left)))
          .append(" at this burn");
    }
    return out.append('.').toString();
  }

  /**
   * When the budget runs out at the burn of the last hour, from the event's forecast ({@link
   * SloStatus#exhaustion(Duration)}, the one the status document and the rules give); null when
   * it does not at this burn or the event carries none.
   */
  static @Nullable Duration forecast(AlertEvent event) {
    Duration lookback = SloStatus.FORECAST_LOOKBACKS.get(0);
    for (SloStatus.Exhaustion exhaustion : event.exhaustion()) {
      if (exhaustion.burn().window().equals(lookback)) {
        return exhaustion.timeLeft().orElse(null);
      }
    }
    return null;
  }

  private static Duration roundToMinute(Duration duration) {
    long minutes = Math.max(1, Math.round(duration.toMillis() / 60_000.0));
    return Duration.ofMinutes(minutes);
  }

  private String webhookBody(AlertEvent event, SloSnapshot window, Map<String, String> labels,
      String idempotencyKey) {
    StringBuilder out = new StringBuilder(768);
    out.append("{\"type\":\"alert\"")
        .append(",\"idempotency_key\":").append(quote(idempotencyKey))
        .append(",\"service\":").append(quote(service))
        .append(",\"slo\":").append(quote(event.slo()))
        .append(",\"severity\":").append(quote(event.severity()))
        .append(",\"state\":").append(quote(event.state()))
        .append(",\"time\":").append(quote(event.time().toString()))
        .append(",\"since\":").append(quote(event.since().toString()))
        .append(",\"burn_rates\":[");
    for (int i = 0; i < event.readings().size(); i++) {
      AlertReading reading = event.readings().get(i);
      out.append(i == 0 ? "{" : ",{")
          .append("\"long_window\":").append(quote(ConfigValues.format(reading.rule().longWindow())))
          .append(",\"short_window\":").append(quote(ConfigValues.format(reading.rule().shortWindow())))
          .append(",\"factor\":").append(json(reading.rule().factor()))
          .append(",\"long_burn_rate\":").append(json(reading.longBurn().rate()))
          .append(",\"short_burn_rate\":").append(json(reading.shortBurn().rate()))
          .append(",\"holds\":").append(reading.holds())
          .append('}');
    }
    Duration left = forecast(event);
    String runbook = runbook(event.slo());
    out.append("],\"budget_remaining\":").append(json(window.budgetRemaining()))
        .append(",\"exhaustion_forecast\":")
        .append(left == null ? "null" : quote(ConfigValues.format(roundToMinute(left))))
        .append(",\"runbook\":").append(runbook == null ? "null" : quote(runbook))
        .append(",\"instance\":").append(quote(instance))
        .append(",\"labels\":");
    object(out, labels);
    return out.append('}').toString();
  }

  /** Two decimals at most, no trailing zeros: {@code 14.4}, {@code 500}, {@code 0.25}. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    return java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }

  private static String json(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  private static void object(StringBuilder out, Map<String, String> fields) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      out.append(first ? "" : ",").append(quote(field.getKey())).append(':')
          .append(quote(field.getValue()));
      first = false;
    }
    out.append('}');
  }

  /** A JSON string literal. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Stops the sender after a bounded wait (see {@link AlertSender#close()}). */
  @Override
  public void close() {
    sender.close();
  }
}
