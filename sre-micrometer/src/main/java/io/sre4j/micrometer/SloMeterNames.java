package io.sre4j.micrometer;

/**
 * The names, tags and units of every meter {@link SloMeterBinder} registers, in one place, with the
 * form each takes in Prometheus' text format (the registry's naming convention turns dots into
 * underscores and appends the base unit and, for counters, {@code _total}).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>Prometheus</th><th>type</th><th>tags</th><th>unit</th>
 *       <th>meaning</th></tr>
 *   <tr><td>{@value #DEFAULT_SLOS}</td><td>{@value #PROMETHEUS_SLOS}</td><td>gauge</td>
 *       <td></td><td></td><td>SLOs registered</td></tr>
 *   <tr><td>{@value #DEFAULT_ENDPOINTS}</td><td>{@value #PROMETHEUS_ENDPOINTS}</td><td>gauge</td>
 *       <td></td><td></td><td>endpoints known</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_GOOD}</td><td>{@value #PROMETHEUS_SLO_GOOD}</td>
 *       <td>function counter</td><td>slo</td><td>events</td><td>good events since the SLO was
 *       registered (monotonic; sum it over instances)</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_VALID}</td><td>{@value #PROMETHEUS_SLO_VALID}</td>
 *       <td>function counter</td><td>slo</td><td>events</td><td>valid events (good or bad) since
 *       the SLO was registered</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_OBJECTIVE}</td><td>{@value #PROMETHEUS_SLO_OBJECTIVE}</td>
 *       <td>gauge</td><td>slo</td><td>ratio</td><td>the objective, such as 0.999</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_BUDGET_OBJECTIVE}</td><td>{@value
 *       #PROMETHEUS_SLO_BUDGET_OBJECTIVE}</td><td>gauge</td><td>slo</td><td>ratio</td><td>the
 *       objective the budget is counted against: the objective, or an adjusted one while a budget
 *       adjustment is in force</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_SLI}</td><td>{@value #PROMETHEUS_SLO_SLI}</td><td>gauge</td>
 *       <td>slo, window</td><td>ratio</td><td>good / valid over each alert window
 *       ({@code 5m} ... {@code 3d}) and over the compliance window ({@code 30d}, {@code month});
 *       1 with no data</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_BUDGET_REMAINING}</td>
 *       <td>{@value #PROMETHEUS_SLO_BUDGET_REMAINING}</td><td>gauge</td><td>slo</td><td>ratio</td>
 *       <td>error budget left in the compliance window; negative when overspent</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_BURN_RATE}</td><td>{@value #PROMETHEUS_SLO_BURN_RATE}</td>
 *       <td>gauge</td><td>slo, window</td><td></td><td>burn rate over each alert window; 1 spends
 *       the budget exactly over the compliance window</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_BUDGET_EXHAUSTION}</td>
 *       <td>{@value #PROMETHEUS_SLO_BUDGET_EXHAUSTION}</td><td>gauge</td><td>slo, window</td>
 *       <td>seconds</td><td>the exhaustion forecast: time until the error budget is spent if the
 *       burn rate over the window ({@code 1h}, {@code 6h}) goes on ({@link
 *       io.sre4j.core.SloStatus.Exhaustion}); NaN when it is not forecast to run out (burn rate at
 *       most 1, budget already spent, time slices, or a calendar period that ends first)</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_ALERT}</td><td>{@value #PROMETHEUS_SLO_ALERT}</td><td>gauge</td>
 *       <td>slo, severity</td><td></td><td>1 while an alert of that severity ({@code page},
 *       {@code ticket}) fires, else 0</td></tr>
 *   <tr><td>{@value #DEFAULT_SLO_BUDGET_STATE}</td><td>{@value #PROMETHEUS_SLO_BUDGET_STATE}</td>
 *       <td>gauge</td><td>slo, state</td><td></td><td>1 for the current error-budget policy state
 *       ({@code healthy}, {@code at_risk}, {@code exhausted}), 0 for the others</td></tr>
 *   <tr><td>{@value #DEFAULT_ENDPOINT_REQUESTS}</td><td>{@value #PROMETHEUS_ENDPOINT_REQUESTS}</td>
 *       <td>function counter</td><td>method, route, band</td><td>requests</td><td>requests in each
 *       latency band ({@code fast}, {@code tolerable}, {@code slow}) over the completed
 *       intervals</td></tr>
 *   <tr><td>{@value #DEFAULT_ENDPOINT_LATENCY}</td><td>{@value #PROMETHEUS_ENDPOINT_LATENCY}</td>
 *       <td>gauge</td><td>method, route, percentile</td><td>seconds</td><td>{@code p50},
 *       {@code p90}, {@code p95}, {@code p99}, {@code p999} of the latest completed interval; NaN
 *       when it had no request</td></tr>
 *   <tr><td>{@value #DEFAULT_ENDPOINT_DURATION}</td><td>{@value #PROMETHEUS_ENDPOINT_DURATION}
 *       ({@code _bucket}, {@code _count}, {@code _sum})</td><td>histogram (Prometheus registry)
 *       </td><td>method, route, le</td><td>seconds</td><td>requests at or under each bound
 *       ({@code le}) of {@code metrics.latency-buckets} (always holding the band edges and every
 *       latency SLO's threshold, each exact) and {@code +Inf}, their count and the sum of their
 *       durations since the endpoint was created, as of the last completed interval: a real
 *       Prometheus histogram, for {@code histogram_quantile} over a fleet</td></tr>
 *   <tr><td>{@value #DEFAULT_ENDPOINT_DURATION_BUCKETS}</td>
 *       <td>{@value #PROMETHEUS_ENDPOINT_DURATION_BUCKETS}, with {@value
 *       #PROMETHEUS_ENDPOINT_DURATION} ({@code _count}, {@code _sum})</td><td>function counter and
 *       function timer (other registries)</td><td>method, route, bound</td><td>seconds</td><td>the
 *       same buckets where the registry is not a Prometheus one: a counter per bound ({@code
 *       bound}, not {@code le}) and a function timer</td></tr>
 * </table>
 *
 * <p><b>The latency histogram.</b> On Micrometer's {@code PrometheusMeterRegistry}
 * (micrometer-registry-prometheus 1.13 or later on the class path, an optional dependency), the
 * binder registers a collector on the registry's Prometheus registry that writes the endpoints'
 * buckets as one {@code histogram} family, {@value #PROMETHEUS_ENDPOINT_DURATION} ({@code
 * _bucket{le}}, {@code _count}, {@code _sum}), read at scrape time, with the binder's tags as
 * labels (a {@code MeterFilter}'s common tags of the registry do not reach it: give the binder the
 * tags instead); that is the form Sloth, Pyrra and {@code histogram_quantile} expect. It stays
 * registered as long as the Prometheus registry (client_java's registry can unregister it, but a
 * binder is never unbound). On any other registry, Micrometer cannot export a histogram from
 * external counts, so the buckets are the counter family {@value
 * #PROMETHEUS_ENDPOINT_DURATION_BUCKETS} with a {@value #TAG_BOUND} label and a function timer.
 *
 * <p>Tags the binder is given (such as {@code application}) are added to every meter. The
 * percentile tag is {@value #TAG_PERCENTILE}, not {@code quantile}: Prometheus reserves {@code
 * quantile} for summaries.
 *
 * @since 0.1
 */
