package io.sre4j.core;

import java.time.DateTimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The registry's keys: the globals read by {@link SloRegistry.Builder} and the {@code slo.<name>.*}
 * fields of {@link SloSpec}. {@link Sre4jConfig} reads them; the ranges are the builders' checks,
 * restated with the full key. Always installed ({@link ConfigSchema#installed()}), never through
 * {@link java.util.ServiceLoader}.
 */
final class CoreConfigSchema implements ConfigSchema {

  /** The rule of {@code metrics.latency-buckets}. */
  static final String LATENCY_BUCKETS_RULE =
      "1 to 20 increasing durations from 1us to 1h, such as 50ms,100ms,250ms";

  /** The default latency bucket bounds: Prometheus' default histogram buckets. */
  static final List<Duration> DEFAULT_LATENCY_BUCKETS = List.of(Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10));

  static final CoreConfigSchema INSTANCE = new CoreConfigSchema();

  /** The rule of {@code alert.labels}. */
  static final String LABELS_RULE = "name=value pairs separated by commas, names matching"
      + " [a-zA-Z_][a-zA-Z0-9_]* and not alertname, service, slo, severity, long_window or"
      + " short_window";
  private static final java.util.regex.Pattern LABEL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  static final Key<String> SERVICE = Key.string("service", "service",
      "1 to 128 characters, not blank", "the service's name on every report and access line");
  static final Key<Duration> INTERVAL = Key.duration("interval", "60s", "1s to 1h",
      "latency interval and report period");
  static final Key<Integer> TREND_INTERVALS = Key.integer("trend-intervals", "60", "1 to 10000",
      "completed intervals kept per endpoint");
  static final Key<List<Duration>> LATENCY_BANDS = Key.of("latency-bands", "durations",
      "400ms,800ms", "two increasing positive durations up to 1h",
      "the fast and tolerable edges of the latency bands", CoreConfigSchema::latencyBands);
  static final Key<List<Duration>> LATENCY_BUCKETS = Key.of("metrics.latency-buckets", "durations",
      "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2.5s,5s,10s", CoreConfigSchema.LATENCY_BUCKETS_RULE,
      "latency bucket bounds of every endpoint's histogram; band edges and latency SLO thresholds"
          + " are always added", CoreConfigSchema::latencyBuckets);
  static final Key<Integer> MAX_ENDPOINTS = Key.integer("max-endpoints", "100", "1 to 2000",
      "distinct endpoints before new routes share * OTHER; about 30 KiB each (60 MiB at 2000)");
  static final Key<Duration> TICK = Key.duration("tick", "1s", "10ms to 1m",
      "how often the registry's thread drains counters into buckets");
  static final Key<List<AlertRule>> ALERT_RULES = Key.of("alert.rules", "alert rules",
      "page:1h/5m:14.4,page:6h/30m:6,ticket:3d/6h:1",
      "rules severity:long/short:factor, windows 1m to 3d, long over short",
      "the multi-window burn-rate alert rules", AlertRule::parse);
  static final Key<Long> ALERT_MIN_EVENTS = Key.of("alert.min-events", "integer", "100",
      "0 to 1000000000", "valid events the long window needs before a rule may fire",
      ConfigValues::parseLong);
  static final Key<Duration> ALERT_EVALUATION = Key.duration("alert.evaluation", "10s",
      "1s to 5m", "how often alerts and the budget policy are evaluated");
  static final Key<Duration> ALERT_KEEP_FIRING_FOR = Key.duration("alert.keep-firing-for", "0s",
      "0s to 1d", "how long a firing alert's condition must fail before it resolves, in-process"
          + " and in the generated rules (0s: at the first evaluation it fails)");
  static final Key<Duration> ALERT_NO_DATA_FOR = Key.of("alert.no-data-for", "duration", "15m",
      "1m to 1d, whole seconds", "how long without a valid event before the generated SloNoData"
          + " rule fires (sre4j rules)", CoreConfigSchema::noDataFor);
  static final Key<Double> POLICY_AT_RISK = Key.ratio("policy.at-risk", "25%", "in (0,1)",
      "budget left under which an SLO is AT_RISK");
  static final Key<Boolean> POLICY_REVIEW_REQUIRED = Key.bool("policy.review-required", "true",
      "an SLO that becomes exhausted stays REVIEW_REQUIRED (the gate denies) until a review is recorded");
  static final Key<Duration> ROLLBACK_PERIOD = Key.duration("deployment.rollback-period", "1h",
      "1m to 3d", "how long after a deployment its burn may advise a rollback");
  static final Key<Boolean> MAINTENANCE_STRICT = Key.bool("maintenance.strict", "false",
      "reject, rather than report, maintenance windows over budget");
  static final Key<Path> STATE_FILE = Key.of("state.file", "path", null,
      "a file in an existing, writable directory",
      "where the error budget is kept across restarts; none by default",
      CoreConfigSchema::path);
  static final Key<Duration> STATE_FLUSH = Key.duration("state.flush", "1m", "1s to 1h",
      "how often the state file is written (and once more on close)");

  static final Key<java.net.URI> GATE_PROMETHEUS_URL = Key.of("gate.prometheus-url", "URL", null,
      "an absolute http(s) URL such as http://prometheus:9090, without user info, query or fragment",
      "Prometheus' base URL: the release gate answers from the fleet (needs sre-micrometer);"
          + " none by default", CoreConfigSchema::httpUrl);
  static final Key<Duration> GATE_PROMETHEUS_CACHE = Key.duration("gate.prometheus-cache", "15s",
      "0s to 1h", "how long the fleet's answer is kept (0s: asked at every decision)");
  static final Key<Duration> GATE_PROMETHEUS_TIMEOUT = Key.duration("gate.prometheus-timeout",
      "2s", "100ms to 1m", "the longest a decision waits for Prometheus before this instance decides");
  static final Key<Path> GATE_PROMETHEUS_TOKEN_FILE = Key.of("gate.prometheus-token-file", "path",
      null, "a readable file of one line: a bearer token, or user:password",
      "credentials for Prometheus, read when the registry is built; none by default",
      CoreConfigSchema::path);

  static final Key<List<java.net.URI>> ALERT_ALERTMANAGER = Key.of("alert.alertmanager", "URLs",
      null, "absolute http(s) URLs separated by commas, such as http://alertmanager:9093, without"
          + " user info, query or fragment",
      "Alertmanagers every in-process alert is sent to (each gets every alert); none by default",
      CoreConfigSchema::httpUrls);
  static final Key<java.net.URI> ALERT_WEBHOOK = Key.of("alert.webhook", "URL", null,
      "an absolute http(s) URL such as https://hooks.example.com/sre4j, without user info, query or"
          + " fragment",
      "a URL each alert transition is posted to as one JSON object; none by default",
      (key, text) -> httpUrl(key, text, "https://hooks.example.com/sre4j"));
  static final Key<Path> ALERT_WEBHOOK_TOKEN_FILE = Key.of("alert.webhook.token-file", "path", null,
      "a readable file of one line: a bearer token",
      "the webhook's bearer token, read at each send; none by default", CoreConfigSchema::path);
  static final Key<java.util.Map<String, String>> ALERT_LABELS = Key.of("alert.labels", "labels",
      null, LABELS_RULE, "labels added to every notification, such as team=payments,tier=1",
      CoreConfigSchema::labels);
  static final Key<String> ALERT_RUNBOOK = Key.of("alert.runbook", "URL", null,
      "an absolute http(s) URL; {slo} in it is replaced by the SLO's name",
      "the runbook_url of every notification; none by default", CoreConfigSchema::runbook);
  static final Key<Duration> ALERT_RESEND = Key.duration("alert.resend", "1m", "10s to 1h",
      "how often a firing alert is sent to Alertmanager again, on the registry's clock");
  static final Key<Duration> ALERT_RETRY_FOR = Key.duration("alert.retry-for", "10m", "1s to 1d",
      "how long a notification is retried before it is dropped and counted");

  static final Key<String> SLI = Key.of("slo.<name>.sli", "enum", "availability",
      "availability or latency", "what the SLO judges", (key, text) ->
          oneOf(key, text, "availability or latency", "availability", "latency"));
  static final Key<Double> OBJECTIVE = Key.ratio("slo.<name>.objective", "99.9%", "in (0,1)",
      "the target ratio of good to valid events");
  static final Key<Duration> THRESHOLD = Key.duration("slo.<name>.threshold", null,
      "1us to 1h; required for latency, unset otherwise",
      "the slowest duration still good (latency only)");
  static final Key<Boolean> JUDGE_FAILURES = Key.bool("slo.<name>.judge-failures", "false",
      "also judge failed requests by their duration (latency only)");
  static final Key<String> WINDOW = Key.of("slo.<name>.window", "window", "30d",
      "a duration from 1h to 400d, or month or week",
      "a rolling window's length, or a calendar month or week", CoreConfigSchema::window);
  static final Key<ZoneId> TIME_ZONE = Key.of("slo.<name>.time-zone", "time zone", "UTC",
      "a time zone such as UTC or Europe/Paris; calendar windows only",
      "the time zone of a calendar window", CoreConfigSchema::zone);
  static final Key<String> BUDGETING = Key.of("slo.<name>.budgeting", "enum", "occurrences",
      "occurrences or timeslices", "how the error budget is counted", (key, text) ->
          oneOf(key, text, "occurrences or timeslices", "occurrences", "timeslices"));
  static final Key<Duration> SLICE = Key.duration("slo.<name>.slice", "1m",
      "1s to 1h, dividing a day; timeslices only", "the length of a time slice");
  static final Key<Double> SLICE_TARGET = Key.ratio("slo.<name>.slice-target", "99%",
      "in (0,1]; timeslices only", "the good/valid ratio a slice needs to be good");
  static final Key<List<String>> ROUTES = Key.list("slo.<name>.routes", "/**",
      "route patterns: * one segment, ** any number", "the routes the SLO covers");
  static final Key<List<String>> METHODS = Key.list("slo.<name>.methods", null,
      "HTTP method names such as GET or POST",
      "the HTTP methods the SLO covers; every method if unset");
  static final Key<List<String>> EXCLUDE = Key.list("slo.<name>.exclude", null,
      "route patterns", "routes left out of the SLO, such as /health");
  static final Key<String> UNMATCHED = Key.of("slo.<name>.unmatched", "enum", "exclude",
      "exclude or include", "whether requests that matched no route (NOT_FOUND) are valid events",
      (key, text) -> oneOf(key, text, "exclude or include", "exclude", "include"));
  static final Key<List<String>> BAD_STATUSES = Key.list("slo.<name>.bad-statuses", "5xx",
      "HTTP statuses 100..599 or classes 1xx..5xx",
      "statuses counted bad (a thrown exception always is)");
  static final Key<List<String>> EXCLUDED_STATUSES = Key.list("slo.<name>.excluded-statuses",
      null, "HTTP statuses 100..599 or classes 1xx..5xx",
      "statuses that are not valid events, such as 499");

  private static final List<Key<?>> KEYS = List.of(SERVICE, INTERVAL, TREND_INTERVALS,
      LATENCY_BANDS, LATENCY_BUCKETS, MAX_ENDPOINTS, TICK, ALERT_RULES, ALERT_MIN_EVENTS, ALERT_EVALUATION,
      ALERT_KEEP_FIRING_FOR, ALERT_NO_DATA_FOR, POLICY_AT_RISK, POLICY_REVIEW_REQUIRED, ROLLBACK_PERIOD, MAINTENANCE_STRICT, STATE_FILE, STATE_FLUSH, GATE_PROMETHEUS_URL,
      GATE_PROMETHEUS_CACHE, GATE_PROMETHEUS_TIMEOUT, GATE_PROMETHEUS_TOKEN_FILE, ALERT_ALERTMANAGER,
      ALERT_WEBHOOK, ALERT_WEBHOOK_TOKEN_FILE, ALERT_LABELS, ALERT_RUNBOOK, ALERT_RESEND,
      ALERT_RETRY_FOR, SLI, OBJECTIVE, THRESHOLD,
      JUDGE_FAILURES, WINDOW, TIME_ZONE, BUDGETING, SLICE, SLICE_TARGET, ROUTES, METHODS, EXCLUDE, UNMATCHED,
      BAD_STATUSES, EXCLUDED_STATUSES);

  @Override
  public List<Key<?>> keys() {
    return KEYS;
  }

  /** The per-SLO key of a field such as {@code window}, or null. */
  @Nullable Key<?> sloField(String field) {
    for (Key<?> key : KEYS) {
      if (key.perSlo() && key.field().equals(field)) {
        return key;
      }
    }
    return null;
  }

  private static List<Duration> latencyBands(String key, String text) {
    String[] parts = text.split(",", -1);
    try {
      if (parts.length == 2) {
        return List.of(
            ConfigValues.parseDuration(key, parts[0]), ConfigValues.parseDuration(key, parts[1]));
      }
    } catch (ConfigException e) {
      // falls through to the message about the whole value
    }
    throw ConfigValues.reject(key, "two durations such as 400ms,800ms", text);
  }

  private static List<Duration> latencyBuckets(String key, String text) {
    String[] parts = text.split(",", -1);
    List<Duration> bounds = new java.util.ArrayList<>(parts.length);
    for (String part : parts) {
      try {
        bounds.add(ConfigValues.parseDuration(key, part));
      } catch (ConfigException e) {
        throw ConfigValues.reject(key, LATENCY_BUCKETS_RULE, text);
      }
    }
    return checkLatencyBuckets(key, bounds, text);
  }

  /**
   * Checks latency bucket bounds: 1 to 20, increasing, each from 1 µs to 1 h.
   *
   * @param text the value as written, for the message; null to format {@code bounds}
   * @return {@code bounds}
   */
  static List<Duration> checkLatencyBuckets(String key, List<Duration> bounds, @Nullable String text) {
    boolean ok = !bounds.isEmpty() && bounds.size() <= 20;
    Duration previous = null;
    for (Duration bound : bounds) {
      ok &= bound.compareTo(Duration.ofNanos(1_000)) >= 0 && bound.compareTo(Duration.ofHours(1)) <= 0
          && (previous == null || bound.compareTo(previous) > 0);
      previous = bound;
    }
    if (!ok) {
      String shown = text;
      if (shown == null) {
        StringBuilder joined = new StringBuilder();
        for (Duration bound : bounds) {
          joined.append(joined.length() == 0 ? "" : ",").append(ConfigValues.format(bound));
        }
        shown = joined.toString();
      }
      throw ConfigValues.reject(key, LATENCY_BUCKETS_RULE, shown);
    }
    return bounds;
  }

  /** A duration from 1m to 1d in whole seconds: Prometheus' range of the no-data rule. */
  private static Duration noDataFor(String key, String text) {
    Duration span = ConfigValues.parseDuration(key, text);
    if (span.compareTo(Duration.ofMinutes(1)) < 0 || span.compareTo(Duration.ofDays(1)) > 0
        || span.toNanos() % 1_000_000_000L != 0) {
      throw ConfigValues.reject(key, "whole seconds between 1m and 1d", text);
    }
    return span;
  }

  private static String oneOf(String key, String text, String rule, String... values) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String value : values) {
      if (value.equals(lower)) {
        return value;
      }
    }
    throw ConfigValues.reject(key, rule, text);
  }

  /** {@code month}, {@code week}, or the text of a duration. */
  private static String window(String key, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("month") || lower.equals("week")) {
      return lower;
    }
    try {
      ConfigValues.parseDuration(key, text);
    } catch (ConfigException e) {
      throw ConfigValues.reject(key, "a duration such as 30d, or month or week", text);
    }
    return text;
  }

  private static ZoneId zone(String key, String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw ConfigValues.reject(key, "a time zone such as UTC or Europe/Paris", text);
    }
  }

  /**
   * An absolute {@code http} or {@code https} URL with a host, and no user info, query or fragment;
   * a path (a route prefix such as {@code /prometheus}) is kept.
   */
  static java.net.URI httpUrl(String key, String text) {
    return httpUrl(key, text, "http://prometheus:9090");
  }

  /** {@link #httpUrl(String, String)}, with {@code example} in the rejection. */
  static java.net.URI httpUrl(String key, String text, String example) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(text.trim());
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null
        || scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw ConfigValues.reject(key, "an absolute http(s) URL such as " + example + ","
          + " without user info, query or fragment", text);
    }
    return uri;
  }

  /** One or more {@link #httpUrl}s separated by commas; a bad one is rejected by itself. */
  static List<java.net.URI> httpUrls(String key, String text) {
    List<String> parts = Key.split(text);
    if (parts.isEmpty()) {
      throw ConfigValues.reject(key, "absolute http(s) URLs separated by commas, such as"
          + " http://alertmanager:9093", text);
    }
    List<java.net.URI> urls = new java.util.ArrayList<>(parts.size());
    for (String part : parts) {
      urls.add(httpUrl(key, part, "http://alertmanager:9093"));
    }
    return List.copyOf(urls);
  }

  /** {@code team=payments,tier=1}: Prometheus label names, not the notifier's own. */
  static java.util.Map<String, String> labels(String key, String text) {
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (String pair : Key.split(text)) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals).strip();
      if (equals < 0) {
        throw ConfigValues.reject(key, LABELS_RULE, pair);
      }
      labels.put(name, pair.substring(equals + 1).strip());
    }
    return checkLabels(key, labels);
  }

  /** Checks the names of {@code labels}; returns an ordered copy. */
  static java.util.Map<String, String> checkLabels(String key, java.util.Map<String, String> labels) {
    for (java.util.Map.Entry<String, String> label : labels.entrySet()) {
      String name = label.getKey();
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")
          || AlertNotifier.RESERVED_LABELS.contains(name)) {
        throw ConfigValues.reject(key, LABELS_RULE, name + "=" + label.getValue());
      }
    }
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /** An absolute http(s) URL, {@code {slo}} allowed. */
  static String runbook(String key, String text) {
    String value = text.strip();
    java.net.URI uri;
    try {
      uri = new java.net.URI(value.replace("{slo}", "slo"));
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    String scheme = uri == null ? null : uri.getScheme();
    if (uri == null || scheme == null || uri.getHost() == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw ConfigValues.reject(key, "an absolute http(s) URL such as"
          + " https://runbooks.example.com/{slo}", text);
    }
    return value;
  }

  private static Path path(String key, String text) {
    try {
      Path path = Path.of(text.trim());
      if (text.isBlank() || path.getFileName() == null) {
        throw ConfigValues.reject(key, "a file path", text);
      }
      return path;
    } catch (java.nio.file.InvalidPathException e) {
      throw ConfigValues.reject(key, "a file path", text);
    }
  }
}
