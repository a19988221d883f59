package io.sre4j.core.log;

import io.sre4j.core.ConfigSchema;
import java.time.Duration;
import java.util.List;

/**
 * The names of every line type and field sre4j writes, and the defaults of {@link StructuredLog}:
 * one place, so that queries, dashboards and docs/logs.md agree. Names are stable: a renamed field
 * is a breaking change.
 *
 * <p>Every line has {@link #TS}, {@link #TYPE} and {@link #SERVICE}, in that order, then the
 * fields of its type. A field that does not apply is left out, never written as {@code null},
 * except a number that is not finite (which sre4j never produces), written as {@code null}.
 *
 * <p><b>Flat lines.</b> Every value is a string, a number or a boolean; nothing is nested, so
 * that CloudWatch Logs Insights, Athena and key-value sinks read every field by name. Lists are
 * joined into one string: names (SLOs, severities), which hold no comma, with {@code ","} and no
 * space ({@link #SLOS}, {@link #FIRING}); sentences, which may, with {@code "; "}
 * ({@link #OVER_BUDGET}, {@link #DENY_REASONS}). An empty list is left out on event lines;
 * {@link #FIRING} alone is always written on a report, as {@code ""} when nothing fires.
 *
 * <p><b>Burn-rate fields</b> are named after their lookback: {@link #BURN_RATE_PREFIX} and the
 * window as written in configuration ({@link ConfigSchema#formatDuration}), such as
 * {@code burn_rate_5m} or {@code burn_rate_1h30m}; see {@link #burnRate(Duration)}. A report has
 * one per lookback the alert rules use; an alert line one per lookback of its severity's rules.
 * With the default rules they are {@link #BURN_RATE_5M}, {@link #BURN_RATE_30M},
 * {@link #BURN_RATE_1H}, {@link #BURN_RATE_6H} and {@link #BURN_RATE_3D}.
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

  /** Line type of an alert of one severity firing or resolving for one SLO: {@value}. */
  public static final String TYPE_ALERT = "alert";

  /** Line type of a maintenance window declared, rejected, started or ended: {@value}. */
  public static final String TYPE_MAINTENANCE = "maintenance";

  /** Line type of a deployment marker: {@value}. */
  public static final String TYPE_DEPLOYMENT = "deployment";

  /** Line type of an SLO moving from one error-budget policy state to another: {@value}. */
  public static final String TYPE_BUDGET_POLICY = "budget_policy";

  /** Line type of a release-gate override: {@value}. */
  public static final String TYPE_GATE_OVERRIDE = "gate_override";

  /** Line type: a review of an SLO after its budget was exhausted was recorded: {@value}. */
  public static final String TYPE_REVIEW = "review";

  /** Line type: an approved change to an SLO's error budget was recorded: {@value}. */
  public static final String TYPE_BUDGET_ADJUSTMENT = "budget_adjustment";

  /**
   * Line type the log writes about itself, not for a registry event: {@value}. Once the writer has
   * emptied the priority lane after some priority lines were lost (the lane was full), one such
   * line gives their count in {@link #LOST_PRIORITY_LINES}. Not in {@link #TYPES}, which lists the
   * lines of requests and registry events.
   */
  public static final String TYPE_LOG_LOSS = "log_loss";

  /** Every line type, in the order of the line-type table of docs/logs.md. */
  public static final List<String> TYPES = List.of(TYPE_ACCESS, TYPE_SLI_REPORT, TYPE_ALERT,
      TYPE_MAINTENANCE, TYPE_DEPLOYMENT, TYPE_BUDGET_POLICY, TYPE_GATE_OVERRIDE, TYPE_REVIEW, TYPE_BUDGET_ADJUSTMENT);

  // ---- every line ----

  /** When it happened: RFC 3339, UTC, milliseconds, such as {@code 2026-11-27T03:18:32.123Z}. */
  public static final String TS = "ts";

  /** The line type: one of {@link #TYPES}, such as {@value #TYPE_ACCESS}. */
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

  /** The SLO's name; on {@code sli_report}, {@code alert} and {@code budget_policy} lines. */
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

  /**
   * Whether the interval ended before its full length: true on the report of the interval in
   * progress when the registry closed (unless built with {@code reportOnClose(false)}).
   *
   * @since 0.2
   */
  public static final String PARTIAL = "partial";

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

  /**
   * {@code 1 − budget_consumed}; negative when overspent. On {@code budget_policy} lines too: the
   * budget left when the state changed.
   */
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

  /**
   * The error-budget policy state: {@code healthy}, {@code at_risk} (budget left under the
   * threshold, or a page alert firing) or {@code exhausted} (no budget left).
   */
  public static final String BUDGET_STATE = "budget_state";

  /** Whether a {@code page} alert is firing (boolean). */
  public static final String PAGING = "paging";

  /**
   * The severities firing, sorted and comma-joined, such as {@code page,ticket}; {@code ""} when
   * none. Always written on a report.
   */
  public static final String FIRING = "firing";

  /**
   * What every burn-rate field name starts with: {@value}; the rest is the lookback, such as
   * {@code 5m}. A burn rate is {@code (bad/valid over the lookback) / (1 − objective)}, 0 with no
   * data; 1 spends the budget exactly over the compliance window.
   */
  public static final String BURN_RATE_PREFIX = "burn_rate_";

  /** Burn rate over the last 5 minutes (default page rule's short window): {@value}. */
  public static final String BURN_RATE_5M = "burn_rate_5m";

  /** Burn rate over the last 30 minutes (default page rule's short window): {@value}. */
  public static final String BURN_RATE_30M = "burn_rate_30m";

  /** Burn rate over the last hour (default page rule's long window): {@value}. */
  public static final String BURN_RATE_1H = "burn_rate_1h";

  /** Burn rate over the last 6 hours (default page rule's long window, ticket's short): {@value}. */
  public static final String BURN_RATE_6H = "burn_rate_6h";

  /** Burn rate over the last 3 days (default ticket rule's long window): {@value}. */
  public static final String BURN_RATE_3D = "burn_rate_3d";

  /**
   * Milliseconds until the error budget is exhausted if the burn rate of the last hour goes on
   * ({@link io.sre4j.core.SloStatus.Exhaustion}); on {@code sli_report} and {@code alert} lines,
   * left out when it is not forecast to run out (burn rate at most 1, budget already spent, time
   * slices, or a calendar period that ends first).
   *
   * @since 0.3
   */
  public static final String EXHAUSTION_1H_MS = "exhaustion_1h_ms";

  /**
   * Milliseconds until the error budget is exhausted if the burn rate of the last 6 hours goes on;
   * as {@link #EXHAUSTION_1H_MS}.
   *
   * @since 0.3
   */
  public static final String EXHAUSTION_6H_MS = "exhaustion_6h_ms";

  /**
   * Whether none of the alert rules' short windows holds a valid event (boolean): no burn-rate
   * alert can fire, and an SLI of 1.0 says nothing. Also true whenever the window has no data.
   *
   * @since 0.3
   */
  public static final String NO_DATA = "no_data";

  /**
   * How many times an alert would have fired but for the low-traffic guard ({@code
   * alert.min-events} valid events in a rule's long window), counted once per stretch, since the
   * registry was built.
   *
   * @since 0.3
   */
  public static final String ALERTS_SUPPRESSED_LOW_TRAFFIC = "alerts_suppressed_low_traffic";

  /** Whether a maintenance window covers the SLO now (boolean). */
  public static final String IN_MAINTENANCE = "in_maintenance";

  /** Requests left out of the compliance window because a maintenance window was active. */
  public static final String MAINTENANCE_EVENTS = "maintenance_events";

  /** The version of the last deployment marker; only after one was set. */
  public static final String DEPLOYMENT_VERSION = "deployment_version";

  /**
   * When the deployment went live (RFC 3339): on {@code deployment} lines, and on reports after a
   * deployment marker was set.
   */
  public static final String DEPLOYED_AT = "deployed_at";

  /**
   * The burn rate from the last deployment to now (edge error one bucket); only after a
   * deployment marker was set.
   */
  public static final String BURN_RATE_SINCE_DEPLOYMENT = "burn_rate_since_deployment";

  /**
   * Whether the burn since the last deployment reached the page factor within the rollback period
   * after it (boolean): roll back. Only after a deployment marker was set.
   */
  public static final String ROLLBACK_ADVISED = "rollback_advised";

  /** Valid events since the SLO was registered; monotonic, for sums across a fleet. */
  public static final String TOTAL_VALID = "total_valid";

  /** Bad events since the SLO was registered; monotonic. */
  public static final String TOTAL_BAD = "total_bad";

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

  /**
   * Priority lines ({@value #TYPE_ALERT}, {@value #TYPE_BUDGET_POLICY}, {@value #TYPE_MAINTENANCE},
   * {@value #TYPE_DEPLOYMENT}, {@value #TYPE_GATE_OVERRIDE}) lost because the priority lane was
   * full, since the previous {@value #TYPE_LOG_LOSS} line; the only field of that line.
   */
  public static final String LOST_PRIORITY_LINES = "lost_priority_lines";

  /**
   * How the registry restored its state file at start ({@code restored}, {@code partly restored},
   * {@code fresh}, {@code corrupt}, {@code unreadable}); only with a state file.
   */
  public static final String STATE_RESTORE = "state_restore";

  /** When the registry last wrote its state file (RFC 3339); only once it has. */
  public static final String STATE_LAST_WRITTEN = "state_last_written";

  /** State-file writes since start; only with a state file. */
  public static final String STATE_WRITES = "state_writes";

  /** Failed state-file writes since start; only with a state file. */
  public static final String STATE_WRITE_FAILURES = "state_write_failures";

  /** Notifications to Alertmanager accepted (2xx) since start; only with {@code alert.alertmanager} set. */
  public static final String NOTIFICATIONS_ALERTMANAGER_SENT = "notifications_alertmanager_sent";

  /** Notifications to Alertmanager: attempts that failed with a 5xx, a time-out or a connection error and were retried, since start; only with {@code alert.alertmanager} set. */
  public static final String NOTIFICATIONS_ALERTMANAGER_RETRIED = "notifications_alertmanager_retried";

  /** Notifications to Alertmanager refused (a 4xx; never retried) since start; only with {@code alert.alertmanager} set. */
  public static final String NOTIFICATIONS_ALERTMANAGER_FAILED = "notifications_alertmanager_failed";

  /** Notifications to Alertmanager given up (after alert.retry-for, queue full, or closed) since start; only with {@code alert.alertmanager} set. */
  public static final String NOTIFICATIONS_ALERTMANAGER_DROPPED = "notifications_alertmanager_dropped";

  /** Notifications to the webhook accepted (2xx) since start; only with {@code alert.webhook} set. */
  public static final String NOTIFICATIONS_WEBHOOK_SENT = "notifications_webhook_sent";

  /** Notifications to the webhook: attempts that failed with a 5xx, a time-out or a connection error and were retried, since start; only with {@code alert.webhook} set. */
  public static final String NOTIFICATIONS_WEBHOOK_RETRIED = "notifications_webhook_retried";

  /** Notifications to the webhook refused (a 4xx; never retried) since start; only with {@code alert.webhook} set. */
  public static final String NOTIFICATIONS_WEBHOOK_FAILED = "notifications_webhook_failed";

  /** Notifications to the webhook given up (after alert.retry-for, queue full, or closed) since start; only with {@code alert.webhook} set. */
  public static final String NOTIFICATIONS_WEBHOOK_DROPPED = "notifications_webhook_dropped";

  // ---- alert ----

  /** The alert's severity, such as {@code page} or {@code ticket}. */
  public static final String SEVERITY = "severity";

  /** {@code firing} (the alert started) or {@code resolved} (it stopped). */
  public static final String STATE = "state";

  /** When the alert started firing (RFC 3339); equal to {@link #TS} on a {@code firing} line. */
  public static final String SINCE = "since";

  /**
   * The long lookback of the rule shown, such as {@code 1h}. The rule shown is the first of the
   * severity's rules that holds, or its first rule when none holds (a {@code resolved} line).
   */
  public static final String LONG_WINDOW = "long_window";

  /** The short lookback of the rule shown, such as {@code 5m}. */
  public static final String SHORT_WINDOW = "short_window";

  /** The burn rate over the rule's long lookback. */
  public static final String LONG_BURN_RATE = "long_burn_rate";

  /** The burn rate over the rule's short lookback. */
  public static final String SHORT_BURN_RATE = "short_burn_rate";

  /** The burn rate both lookbacks of the rule must reach for it to hold, such as {@code 14.4}. */
  public static final String FACTOR = "factor";

  // ---- maintenance ----

  /** What happened to the window: {@code declared}, {@code rejected}, {@code started} or {@code ended}. */
  public static final String EVENT = "event";

  /** When the maintenance window starts (RFC 3339). */
  public static final String START = "start";

  /** When the maintenance window ends (RFC 3339). */
  public static final String END = "end";

  /**
   * Why, as given: of the maintenance window, of the policy change ({@code 12.5% of the error
   * budget left, page alert firing}), or of the gate override.
   */
  public static final String REASON = "reason";

  /**
   * The SLOs concerned, comma-joined: on {@code maintenance} lines those the window applies to, on
   * {@code gate_override} lines those the gate judges; left out when it is every SLO.
   */
  public static final String SLOS = "slos";

  /**
   * The SLOs whose allowed downtime the planned windows exceed, each with its figures, joined with
   * {@code "; "}; on {@code declared} and {@code rejected} lines, left out when within budget.
   */
  public static final String OVER_BUDGET = "over_budget";

  // ---- deployment ----

  /** The version that went live. */
  public static final String VERSION = "version";

  /** The downtime declared with the deployment; left out when none was. */
  public static final String EXPECTED_DOWNTIME_MS = "expected_downtime_ms";

  /** The equivalent full downtime measured inside the declared downtime. */
  public static final String ACTUAL_DOWNTIME_MS = "actual_downtime_ms";

  /** Requests left out inside the declared downtime. */
  public static final String DOWNTIME_REQUESTS = "downtime_requests";

  /** Of those, the ones that would have been bad. */
  public static final String DOWNTIME_BAD_EVENTS = "downtime_bad_events";

  /** What those bad events would have cost the budget, as a fraction of it. */
  public static final String BUDGET_COST = "budget_cost";

  // ---- budget_policy ----

  /** The previous policy state: {@code healthy}, {@code at_risk} or {@code exhausted}. */
  public static final String FROM = "from";

  /** The new policy state: {@code healthy}, {@code at_risk} or {@code exhausted}. */
  public static final String TO = "to";

  // ---- gate_override ----

  /** When the override lapses (RFC 3339). */
  public static final String VALID_UNTIL = "valid_until";

  /**
   * What the gate would have said without the override, joined with {@code "; "}; left out when
   * it would have allowed the release anyway.
   */
  public static final String DENY_REASONS = "deny_reasons";

  /**
   * The name of the exhaustion-forecast field over a lookback of {@link
   * io.sre4j.core.SloStatus#FORECAST_LOOKBACKS}.
   *
   * @param lookback 1 hour or 6 hours
   * @return {@link #EXHAUSTION_1H_MS} or {@link #EXHAUSTION_6H_MS}
   * @throws IllegalArgumentException for another lookback
   * @since 0.3
   */
  public static String exhaustion(Duration lookback) {
    if (lookback.equals(Duration.ofHours(1))) {
      return EXHAUSTION_1H_MS;
    }
    if (lookback.equals(Duration.ofHours(6))) {
      return EXHAUSTION_6H_MS;
    }
    throw new IllegalArgumentException("lookback must be 1h or 6h but was " + lookback);
  }

  /**
   * {@code adjusted} while a budget adjustment is in force (the budget figures of the line are the
   * adjusted ones); left out when the SLO's own budget is in force.
   */
  public static final String BUDGET_IN_FORCE = "budget_in_force";

  /** The objective the budget is counted against while an adjustment is in force. */
  public static final String BUDGET_OBJECTIVE = "budget_objective";

  /** Extra bad events (or bad slices) an adjustment in force allows on top of the budget. */
  public static final String EXTRA_ALLOWANCE = "extra_allowance";

  /** The budget left by the SLO's own objective, while an adjustment is in force. */
  public static final String ORIGINAL_BUDGET_REMAINING = "original_budget_remaining";

  // ---- budget_adjustment ----

  /** The adjusted objective, when the adjustment changes the objective. */
  public static final String ADJUSTED_OBJECTIVE = "adjusted_objective";

  /** Extra bad events allowed, when the adjustment is an event allowance. */
  public static final String EXTRA_BAD_EVENTS = "extra_bad_events";

  /** Extra full downtime allowed, when the adjustment is a downtime allowance. */
  public static final String EXTRA_DOWNTIME_MS = "extra_downtime_ms";

  /** Who approved the adjustment. */
  public static final String APPROVER = "approver";

  /** Whether the adjustment has no end. */
  public static final String LONG_TERM = "long_term";

  // ---- review ----

  /** Who recorded the review. */
  public static final String WHO = "who";

  /** When the review was held (RFC 3339). */
  public static final String REVIEWED_AT = "reviewed_at";

  /** What happened and why, as given. */
  public static final String SUMMARY = "summary";

  /** The actions agreed, joined with {@code "; "}; left out when none. */
  public static final String ACTIONS = "actions";

  /** A link to the write-up; left out when none. */
  public static final String LINK = "link";

  /**
   * When the exhaustion whose review requirement the review closed began (RFC 3339); left out
   * when it closed none.
   */
  public static final String EXHAUSTED_ON = "exhausted_on";

  /**
   * The name of the burn-rate field over a lookback: {@link #BURN_RATE_PREFIX} and the lookback as
   * written in configuration.
   *
   * @param window the lookback, such as 5 minutes
   * @return the field name, such as {@code burn_rate_5m}
   */
  public static String burnRate(Duration window) {
    return BURN_RATE_PREFIX + ConfigSchema.formatDuration(window);
  }

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