public final class SloMeterNames {

  /** Gauge: SLOs registered. Reading it also lets the binder notice SLOs added or removed. */
  public static final String DEFAULT_SLOS = "sre4j.slos";

  /** Gauge: endpoints known. */
  public static final String DEFAULT_ENDPOINTS = "sre4j.endpoints";

  /** Function counter, unit {@value #UNIT_EVENTS}: good events since the SLO was registered. */
  public static final String DEFAULT_SLO_GOOD = "sre4j.slo.good";

  /** Function counter, unit {@value #UNIT_EVENTS}: valid events since the SLO was registered. */
  public static final String DEFAULT_SLO_VALID = "sre4j.slo.valid";

  /** Gauge, unit {@value #UNIT_RATIO}: the objective. */
  public static final String DEFAULT_SLO_OBJECTIVE = "sre4j.slo.objective";

  /**
   * Gauge, unit {@value #UNIT_RATIO}: the objective the budget is counted against, adjusted while
   * a budget adjustment is in force (since 0.3).
   */
  public static final String DEFAULT_SLO_BUDGET_OBJECTIVE = "sre4j.slo.budget.objective";

  /** Gauge, unit {@value #UNIT_RATIO}, tag {@value #TAG_WINDOW}: good / valid over a window. */
  public static final String DEFAULT_SLO_SLI = "sre4j.slo.sli";

