package io.sre4j.core.log;

import static io.sre4j.core.log.LogFields.*;

import io.sre4j.core.IntervalStats;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.event.SliReport;
import io.sre4j.core.event.SloEvent;

/**
 * The line the writer thread is writing: a copy of one queue slot, shown to sinks as a
 * {@link LogRecord}. Each line type is one method that visits its fields in a fixed order, each
 * name once; adding a type (an {@link SloEvent} record) means one such method and one branch in
 * each of {@link #typeOf} and {@link #eventFields}. Field names go in {@link LogFields}.
 *
 * <p><b>Thread safety:</b> owned by the writer thread. <b>Cost:</b> no allocation for access lines;
 * a report allocates what {@link SloSnapshot} computes (a {@code Duration} or two).
 */
final class Line implements LogRecord {

  private final String service;
  private final Truncated truncated;
  private final StringBuilder traceHex = new StringBuilder(32);

  private int kind;
  private long epochMillis;
  private String method;
  private String route;
  private int status;
  private long durationNanos;
  private boolean hasTrace;
  private long traceHigh;
  private long traceLow;
  private String error;
  private SloEvent event;
  private long droppedLines;

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

  /** Forgets references so a written line keeps nothing alive. */
  void clear() {
    method = null;
    route = null;
    error = null;
    event = null;
  }

  /**
   * The line type of an event, or null if sre4j writes no line for it yet. A new event type is one
   * branch here, one in {@link #eventFields} and one method that visits its fields.
   */
  static String typeOf(SloEvent event) {
    if (event instanceof SliReport) {
      return TYPE_SLI_REPORT;
    }
    return null;
  }

  /** Visits the fields after {@code ts}, {@code type} and {@code service} of an event line. */
  private void eventFields(FieldVisitor out) {
    if (event instanceof SliReport report) {
      sliReport(report, out);
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
    String type = typeOf(event);
    if (type == null) {
      throw new IllegalStateException("no line type for " + event.getClass().getName());
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
    } else {
      out.string(SERVICE, text(event.service()));
      eventFields(out);
    }
  }

  private CharSequence text(String value) {
    return truncated.of(value);
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
    out.timestamp(WINDOW_START, window.windowStart().toEpochMilli());
    out.integer(WINDOW_VALID, window.validEvents());
    out.integer(WINDOW_GOOD, window.goodEvents());
    out.integer(WINDOW_BAD, window.badEvents());
    out.decimal(SLI, window.sli());
    out.decimal(BUDGET_CONSUMED, window.budgetConsumed());
    out.decimal(BUDGET_REMAINING, window.budgetRemaining());
    out.decimal(ALLOWED_BAD_EVENTS, window.allowedBadEvents());
    if (window.timeslices()) {
      out.millis(SLICE_MS, window.sliceLength().toNanos());
      out.integer(BAD_SLICES, window.badSlices());
      out.decimal(ALLOWED_BAD_SLICES, window.allowedBadSlices());
      out.millis(BAD_TIME_MS, window.badTime().toNanos());
      out.millis(ALLOWED_BAD_TIME_MS, window.allowedBadTime().toNanos());
    }
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
  }
}
