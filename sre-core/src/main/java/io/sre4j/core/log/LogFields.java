package io.sre4j.core.log;

/**
 * The names of every line type and field sre4j writes, and the defaults of {@link StructuredLog}:
 * one place, so that queries, dashboards and the README agree. Names are stable: a renamed field
 * is a breaking change.
 *
 * <p>Every line has {@link #TS}, {@link #TYPE} and {@link #SERVICE}, in that order, then the
 * fields of its type. A field that does not apply is left out, never written as {@code null},
 * except a number that is not finite (which sre4j never produces), written as {@code null}.
 *
 * <p><b>Thread safety:</b> constants only. <b>Cost:</b> none.
 *
 * @since 0.1
 */
public final class LogFields {

  private LogFields() {}

  // ---- line types ----

  /** Line type of one request: {@value}. */
  public static final String TYPE_ACCESS = "access";

  /** Line type of one SLO at the end of one interval: {@value}. */
  public static final String TYPE_SLI_REPORT = "sli_report";

  // ---- every line ----

  /** When it happened: RFC 3339, UTC, milliseconds, such as {@code 2026-11-27T03:18:32.123Z}. */
  public static final String TS = "ts";

  /** The line type, such as {@value #TYPE_ACCESS} or {@value #TYPE_SLI_REPORT}. */
  public static final String TYPE = "type";

  /** The service's name. */
  public static final String SERVICE = "service";

  // ---- access ----

  /** The route template, such as {@code /api/orders/{id}}. */
  public static final String ROUTE = "route";

  /** The HTTP method, such as {@code GET}. */
  public static final String METHOD = "method";

  /** The HTTP status the request was counted with (500 for one that threw). */
  public static final String STATUS = "status";

  /** How long the request took, in milliseconds with up to 6 decimals (nanosecond precision). */
  public static final String DURATION_MS = "duration_ms";

  /** The W3C trace id (32 lowercase hex digits) of the request's {@code traceparent} header. */
  public static final String TRACE_ID = "trace_id";

  /** The class name of the exception the request threw. */
  public static final String ERROR = "error";

  // ---- sli_report ----

  /** The SLO's name. */
  public static final String SLO = "slo";

  /** {@code availability} or {@code latency}. */
  public static final String SLI_KIND = "sli_kind";

  /** The SLO's objective, a ratio in (0,1). */
  public static final String OBJECTIVE = "objective";

  /** The compliance window as configured: {@code 30d}, {@code month}, {@code week}. */
  public static final String WINDOW = "window";

  /** The start of the interval reported (RFC 3339). */
  public static final String INTERVAL_START = "interval_start";

  /** The end of the interval reported (RFC 3339); equal to {@link #TS}. */
  public static final String INTERVAL_END = "interval_end";

  /** Valid events in the interval. */
  public static final String INTERVAL_VALID = "interval_valid";

  /** Good events in the interval. */
  public static final String INTERVAL_GOOD = "interval_good";

  /** Bad events in the interval. */
  public static final String INTERVAL_BAD = "interval_bad";

  /** Good/valid in the interval; 1.0 with no valid event. */
  public static final String INTERVAL_SLI = "interval_sli";

  /** The start of the data the window figures cover (RFC 3339). */
  public static final String WINDOW_START = "window_start";

  /** Valid events in the compliance window. */
  public static final String WINDOW_VALID = "window_valid";

  /** Good events in the compliance window. */
  public static final String WINDOW_GOOD = "window_good";

  /** Bad events in the compliance window. */
  public static final String WINDOW_BAD = "window_bad";

  /** Good/valid over the compliance window; 1.0 with no valid event. */
  public static final String SLI = "sli";

  /** Fraction of the error budget spent; above 1 when overspent. */
  public static final String BUDGET_CONSUMED = "budget_consumed";

  /** {@code 1 − budget_consumed}; negative when overspent. */
  public static final String BUDGET_REMAINING = "budget_remaining";

  /** Bad events the budget allows so far: {@code (1 − objective) × window_valid}. */
  public static final String ALLOWED_BAD_EVENTS = "allowed_bad_events";

  /** Time-slice length in milliseconds; time-slice SLOs only. */
  public static final String SLICE_MS = "slice_ms";

  /** Bad time slices in the window; time-slice SLOs only. */
  public static final String BAD_SLICES = "bad_slices";

  /** Bad time slices the budget allows over the whole window; time-slice SLOs only. */
  public static final String ALLOWED_BAD_SLICES = "allowed_bad_slices";

  /** Time spent in bad slices, in milliseconds; time-slice SLOs only. */
  public static final String BAD_TIME_MS = "bad_time_ms";

  /** Bad time the budget allows over the whole window, in milliseconds; time-slice SLOs only. */
  public static final String ALLOWED_BAD_TIME_MS = "allowed_bad_time_ms";

  /** Requests in the interval over the endpoints the SLO covers. */
  public static final String LATENCY_COUNT = "latency_count";

  /** Fastest request of the interval, ms. */
  public static final String LATENCY_MIN_MS = "latency_min_ms";

  /** Slowest request of the interval, ms. */
  public static final String LATENCY_MAX_MS = "latency_max_ms";

  /** Mean duration of the interval, ms. */
  public static final String LATENCY_MEAN_MS = "latency_mean_ms";

  /** Median duration of the interval, ms. */
  public static final String LATENCY_P50_MS = "latency_p50_ms";

  /** 90th percentile of the interval, ms. */
  public static final String LATENCY_P90_MS = "latency_p90_ms";

  /** 95th percentile of the interval, ms. */
  public static final String LATENCY_P95_MS = "latency_p95_ms";

  /** 99th percentile of the interval, ms. */
  public static final String LATENCY_P99_MS = "latency_p99_ms";

  /** 99.9th percentile of the interval, ms. */
  public static final String LATENCY_P999_MS = "latency_p999_ms";

  /** Requests of the interval in the fast band. */
  public static final String BAND_FAST = "band_fast";

  /** Requests of the interval in the tolerable band. */
  public static final String BAND_TOLERABLE = "band_tolerable";

  /** Requests of the interval in the slow band. */
  public static final String BAND_SLOW = "band_slow";

  /** Requests of the interval that failed (5xx or thrown), in any band. */
  public static final String BAND_FAILED = "band_failed";

  /** Apdex of the interval, in [0,1]; 1.0 with no request. */
  public static final String APDEX = "apdex";

  /** Lines dropped (queue full) since the previous {@value #TYPE_SLI_REPORT} line was written. */
  public static final String DROPPED_LINES = "dropped_lines";

  // ---- defaults ----

  /** Default queue capacity, in lines: {@value}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;

  /** Default longest string value, in UTF-16 chars including the "…" that marks a cut: {@value}. */
  public static final int DEFAULT_STRING_LIMIT = 1024;

  /** Default CloudWatch namespace of the EMF sink: {@value}. */
  public static final String DEFAULT_EMF_NAMESPACE = "sre4j";

  /** Default logger name of the SLF4J sink: {@value}. */
  public static final String DEFAULT_SLF4J_LOGGER = "io.sre4j.log";

  /** What a string cut at the limit ends with: {@value} (U+2026). */
  public static final String TRUNCATION_MARK = "\u2026";
}