  /** Gauge, unit {@value #UNIT_RATIO}: error budget left in the compliance window. */
  public static final String DEFAULT_SLO_BUDGET_REMAINING = "sre4j.slo.budget.remaining";

  /**
   * Gauge, unit {@value #UNIT_SECONDS}, tag {@value #TAG_WINDOW} ({@code 1h}, {@code 6h}): time
   * until the error budget is spent at that window's burn rate; NaN when it is not forecast to run
   * out.
   *
   * @since 0.3
   */
  public static final String DEFAULT_SLO_BUDGET_EXHAUSTION = "sre4j.slo.budget.exhaustion";

  /**
   * Prometheus form of {@link #DEFAULT_SLO_BUDGET_EXHAUSTION}.
   *
   * @since 0.3
   */
  public static final String PROMETHEUS_SLO_BUDGET_EXHAUSTION = "sre4j_slo_budget_exhaustion_seconds";

  /** Gauge, tag {@value #TAG_WINDOW}: burn rate over an alert window. */
  public static final String DEFAULT_SLO_BURN_RATE = "sre4j.slo.burn.rate";

  /** Gauge, tag {@value #TAG_SEVERITY}: 1 while an alert of that severity fires. */
  public static final String DEFAULT_SLO_ALERT = "sre4j.slo.alert.firing";

  /** Gauge, tag {@value #TAG_STATE}: 1 for the current error-budget policy state. */
  public static final String DEFAULT_SLO_BUDGET_STATE = "sre4j.slo.budget.state";

  /** Function counter, unit {@value #UNIT_REQUESTS}, tag {@value #TAG_BAND}: requests per band. */
  public static final String DEFAULT_ENDPOINT_REQUESTS = "sre4j.endpoint.requests";

  /** Gauge, unit {@value #UNIT_SECONDS}, tag {@value #TAG_PERCENTILE}: latency percentiles. */
  public static final String DEFAULT_ENDPOINT_LATENCY = "sre4j.endpoint.latency";

  /**
   * Tags {@value #TAG_METHOD} and {@value #TAG_ROUTE}, unit seconds: every request of the endpoint
   * and the sum of their durations, monotonic, as of the last completed interval; on a Prometheus
   * registry with the buckets, as one histogram, elsewhere as a function timer.
   */
  public static final String DEFAULT_ENDPOINT_DURATION = "sre4j.endpoint.duration";

  /**
   * Function counter, tag {@value #TAG_BOUND}: requests at or under each latency bound, cumulative
   * and monotonic, as of the last completed interval; registered only on registries other than
   * Micrometer's Prometheus one, which gets a real histogram instead.
   */
  public static final String DEFAULT_ENDPOINT_DURATION_BUCKETS =
      "sre4j.endpoint.duration.seconds.buckets";

  /**
   * Prometheus form of {@link #DEFAULT_ENDPOINT_DURATION}: {@value}, a histogram on a Prometheus
   * registry ({@link #PROMETHEUS_ENDPOINT_DURATION_BUCKET}, {@code
   * sre4j_endpoint_duration_seconds_count}, {@code sre4j_endpoint_duration_seconds_sum}).
   */
  public static final String PROMETHEUS_ENDPOINT_DURATION = "sre4j_endpoint_duration_seconds";

  /**
   * The bucket series of the {@link #PROMETHEUS_ENDPOINT_DURATION} histogram, label {@code le}:
   * {@value}. Exported on a Micrometer {@code PrometheusMeterRegistry} only.
   *
   * @since 0.3
   */
  public static final String PROMETHEUS_ENDPOINT_DURATION_BUCKET =
      "sre4j_endpoint_duration_seconds_bucket";

  /**
   * Prometheus form of {@link #DEFAULT_ENDPOINT_DURATION_BUCKETS}: {@value}; exported only where
   * the registry is not a Prometheus one (which gets {@link #PROMETHEUS_ENDPOINT_DURATION_BUCKET}).
   */
  public static final String PROMETHEUS_ENDPOINT_DURATION_BUCKETS =
      "sre4j_endpoint_duration_seconds_buckets_total";

