package io.sre4j.core.log;

import static io.sre4j.core.log.LogFields.*;

import io.sre4j.core.ConfigSchema;
import io.sre4j.core.Deployment;
import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.MaintenanceWindow;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetAdjustmentEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloEvent.DeploymentDowntimeEvent;
import io.sre4j.core.event.SloEvent.DeploymentEvent;
import io.sre4j.core.event.SloEvent.GateOverrideEvent;
import io.sre4j.core.event.SloEvent.MaintenanceEvent;
import io.sre4j.core.event.SloEvent.ReviewEvent;
import io.sre4j.core.event.SloEvent.SliReport;
import io.sre4j.core.log.LogSink.FieldVisitor;
import io.sre4j.core.log.LogSink.LogRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The line the writer thread is writing: a copy of one queue slot, shown to sinks as a
 * {@link LogRecord}. Each line type is one method that visits its fields in a fixed order, each
 * name once; adding a type (an {@link SloEvent} record) means one such method and one branch in
 * each of {@link #typeOf} and {@link #eventFields}. Field names go in {@link LogFields}.
 *
 * <p>Every line is flat (see {@link LogFields}): lists are joined into one string. Burn-rate names
 * are unique within a line because each lookback is visited once: a report's burn rates are one
 * per distinct lookback ({@link SloStatus#burnRates()}), an alert's are deduplicated here, and no
 * fixed field name has a window label (digits and a unit) after {@value LogFields#BURN_RATE_PREFIX}.
 *
 * <p><b>Thread safety:</b> owned by the writer thread. <b>Cost:</b> no allocation for access lines;
 * a report allocates what {@link SloSnapshot} computes (a {@code Duration} or two) and the labels
 * of enum states; event lines allocate their joined lists. Burn-rate field names are made once per
 * lookback.
 */
final class Line implements LogRecord {

  /** Joins names, which hold no comma (SLO names, severities): {@value}. */
  static final String NAME_SEPARATOR = ",";

  /** Joins sentences, which may hold commas (over-budget figures, deny reasons): {@value}. */
  static final String SENTENCE_SEPARATOR = "; ";

  private final String service;
  private final Truncated truncated;
  private final StringBuilder traceHex = new StringBuilder(32);
  private final WindowNames windows = new WindowNames();

  private int kind;
  private long epochMillis;
  private @Nullable String method;
  private @Nullable String route;
  private int status;
  private long durationNanos;
  private boolean hasTrace;
  private long traceHigh;
  private long traceLow;
  private @Nullable String error;
  private @Nullable SloEvent event;
  private long droppedLines;
  private long lostPriorityLines;

  Line(String service, int stringLimit) {
    this.service = service;
    this.truncated = new Truncated(stringLimit);
  }

  /** Copies a slot; the slot may be reused as soon as this returns. */
  void load(LineQueue.Slot slot) {
    kind = slot.kind;
    epochMillis = slot.epochMillis;
    method = slot.method;
    route = slot.route;
    status = slot.status;
    durationNanos = slot.durationNanos;
    hasTrace = slot.hasTrace;
    traceHigh = slot.traceHigh;
    traceLow = slot.traceLow;
    error = slot.error;
    event = slot.event;
    droppedLines = 0;
  }

  /** Makes this a {@code log_loss} line reporting {@code lost} priority lines. */
  void loadLoss(long epochMillis, long lost) {
    kind = LineQueue.LOSS;
    this.epochMillis = epochMillis;
    method = null;
    route = null;
    error = null;
    event = null;
    lostPriorityLines = lost;
  }

  /**
   * @return whether the line of an event goes into the priority lane: every event line but
   *     {@code sli_report}
   */
  static boolean isPriority(SloEvent event) {
    return !(event instanceof SliReport);
  }

  /** Forgets references so a written line keeps nothing alive. */
  void clear() {
    method = null;
    route = null;
    error = null;
    event = null;
  }

  /**
   * The line type of an event, or null if sre4j writes no line for it. A new event type is one
   * branch here, one in {@link #eventFields} and one method that visits its fields.
   */
  static @Nullable String typeOf(SloEvent event) {
    if (event instanceof SliReport) {
      return TYPE_SLI_REPORT;
    } else if (event instanceof AlertEvent) {
      return TYPE_ALERT;
    } else if (event instanceof MaintenanceEvent) {
      return TYPE_MAINTENANCE;
    } else if (event instanceof DeploymentEvent) {
      return TYPE_DEPLOYMENT;
    } else if (event instanceof BudgetPolicyEvent) {
      return TYPE_BUDGET_POLICY;
    } else if (event instanceof GateOverrideEvent) {
      return TYPE_GATE_OVERRIDE;
    } else if (event instanceof ReviewEvent) {
      return TYPE_REVIEW;
    } else if (event instanceof BudgetAdjustmentEvent) {
      return TYPE_BUDGET_ADJUSTMENT;
    } else if (event instanceof DeploymentDowntimeEvent) {
      return TYPE_DEPLOYMENT;
    }
    return null;
  }

  /** Visits the fields after {@code ts}, {@code type} and {@code service} of an event line. */
  private void eventFields(FieldVisitor out) {
    if (event instanceof SliReport report) {
      sliReport(report, out);
    } else if (event instanceof AlertEvent alert) {
      alert(alert, out);
    } else if (event instanceof MaintenanceEvent maintenance) {
      maintenance(maintenance, out);
    } else if (event instanceof DeploymentEvent deployment) {
      deployment(deployment, out);
    } else if (event instanceof BudgetPolicyEvent policy) {
      budgetPolicy(policy, out);
    } else if (event instanceof GateOverrideEvent override) {
      gateOverride(override, out);
    } else if (event instanceof ReviewEvent review) {
      review(review, out);
    } else if (event instanceof BudgetAdjustmentEvent adjustment) {
      budgetAdjustment(adjustment, out);
    } else if (event instanceof DeploymentDowntimeEvent downtime) {
      deploymentDowntime(downtime, out);
    }
  }

  /** @return whether sre4j writes a line for this kind of event */
  static boolean supports(SloEvent event) {
    return typeOf(event) != null;
  }

  boolean isReport() {
    return kind == LineQueue.EVENT && event instanceof SliReport;
  }

  /** Sets the {@code dropped_lines} figure of a report line. */
  void droppedLines(long count) {
    droppedLines = count;
  }

  @Override
  public String type() {
    if (kind == LineQueue.ACCESS) {
      return TYPE_ACCESS;
    }
    if (kind == LineQueue.LOSS) {
      return TYPE_LOG_LOSS;
    }
    String type = typeOf(event());
    if (type == null) {
      throw new IllegalStateException("no line type for " + event().getClass().getName());
    }
    return type;
  }

  @Override
  public long epochMillis() {
    return epochMillis;
  }

  @Override
  public void fields(FieldVisitor out) {
    out.timestamp(TS, epochMillis);
    out.string(TYPE, type());
    if (kind == LineQueue.ACCESS) {
      out.string(SERVICE, text(service));
      access(out);
    } else if (kind == LineQueue.LOSS) {
      out.string(SERVICE, text(service));
      out.integer(LOST_PRIORITY_LINES, lostPriorityLines);
    } else {
      out.string(SERVICE, text(event().service()));
      eventFields(out);
    }
  }

  private CharSequence text(@Nullable String value) {
    return truncated.of(value == null ? "" : value);
  }

  /** The event of an event line (set by {@code load} whenever the kind is not access). */
  private SloEvent event() {
    SloEvent loaded = event;
    if (loaded == null) {
      throw new IllegalStateException("an event line without its event");
    }
    return loaded;
  }

  private void access(FieldVisitor out) {
    out.string(ROUTE, text(route));
    out.string(METHOD, text(method));
    out.integer(STATUS, status);
    out.millis(DURATION_MS, durationNanos);
    if (hasTrace) {
      traceHex.setLength(0);
      TraceParent.appendHex(traceHigh, traceLow, traceHex);
      out.string(TRACE_ID, traceHex);
    }
    if (error != null) {
      out.string(ERROR, text(error));
    }
  }

  private void sliReport(SliReport report, FieldVisitor out) {
    SloSnapshot window = report.window();
    IntervalStats latency = report.latency();
    out.string(SLO, text(window.name()));
    out.string(SLI_KIND, text(window.sliKind()));
    out.decimal(OBJECTIVE, window.objective());
    out.string(WINDOW, text(window.window()));
    out.timestamp(INTERVAL_START, report.intervalStart().toEpochMilli());
    out.timestamp(INTERVAL_END, report.time().toEpochMilli());
    out.integer(INTERVAL_VALID, report.intervalValid());
    out.integer(INTERVAL_GOOD, report.intervalValid() - report.intervalBad());
    out.integer(INTERVAL_BAD, report.intervalBad());
    out.decimal(INTERVAL_SLI, report.intervalSli());
    out.bool(PARTIAL, report.partial());
    out.timestamp(WINDOW_START, window.windowStart().toEpochMilli());
    out.integer(WINDOW_VALID, window.validEvents());
    out.integer(WINDOW_GOOD, window.goodEvents());
    out.integer(WINDOW_BAD, window.badEvents());
    out.decimal(SLI, window.sli());
    out.decimal(BUDGET_CONSUMED, window.budgetConsumed());
    out.decimal(BUDGET_REMAINING, window.budgetRemaining());
    out.decimal(ALLOWED_BAD_EVENTS, window.allowedBadEvents());
    if (window.adjusted()) {
      out.string(BUDGET_IN_FORCE, "adjusted");
      out.decimal(BUDGET_OBJECTIVE, window.budgetObjective());
      out.decimal(EXTRA_ALLOWANCE, window.extraAllowance());
      out.decimal(ORIGINAL_BUDGET_REMAINING, window.originalBudgetRemaining());
    }
    if (window.timeslices()) {
      out.millis(SLICE_MS, window.sliceLength().toNanos());
      out.integer(BAD_SLICES, window.badSlices());
      out.decimal(ALLOWED_BAD_SLICES, window.allowedBadSlices());
      out.millis(BAD_TIME_MS, window.badTime().toNanos());
      out.millis(ALLOWED_BAD_TIME_MS, window.allowedBadTime().toNanos());
    }
    SloStatus status = report.status();
    out.string(BUDGET_STATE, status.budgetState().label());
    out.bool(PAGING, status.paging());
    out.string(FIRING, text(joinedSorted(status.firing())));
    for (BurnRate burn : status.burnRates()) {
      out.decimal(windows.burnRateName(burn.window()), burn.rate());
    }
    exhaustion(status.exhaustion(), out);
    out.bool(NO_DATA, status.noData());
    out.integer(ALERTS_SUPPRESSED_LOW_TRAFFIC, status.alertsSuppressedLowTraffic());
    if (status.lastDeployment().isPresent()) {
      Deployment deployment = status.lastDeployment().get();
      out.string(DEPLOYMENT_VERSION, text(deployment.version()));
      out.timestamp(DEPLOYED_AT, deployment.time().toEpochMilli());
      if (status.sinceDeployment().isPresent()) {
        out.decimal(BURN_RATE_SINCE_DEPLOYMENT, status.sinceDeployment().get().rate());
      }
      out.bool(ROLLBACK_ADVISED, status.rollbackAdvised());
    }
    out.bool(IN_MAINTENANCE, status.inMaintenance());
    out.integer(MAINTENANCE_EVENTS, status.maintenanceEvents());
    out.integer(TOTAL_VALID, status.totalValidEvents());
    out.integer(TOTAL_BAD, status.totalBadEvents());
    out.integer(LATENCY_COUNT, latency.count());
    out.millis(LATENCY_MIN_MS, latency.minNanos());
    out.millis(LATENCY_MAX_MS, latency.maxNanos());
    out.decimal(LATENCY_MEAN_MS, latency.meanNanos() / 1e6);
    out.millis(LATENCY_P50_MS, latency.p50Nanos());
    out.millis(LATENCY_P90_MS, latency.p90Nanos());
    out.millis(LATENCY_P95_MS, latency.p95Nanos());
    out.millis(LATENCY_P99_MS, latency.p99Nanos());
    out.millis(LATENCY_P999_MS, latency.p999Nanos());
    out.integer(BAND_FAST, latency.fast());
    out.integer(BAND_TOLERABLE, latency.tolerable());
    out.integer(BAND_SLOW, latency.slow());
    out.integer(BAND_FAILED, latency.failed());
    out.decimal(APDEX, latency.apdex());
    out.integer(DROPPED_LINES, droppedLines);
    if (report.state().isPresent()) {
      SloRegistry.StateStatus state = report.state().get();
      out.string(STATE_RESTORE, state.restoreOutcome());
      if (state.lastWritten().isPresent()) {
        out.timestamp(STATE_LAST_WRITTEN, state.lastWritten().get().toEpochMilli());
      }
      out.integer(STATE_WRITES, state.writes());
      out.integer(STATE_WRITE_FAILURES, state.writeFailures());
    }
    for (SloRegistry.NotificationCounts counts : report.notifications()) {
      boolean webhook = counts.target().equals("webhook");
      out.integer(webhook ? NOTIFICATIONS_WEBHOOK_SENT : NOTIFICATIONS_ALERTMANAGER_SENT, counts.sent());
      out.integer(webhook ? NOTIFICATIONS_WEBHOOK_RETRIED : NOTIFICATIONS_ALERTMANAGER_RETRIED,
          counts.retried());
      out.integer(webhook ? NOTIFICATIONS_WEBHOOK_FAILED : NOTIFICATIONS_ALERTMANAGER_FAILED,
          counts.failed());
      out.integer(webhook ? NOTIFICATIONS_WEBHOOK_DROPPED : NOTIFICATIONS_ALERTMANAGER_DROPPED,
          counts.dropped());
    }
  }

  private void alert(AlertEvent alert, FieldVisitor out) {
    out.string(SLO, text(alert.slo()));
    out.string(SEVERITY, text(alert.severity()));
    out.string(STATE, alert.state());
    out.timestamp(SINCE, alert.since().toEpochMilli());
    List<AlertReading> readings = alert.readings();
    if (readings.isEmpty()) {
      return;
    }
    AlertReading shown = readings.get(0);
    for (AlertReading reading : readings) {
      if (reading.holds()) {
        shown = reading;
        break;
      }
    }
    out.string(LONG_WINDOW, windows.label(shown.rule().longWindow()));
    out.string(SHORT_WINDOW, windows.label(shown.rule().shortWindow()));
    out.decimal(FACTOR, shown.rule().factor());
    out.decimal(LONG_BURN_RATE, shown.longBurn().rate());
    out.decimal(SHORT_BURN_RATE, shown.shortBurn().rate());
    // every lookback of the severity's rules once, shortest first; the first reading of a window
    // gives its rate (all readings of one evaluation agree)
    TreeMap<Duration, BurnRate> byWindow = new TreeMap<>();
    for (AlertReading reading : readings) {
      byWindow.putIfAbsent(reading.longBurn().window(), reading.longBurn());
      byWindow.putIfAbsent(reading.shortBurn().window(), reading.shortBurn());
    }
    for (BurnRate burn : byWindow.values()) {
      out.decimal(windows.burnRateName(burn.window()), burn.rate());
    }
    if (Double.isFinite(alert.budgetRemaining())) {
      out.decimal(BUDGET_REMAINING, alert.budgetRemaining());
    }
    exhaustion(alert.exhaustion(), out);
  }

  /** The forecast fields that apply: one per lookback whose budget runs out. */
  private static void exhaustion(List<SloStatus.Exhaustion> forecasts, FieldVisitor out) {
    for (SloStatus.Exhaustion forecast : forecasts) {
      if (forecast.timeLeft().isPresent()) {
        Duration window = forecast.burn().window();
        String name = window.equals(HOUR) ? EXHAUSTION_1H_MS
            : window.equals(SIX_HOURS) ? EXHAUSTION_6H_MS : null;
        if (name != null) {
          out.integer(name, forecast.timeLeft().get().toMillis());
        }
      }
    }
  }

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  private void maintenance(MaintenanceEvent maintenance, FieldVisitor out) {
    MaintenanceWindow window = maintenance.window();
    out.string(EVENT, maintenance.kind().label());
    out.timestamp(START, window.start().toEpochMilli());
    out.timestamp(END, window.end().toEpochMilli());
    out.string(REASON, text(window.reason()));
    if (!window.slos().isEmpty()) {
      out.string(SLOS, text(joinedSorted(window.slos())));
    }
    if (!maintenance.overBudget().isEmpty()) {
      out.string(OVER_BUDGET, text(String.join(SENTENCE_SEPARATOR, maintenance.overBudget())));
    }
  }

  private void deployment(DeploymentEvent event, FieldVisitor out) {
    Deployment deployment = event.deployment();
    out.string(VERSION, text(deployment.version()));
    out.timestamp(DEPLOYED_AT, deployment.time().toEpochMilli());
    if (!deployment.expectedDowntime().isZero()) {
      out.millis(EXPECTED_DOWNTIME_MS, deployment.expectedDowntime().toNanos());
    }
  }

  private void deploymentDowntime(DeploymentDowntimeEvent event, FieldVisitor out) {
    io.sre4j.core.DeploymentDowntime downtime = event.downtime();
    out.string(VERSION, text(downtime.version()));
    out.timestamp(DEPLOYED_AT, downtime.time().toEpochMilli());
    out.string(EVENT, "downtime_ended");
    out.string(SLO, text(event.slo()));
    out.millis(EXPECTED_DOWNTIME_MS, downtime.expectedDowntime().toNanos());
    out.millis(ACTUAL_DOWNTIME_MS, downtime.actualDowntime().toNanos());
    out.integer(DOWNTIME_REQUESTS, downtime.requests());
    out.integer(DOWNTIME_BAD_EVENTS, downtime.badEvents());
    out.decimal(BUDGET_COST, downtime.budgetCost());
    out.decimal(BURN_RATE_SINCE_DEPLOYMENT, downtime.burnSinceDeployment());
  }

  private void budgetPolicy(BudgetPolicyEvent policy, FieldVisitor out) {
    out.string(SLO, text(policy.slo()));
    out.string(FROM, policy.from().label());
    out.string(TO, policy.to().label());
    out.decimal(BUDGET_REMAINING, policy.budgetRemaining());
    out.string(REASON, text(policy.reason()));
  }

  private void gateOverride(GateOverrideEvent override, FieldVisitor out) {
    out.string(REASON, text(override.reason()));
    out.timestamp(VALID_UNTIL, override.validUntil().toEpochMilli());
    if (!override.slos().isEmpty()) {
      out.string(SLOS, text(String.join(NAME_SEPARATOR, override.slos())));
    }
    if (!override.denyReasons().isEmpty()) {
      out.string(DENY_REASONS, text(String.join(SENTENCE_SEPARATOR, override.denyReasons())));
    }
  }

  private void review(ReviewEvent event, FieldVisitor out) {
    out.string(SLO, text(event.slo()));
    out.string(WHO, text(event.review().who()));
    out.timestamp(REVIEWED_AT, event.review().when().toEpochMilli());
    out.string(SUMMARY, text(event.review().summary()));
    if (!event.review().actions().isEmpty()) {
      out.string(ACTIONS, text(String.join(SENTENCE_SEPARATOR, event.review().actions())));
    }
    if (event.review().link().isPresent()) {
      out.string(LINK, text(event.review().link().get().toString()));
    }
    if (event.exhaustedOn().isPresent()) {
      out.timestamp(EXHAUSTED_ON, event.exhaustedOn().get().toEpochMilli());
    }
  }

  private void budgetAdjustment(BudgetAdjustmentEvent event, FieldVisitor out) {
    io.sre4j.core.BudgetAdjustment adjustment = event.adjustment();
    out.string(SLO, text(event.slo()));
    out.decimal(OBJECTIVE, event.objective());
    if (adjustment.objective().isPresent()) {
      out.decimal(ADJUSTED_OBJECTIVE, adjustment.objective().getAsDouble());
    }
    if (adjustment.extraBadEvents() != 0) {
      out.integer(EXTRA_BAD_EVENTS, adjustment.extraBadEvents());
    }
    if (!adjustment.extraDowntime().isZero()) {
      out.millis(EXTRA_DOWNTIME_MS, adjustment.extraDowntime().toNanos());
    }
    out.string(REASON, text(adjustment.reason()));
    out.string(APPROVER, text(adjustment.approver()));
    out.timestamp(START, adjustment.start().toEpochMilli());
    if (adjustment.end().isPresent()) {
      out.timestamp(END, adjustment.end().get().toEpochMilli());
    }
    out.bool(LONG_TERM, adjustment.longTerm());
  }

  /** Names sorted and comma-joined; {@code ""} for none. */
  private static String joinedSorted(Collection<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    if (names.size() == 1) {
      return names.iterator().next();
    }
    return String.join(NAME_SEPARATOR, new TreeSet<>(names));
  }

  /**
   * Window labels and burn-rate field names, made once per lookback: the lookbacks come from the
   * alert rules, a handful. Past {@value #MAX_CACHED} distinct lookbacks, names are made per use.
   */
  static final class WindowNames {
    private static final int MAX_CACHED = 64;
    private final Map<Duration, String> labels = new HashMap<>();
    private final Map<Duration, String> burnRates = new HashMap<>();

    String label(Duration window) {
      String label = labels.get(window);
      if (label == null) {
        label = ConfigSchema.formatDuration(window);
        if (labels.size() < MAX_CACHED) {
          labels.put(window, label);
        }
      }
      return label;
    }

    String burnRateName(Duration window) {
      String name = burnRates.get(window);
      if (name == null) {
        name = BURN_RATE_PREFIX + label(window);
        if (burnRates.size() < MAX_CACHED) {
          burnRates.put(window, name);
        }
      }
      return name;
    }
  }
}
