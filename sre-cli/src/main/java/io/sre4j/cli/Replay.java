package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.Endpoint;
import io.sre4j.core.ManualClock;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.event.AlertEvent;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloListener;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Replays access lines through a registry on a {@link ManualClock} that follows their timestamps,
 * and writes the {@code sli_report} and {@code alert} lines the live library would, through a
 * {@link StructuredLog} listening to the registry: an SLO backtest.
 *
 * <p><b>Time.</b> The registry starts at the first line's time, rounded down to the interval
 * ({@code interval}, 60 s by default), and ticks only when told. Before the clock passes a
 * <em>boundary</em> — a multiple of the grid (the greatest common divisor of 10 s, the finest
 * bucket width, of {@code alert.evaluation} and of any time-slice length), or the end of the
 * latency interval — the requests recorded so far are drained with a tick at the time of the last
 * line (so each lands in the bucket of its own time, exactly), then the clock moves to the boundary
 * and ticks again: alerts are evaluated at every evaluation boundary and reports are written at
 * every interval end, at the simulated times. (The live registry ticks every second, so its buckets
 * and evaluations may lag by up to one tick; the replay does not.) A line older than the clock is
 * counted as out of order and recorded at the clock's time.
 *
 * <p><b>Idle stretches.</b> After {@link AlertRule#MAX_WINDOW} (3 days) plus an hour without a
 * line, every alert has resolved; the clock then jumps to the interval holding the next line, and
 * the rest of the stretch is reported as one empty interval instead of one report per interval.
 *
 * <p><b>Memory</b> does not grow with the input: no line is kept; the registry's buckets, the
 * endpoint cache and the alert history kept for the summary are bounded.
 *
 * <p><b>Lossless output:</b> the registry's events reach the log through a listener that waits
 * while the log's queue is full (this thread is the log's only producer, so a free slot is then
 * certain), so no line is dropped however slow the output; {@link #droppedLines()} checks it.
 */
final class Replay {

  /** Malformed lines reported one by one; later ones are only counted. */
  static final int REPORTED_MALFORMED = 10;

  private static final long BUCKET_MILLIS = 10_000;
  private static final int ALERTS_KEPT_PER_SLO = 20;

  private final Sre4jConfig config;
  private final PrintStream err;
  private final long intervalMillis;
  private final long gridMillis;
  private final long idleMillis;
  private final StructuredLog log;
  private final AlertHistory alerts = new AlertHistory();
  private final AccessParser parser = new AccessParser();

  private ManualClock clock;
  private SloRegistry registry;
  private EndpointCache cache;
  private long now;
  private long intervalEnd;
  private long lastRecord;
  private boolean pending;

  private long lines;
  private long records;
  private long malformed;
  private long ignored;
  private long outOfOrder;
  private long firstMillis = Long.MIN_VALUE;
  private long lastMillis = Long.MIN_VALUE;
  private String source = "-";

  /**
   * @param config the SLOs and registry settings; {@code log.sink=emf} gives EMF report lines
   * @param out where the JSON lines go; not closed
   * @param err where malformed lines are reported
   */
  // clock, registry and cache are set by the first line (start()); every reader runs after it
  // or checks registry == null first
  @SuppressWarnings("NullAway.Init")
  Replay(Sre4jConfig config, OutputStream out, PrintStream err) {
    this.config = config;
    this.err = err;
    Map<String, String> properties = config.properties();
    this.intervalMillis = durationMillis(properties, "interval", Duration.ofSeconds(60));
    long evaluationMillis = durationMillis(properties, "alert.evaluation", Duration.ofSeconds(10));
    long grid = gcd(BUCKET_MILLIS, evaluationMillis);
    for (SloSpec slo : config.slos()) {
      if (slo.budgeting() instanceof Budgeting.Timeslices slices) {
        grid = gcd(grid, slices.slice().toMillis());
      }
    }
    this.gridMillis = grid;
    // the longest alert window plus its bucket (10 min): every alert has resolved by then
    this.idleMillis = AlertRule.MAX_WINDOW.plusHours(1).toMillis();
    OutputStream kept =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush(); // the caller's stream stays open
          }
        };
    String sink = properties.getOrDefault("log.sink", "stdout").trim();
    LogSink logSink =
        sink.equalsIgnoreCase("emf")
            ? LogSink.emf(kept, properties.getOrDefault("log.emf.namespace", "sre4j").trim())
            : LogSink.jsonLines(kept);
    this.log =
        StructuredLog.builder()
            .sink(logSink)
            .shutdownHook(false)
            .closeTimeout(Duration.ofMinutes(5))
            .build();
  }

  /**
   * Replays one input.
   *
   * @param name the file's name in messages ({@code -} for standard input)
   * @param in the input; not closed
   * @throws IOException if reading fails
   */
  void replay(String name, InputStream in) throws IOException {
    source = name;
    parser.beginFile();
    LineReader reader = new LineReader(in);
    while (reader.next()) {
      lines++;
      if (reader.tooLong()) {
        malformed(reader.lineNumber(), "longer than " + LineReader.MAX_LINE_BYTES + " bytes");
        continue;
      }
      switch (parser.parse(reader.buffer(), reader.start(), reader.end())) {
        case RECORD -> record(reader.lineNumber());
        case MALFORMED -> malformed(reader.lineNumber(), parser.reason());
        case IGNORED -> ignored++;
        case BLANK -> {}
      }
    }
  }

  private void record(long lineNumber) {
    long time = parser.epochMillis();
    if (registry == null) {
      start(time);
    }
    Endpoint endpoint;
    try {
      endpoint = cache.lookup(parser.method(), parser.route());
    } catch (IllegalArgumentException e) {
      malformed(lineNumber, e.getMessage());
      return;
    }
    if (time < now) {
      outOfOrder++;
      time = now;
    }
    advance(time);
    if (parser.thrown()) {
      endpoint.recordThrown(parser.durationNanos());
    } else {
      endpoint.record(parser.status(), parser.durationNanos());
    }
    pending = true;
    lastRecord = time;
    records++;
    if (firstMillis == Long.MIN_VALUE) {
      firstMillis = time;
    }
    lastMillis = time;
  }

  private void start(long firstTime) {
    long start = Math.floorDiv(firstTime, intervalMillis) * intervalMillis;
    clock = ManualClock.at(Instant.ofEpochMilli(start));
    SloListener lossless =
        event -> {
          while (log.queuedLines() >= log.queueCapacity()) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
          }
          log.onEvent(event);
        };
    registry =
        config
            .applyTo(SloRegistry.builder())
            .clock(clock)
            .manualTick()
            .listener(lossless)
            .listener(alerts)
            .build();
    cache = new EndpointCache(registry);
    now = start;
    lastRecord = start;
    intervalEnd = start + intervalMillis;
    registry.tick(); // the first evaluation, at the start
  }

  /** Moves the clock to {@code time}, ticking at every boundary on the way. */
  private void advance(long time) {
    for (; ; ) {
      long boundary =
          Math.min(Math.floorDiv(now, gridMillis) * gridMillis + gridMillis, intervalEnd);
      if (boundary > time) {
        break;
      }
      if (pending) {
        registry.tick(); // at the last line's time: its bucket
        pending = false;
      }
      if (boundary > lastRecord + idleMillis) {
        // idle for longer than any alert window: jump to the interval holding the next line
        long jump =
            intervalEnd + Math.floorDiv(time - intervalEnd, intervalMillis) * intervalMillis;
        boundary = Math.max(boundary, jump);
      }
      clock.advanceTo(Instant.ofEpochMilli(boundary));
      now = boundary;
      registry.tick();
      while (intervalEnd <= now) {
        intervalEnd += intervalMillis;
      }
    }
    if (time > now) {
      clock.advanceTo(Instant.ofEpochMilli(time));
      now = time;
    }
  }

  private void malformed(long lineNumber, @Nullable String reason) {
    malformed++;
    if (malformed <= REPORTED_MALFORMED) {
      err.println("sre4j replay: malformed line " + source + ":" + lineNumber + ": " + reason);
    }
  }

  /**
   * Drains what is pending, writes every queued line and closes the log.
   *
   * @return the SLOs' status at the last line's time; empty if no line was replayed
   */
  List<SloStatus> finish() {
    List<SloStatus> statuses = List.of();
    if (registry != null) {
      if (pending) {
        registry.tick();
        pending = false;
      }
      statuses = registry.statuses();
      registry.close();
    }
    while (log.queuedLines() > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    log.close();
    return statuses;
  }

  long lines() {
    return lines;
  }

  long records() {
    return records;
  }

  long malformed() {
    return malformed;
  }

  long ignored() {
    return ignored;
  }

  long outOfOrder() {
    return outOfOrder;
  }

  long droppedLines() {
    return log.droppedLines();
  }

  /**
   * @return the first and last replayed times, or null before any line
   */
  @Nullable Instant first() {
    return firstMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(firstMillis);
  }

  @Nullable Instant last() {
    return lastMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastMillis);
  }

  AlertHistory alerts() {
    return alerts;
  }

  private static long durationMillis(
      Map<String, String> properties, String key, Duration fallback) {
    String value = properties.get(key);
    return value == null ? fallback.toMillis() : CliValues.duration(key, value).toMillis();
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** Alert transitions per SLO, the first few kept for the summary. */
  static final class AlertHistory implements SloListener {
    private final Map<String, List<AlertEvent>> kept = new LinkedHashMap<>();
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    @Override
    public void onEvent(SloEvent event) {
      if (event instanceof AlertEvent alert) {
        List<AlertEvent> list = kept.computeIfAbsent(alert.slo(), name -> new ArrayList<>());
        if (list.size() < ALERTS_KEPT_PER_SLO) {
          list.add(alert);
        }
        counts.computeIfAbsent(alert.slo(), name -> new long[2])[alert.firing() ? 0 : 1]++;
      }
    }

    /**
     * @return the first transitions of an SLO, in order
     */
    List<AlertEvent> of(String slo) {
      return kept.getOrDefault(slo, List.of());
    }

    /**
     * @return {fired, resolved} of an SLO
     */
    long[] counts(String slo) {
      return counts.getOrDefault(slo, new long[2]);
    }
  }
}