  /** Structured-log lines dropped because the queue was full: {@value}. */
  public static final String DEFAULT_LOG_DROPPED = "sre4j.log.lines.dropped";

  /** Structured-log lines written to the sink: {@value}. */
  public static final String DEFAULT_LOG_WRITTEN = "sre4j.log.lines.written";

  /** Structured-log sink failures (a sink that threw): {@value}. */
  public static final String DEFAULT_LOG_SINK_FAILURES = "sre4j.log.sink.failures";

  /**
   * Structured-log priority lines ({@code alert}, {@code budget_policy}, {@code maintenance},
   * {@code deployment}, {@code gate_override}) lost because even the priority lane was full; they
   * are counted in {@link #DEFAULT_LOG_DROPPED} too: {@value}.
   */
  public static final String DEFAULT_LOG_PRIORITY_LOST = "sre4j.log.lines.priority.lost";

  /** Prometheus form of {@link #DEFAULT_LOG_PRIORITY_LOST}: {@value}. */
  public static final String PROMETHEUS_LOG_PRIORITY_LOST = "sre4j_log_lines_priority_lost_total";

  /** Prometheus form of {@link #DEFAULT_LOG_DROPPED}: {@value}. */
  public static final String PROMETHEUS_LOG_DROPPED = "sre4j_log_lines_dropped_total";

  /** Prometheus form of {@link #DEFAULT_LOG_WRITTEN}: {@value}. */
  public static final String PROMETHEUS_LOG_WRITTEN = "sre4j_log_lines_written_total";

  /** Prometheus form of {@link #DEFAULT_LOG_SINK_FAILURES}: {@value}. */
  public static final String PROMETHEUS_LOG_SINK_FAILURES = "sre4j_log_sink_failures_total";

  /** Counter: state-file writes since start (only with a state file). */
  public static final String DEFAULT_STATE_WRITES = "sre4j.state.writes";

  /** Counter: failed state-file writes since start (only with a state file). */
  public static final String DEFAULT_STATE_WRITE_FAILURES = "sre4j.state.write.failures";

  /** Gauge: 1, tagged {@code outcome} with how the registry restored its state file. */
  public static final String DEFAULT_STATE_RESTORED = "sre4j.state.restored";

  /** Prometheus form of {@link #DEFAULT_STATE_WRITES}: {@value}. */
  public static final String PROMETHEUS_STATE_WRITES = "sre4j_state_writes_total";

  /** Prometheus form of {@link #DEFAULT_STATE_WRITE_FAILURES}: {@value}. */
  public static final String PROMETHEUS_STATE_WRITE_FAILURES = "sre4j_state_write_failures_total";

  /** Prometheus form of {@link #DEFAULT_STATE_RESTORED}: {@value}. */
  public static final String PROMETHEUS_STATE_RESTORED = "sre4j_state_restored";

  /**
   * Counter: alert notifications since start, tagged {@code target} ({@code alertmanager}, {@code
   * webhook}) and {@code outcome} ({@code sent}, {@code retried}, {@code failed}, {@code dropped});
   * only for the targets configured ({@code alert.alertmanager}, {@code alert.webhook}).
   *
   * @since 0.3
   */
  public static final String DEFAULT_ALERT_NOTIFICATIONS = "sre4j.alert.notifications";

  /**
   * Prometheus form of {@link #DEFAULT_ALERT_NOTIFICATIONS}: {@value}.
   *
   * @since 0.3
   */
  public static final String PROMETHEUS_ALERT_NOTIFICATIONS = "sre4j_alert_notifications_total";

  /** Prometheus form of {@link #DEFAULT_SLOS}. */
  public static final String PROMETHEUS_SLOS = "sre4j_slos";

  /** Prometheus form of {@link #DEFAULT_ENDPOINTS}. */
  public static final String PROMETHEUS_ENDPOINTS = "sre4j_endpoints";

  /** Prometheus form of {@link #DEFAULT_SLO_GOOD}. */
  public static final String PROMETHEUS_SLO_GOOD = "sre4j_slo_good_events_total";

  /** Prometheus form of {@link #DEFAULT_SLO_VALID}. */
  public static final String PROMETHEUS_SLO_VALID = "sre4j_slo_valid_events_total";

  /** Prometheus form of {@link #DEFAULT_SLO_OBJECTIVE}. */
  public static final String PROMETHEUS_SLO_OBJECTIVE = "sre4j_slo_objective_ratio";

  /** Prometheus form of {@link #DEFAULT_SLO_BUDGET_OBJECTIVE}. */
  public static final String PROMETHEUS_SLO_BUDGET_OBJECTIVE = "sre4j_slo_budget_objective_ratio";

  /** Prometheus form of {@link #DEFAULT_SLO_SLI}. */
  public static final String PROMETHEUS_SLO_SLI = "sre4j_slo_sli_ratio";

  /** Prometheus form of {@link #DEFAULT_SLO_BUDGET_REMAINING}. */
  public static final String PROMETHEUS_SLO_BUDGET_REMAINING = "sre4j_slo_budget_remaining_ratio";

  /** Prometheus form of {@link #DEFAULT_SLO_BURN_RATE}. */
  public static final String PROMETHEUS_SLO_BURN_RATE = "sre4j_slo_burn_rate";

  /** Prometheus form of {@link #DEFAULT_SLO_ALERT}. */
  public static final String PROMETHEUS_SLO_ALERT = "sre4j_slo_alert_firing";

  /** Prometheus form of {@link #DEFAULT_SLO_BUDGET_STATE}. */
  public static final String PROMETHEUS_SLO_BUDGET_STATE = "sre4j_slo_budget_state";

  /** Prometheus form of {@link #DEFAULT_ENDPOINT_REQUESTS}. */
  public static final String PROMETHEUS_ENDPOINT_REQUESTS = "sre4j_endpoint_requests_total";

  /** Prometheus form of {@link #DEFAULT_ENDPOINT_LATENCY}. */
  public static final String PROMETHEUS_ENDPOINT_LATENCY = "sre4j_endpoint_latency_seconds";

  /** Tag: the SLO's name. */
  public static final String TAG_SLO = "slo";

  /**
   * Tag: a lookback as written in configuration, such as {@code 5m}, {@code 30d}, {@code month}.
   */
  public static final String TAG_WINDOW = "window";

  /** Tag: an alert severity, such as {@code page} or {@code ticket}. */
  public static final String TAG_SEVERITY = "severity";

  /** Tag: an error-budget policy state: {@code healthy}, {@code at_risk}, {@code exhausted}. */
  public static final String TAG_STATE = "state";

  /**
   * Tag: where an alert notification went: {@code alertmanager} or {@code webhook}.
   *
   * @since 0.3
   */
  public static final String TAG_TARGET = "target";

  /**
   * Tag: what became of alert notifications: {@code sent}, {@code retried}, {@code failed}, {@code
   * dropped}.
   *
   * @since 0.3
   */
  public static final String TAG_OUTCOME = "outcome";

  /** Tag: the endpoint's HTTP method, upper case. */
  public static final String TAG_METHOD = "method";

  /** Tag: the endpoint's route template, such as {@code /api/orders/{id}}. */
  public static final String TAG_ROUTE = "route";

  /** Tag: a latency band: {@code fast}, {@code tolerable}, {@code slow}. */
  public static final String TAG_BAND = "band";

  /**
   * Tag: a latency bucket's bound in seconds, as Prometheus histograms write {@code le} ({@code
   * 0.3}, {@code 1.0}, {@code +Inf}), on the fallback counters of registries other than
   * Prometheus'. Not {@code le} itself: {@code promtool check metrics} rejects {@code le} on
   * anything but a histogram.
   */
  public static final String TAG_BOUND = "bound";

  /** Tag: a percentile: {@code p50}, {@code p90}, {@code p95}, {@code p99}, {@code p999}. */
  public static final String TAG_PERCENTILE = "percentile";

  /** Base unit of the event counters. */
  public static final String UNIT_EVENTS = "events";

  /** Base unit of the band counters. */
  public static final String UNIT_REQUESTS = "requests";

  /** Base unit of ratios in [0,1] (the budget left may go below 0). */
  public static final String UNIT_RATIO = "ratio";

  /** Base unit of latencies. */
  public static final String UNIT_SECONDS = "seconds";

  private SloMeterNames() {}
}
