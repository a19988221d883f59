package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.Clock;
import io.sre4j.core.Endpoint;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloListener;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p><b>Gaps.</b> A line more than {@code maxGap} (1 h by default, {@code --max-gap}) after the
 * clock — or the first line — does not move the clock on its own: it is held until the next
 * access line. If that line is not more than {@code maxGap} before the held one, the gap was real
 * (a quiet night, a weekend, the next file): both are replayed and the clock jumps. If it is, the
 * held line was an outlier (a wrong year, a skewed host); it is counted as out of range and
 * skipped, and the clock stays where the other lines are. A held line that no line follows is
 * out of range too, unless no line was replayed at all. So one stray line never drags every later
 * line to its time as out-of-order lines; a gap longer than {@code maxGap} is replayed as
 * long as a second line confirms it. Times after 2199 are out of range whatever the gap
 * ({@link Timestamps}).
 *
 * <p><b>Idle stretches.</b> After {@link AlertRule#MAX_WINDOW} (3 days) plus an hour without a
 * line, every alert has resolved; the clock then jumps to the interval holding the next line, and
 * the rest of the stretch is reported as one empty interval instead of one report per interval.
 *
 * <p><b>State</b> ({@code replay --state FILE}): the registry restores the state file when it is
 * built and writes it when the replay ends (and every simulated hour on the way). When the file
 * holds a state, the clock starts at the time it was written (the last line's time of the replay
 * that wrote it), not at the first line's: a state written after the clock's time would be "from
 * the future" and fold into one bucket, and the boundaries between the two replays' lines must be
 * ticked as one replay would have. The registry's interval is held to the interval grid (its
 * monotonic time starts at the grid line before the written-at time), so reports stay on the same
 * minutes. Replaying a log in two halves with one state file therefore writes the same alert lines
 * and the same {@code sli_report} lines as replaying it whole, except, per SLO, the one report of
 * the interval in progress at the split: its {@code interval_start} is the split time and its
 * latency figures ({@code latency_*}, {@code band_*}, {@code apdex}) cover only the lines after
 * the split (endpoint histograms are not kept in the state file); its counts, window, budget and
 * burn-rate figures are the same. Keys {@code state.*} of the config are
 * ignored: a replay never touches a live service's state file unless it is named with
 * {@code --state}.
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
  private final @Nullable Path stateFile;
  private final PrintStream err;
  private final long intervalMillis;
  private final long gridMillis;
  private final long idleMillis;
  private final StructuredLog log;
  private final AlertHistory alerts = new AlertHistory();
  private final AccessParser parser = new AccessParser();

  private ReplayClock clock;
  private SloRegistry registry;
  private EndpointCache cache;
  private long now;
  private long intervalEnd;
  /** The first boundary after {@link #now}: the next grid line or interval end. */
  private long nextBoundary = Long.MIN_VALUE;
  private long lastRecord;
  private boolean pending;

  private final long maxGapMillis;
  /** A line more than {@link #maxGapMillis} ahead of the clock, until the next line decides. */
  private final Held held = new Held();

  private long lines;
  private long records;
  private long malformed;
  private long ignored;
  private long outOfOrder;
  private long outOfRange;
  private long reported;
  private long firstMillis = Long.MIN_VALUE;
  private long lastMillis = Long.MIN_VALUE;
  private String source = "-";

  /**
   * @param config the SLOs and registry settings; {@code log.sink=emf} gives EMF report lines
   * @param out where the JSON lines go; not closed
   * @param err where malformed lines are reported
   * @param stateFile the state file restored before and written after, or null for none
   * @param maxGap how far ahead of the clock a line may be before it needs the next line to
   *     confirm the jump; positive
   */
  // clock, registry and cache are set by the first line (start()); every reader runs after it
  // or checks registry == null first
  @SuppressWarnings("NullAway.Init")
  Replay(
      Sre4jConfig config,
      OutputStream out,
      PrintStream err,
      @Nullable Path stateFile,
      Duration maxGap) {
    this.config = withoutStateKeys(config);
    this.maxGapMillis = maxGap.toMillis();
    this.stateFile = stateFile;
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
    AccessLines reader = new AccessLines(in, parser);
    for (AccessParser.Result result = reader.next(); result != null; result = reader.next()) {
      lines++;
      switch (result) {
        case RECORD -> line(reader.lineNumber());
        case MALFORMED -> malformed(reader.lineNumber(), parser.reason());
        case OUT_OF_RANGE -> outOfRange(source, reader.lineNumber(), parser.reason());
        case IGNORED -> ignored++;
        case BLANK -> {}
        case TOO_LONG ->
            malformed(reader.lineNumber(), "longer than " + LineReader.MAX_LINE_BYTES + " bytes");
      }
    }
  }

  /** An access line: held if it would jump the clock by more than the gap, else replayed. */
  private void line(long lineNumber) {
    long time = parser.epochMillis();
    if (held.present) {
      held.present = false;
      if (time >= held.epochMillis - maxGapMillis) {
        record(held.epochMillis, held.method, held.route, held.status, held.durationNanos,
            held.thrown, held.source, held.lineNumber);
      } else {
        outOfRange(held.source, held.lineNumber, gapReason(held.epochMillis, time));
      }
    }
    if (registry == null || time - now > maxGapMillis) {
      held.hold(parser, time, source, lineNumber);
      return;
    }
    record(time, parser.method(), parser.route(), parser.status(), parser.durationNanos(),
        parser.thrown(), source, lineNumber);
  }

  private String gapReason(long heldMillis, long nextMillis) {
    String gap = " is more than --max-gap " + CliValues.humanShort(Duration.ofMillis(maxGapMillis));
    String clock = "the clock (" + Instant.ofEpochMilli(now) + ")";
    String next = "the next line (" + Instant.ofEpochMilli(nextMillis) + ")";
    return "its time "
        + Instant.ofEpochMilli(heldMillis)
        + gap
        + " after "
        + (nextMillis == Long.MIN_VALUE
            ? clock + " and no line follows to confirm the gap"
            : registry == null ? next : clock + " and after " + next)
        + " (a real gap that long needs a larger --max-gap)";
  }

  private void record(
      long lineTime,
      AccessParser.Scratch method,
      AccessParser.Scratch route,
      int status,
      long durationNanos,
      boolean thrown,
      String file,
      long lineNumber) {
    long time = lineTime;
    if (registry == null) {
      start(time);
    }
    Endpoint endpoint;
    try {
      endpoint = cache.lookup(method, route);
    } catch (IllegalArgumentException e) {
      malformed(file, lineNumber, e.getMessage());
      return;
    }
    if (time < now) {
      outOfOrder++;
      time = now;
    }
    advance(time);
    if (thrown) {
      endpoint.recordThrown(durationNanos);
    } else {
      endpoint.record(status, durationNanos);
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
    Long written =
        stateFile == null
            ? null
            : writtenAt(stateFile, config.get(Sre4jConfig.SERVICE).orElse("service"));
    if (written != null) {
      start = written; // the earlier replay's last time: its state is never from the future
    }
    long gridStart = Math.floorDiv(start, intervalMillis) * intervalMillis;
    clock = new ReplayClock(start);
    SloListener lossless =
        event -> {
          while (log.queuedLines() >= log.queueCapacity()) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
          }
          log.onEvent(event);
        };
    SloRegistry.Builder builder =
        config
            .applyTo(SloRegistry.builder())
            .clock(clock)
            .manualTick()
            .singleThreaded() // this thread records and ticks: no atomic instruction per record
            .reportOnClose(false) // the input's last interval is reported only once it is full
            .listener(lossless)
            .listener(alerts);
    if (stateFile != null) {
      builder.stateFile(stateFile).stateFlush(Duration.ofHours(1));
    }
    registry = builder.build();
    cache = new EndpointCache(registry);
    now = start;
    lastRecord = start;
    intervalEnd = gridStart + intervalMillis;
    registry.tick(); // the first evaluation, at the start
  }

  /**
   * Moves the replay's time to {@code time}, ticking at every boundary on the way. The clock is
   * set only before a tick (the registry reads it only then; records do not): most lines move
   * {@link #now} alone, short of {@link #nextBoundary}.
   */
  private void advance(long time) {
    if (time < nextBoundary) {
      now = Math.max(now, time);
      return;
    }
    for (; ; ) {
      long boundary =
          Math.min(Math.floorDiv(now, gridMillis) * gridMillis + gridMillis, intervalEnd);
      if (boundary > time) {
        nextBoundary = boundary;
        break;
      }
      if (pending) {
        clock.advanceTo(now);
        tick(); // at the last line's time: its bucket
        pending = false;
      }
      if (boundary > lastRecord + idleMillis) {
        // idle for longer than any alert window: jump to the interval holding the next line
        long jump =
            intervalEnd + Math.floorDiv(time - intervalEnd, intervalMillis) * intervalMillis;
        boundary = Math.max(boundary, jump);
      }
      clock.advanceTo(boundary);
      now = boundary;
      tick();
      while (intervalEnd <= now) {
        intervalEnd += intervalMillis;
      }
    }
    now = Math.max(now, time);
  }

  /**
   * {@code registry.tick()} through a method handle that is not a constant: a call the JIT
   * compiler does not inline. Inlined, the registry's whole tick (interval reports, alert
   * evaluation, state) became part of the per-line methods' compiled code, twice, and was compiled
   * again with them each time one was recompiled: 8.5 s of C2 time in a 30-day replay on one core
   * (three compilations of {@link #advance} at 2.6 to 2.9 s each). Called like this, the tick is
   * compiled once on its own.
   */
  private void tick() {
    try {
      tick.invokeExact(registry);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e); // tick() declares no checked exception
    }
  }

  private static final MethodHandle TICK;

  static {
    try {
      TICK = MethodHandles.publicLookup()
          .findVirtual(SloRegistry.class, "tick", MethodType.methodType(void.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@link #TICK} in an instance field, which the JIT does not take for a constant. */
  private final MethodHandle tick = TICK;

  private void malformed(long lineNumber, @Nullable String reason) {
    malformed(source, lineNumber, reason);
  }

  private void malformed(String file, long lineNumber, @Nullable String reason) {
    malformed++;
    report("malformed", file, lineNumber, reason);
  }

  private void outOfRange(String file, long lineNumber, @Nullable String reason) {
    outOfRange++;
    report("out of range", file, lineNumber, reason);
  }

  private void report(String what, String file, long lineNumber, @Nullable String reason) {
    if (++reported <= REPORTED_MALFORMED) {
      err.println("sre4j replay: " + what + " line " + file + ":" + lineNumber + ": " + reason);
    }
  }

  /**
   * Drains what is pending, writes every queued line and closes the log.
   *
   * @return the SLOs' status at the last line's time; empty if no line was replayed
   */
  List<SloStatus> finish() {
    if (held.present) {
      held.present = false;
      if (registry == null) { // the only line: nothing says it is wrong
        record(held.epochMillis, held.method, held.route, held.status, held.durationNanos,
            held.thrown, held.source, held.lineNumber);
      } else {
        outOfRange(held.source, held.lineNumber, gapReason(held.epochMillis, Long.MIN_VALUE));
      }
    }
    List<SloStatus> statuses = List.of();
    if (registry != null) {
      clock.advanceTo(now);
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

  /**
   * @return the registry's state file figures after {@link #finish()}; empty without a state file
   *     or before any line
   */
  java.util.Optional<SloRegistry.StateStatus> stateStatus() {
    return registry == null ? java.util.Optional.empty() : registry.stateStatus();
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

  long outOfRange() {
    return outOfRange;
  }

  /** Malformed and out-of-range lines: the ones reported one by one. */
  long reported() {
    return reported;
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

  /** The config without its {@code state.*} keys: the replay's state file is {@code --state}. */
  private static Sre4jConfig withoutStateKeys(Sre4jConfig config) {
    Map<String, String> properties = new LinkedHashMap<>(config.properties());
    if (!properties.keySet().removeIf(key -> key.startsWith("state."))) {
      return config;
    }
    return Sre4jConfig.from(properties);
  }

  /**
   * The written-at time in a state file's header (see sre-core's {@code StateFile}: magic, u16
   * version, service, i64 epoch milliseconds), or null when there is no readable header of format
   * version 1 for {@code service}; the registry then judges the file itself (a missing file is a
   * first start, a bad or another service's one is moved aside).
   *
   * @param file the state file
   * @param service the registry's service
   */
  static @Nullable Long writtenAt(Path file, String service) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] magic = new byte[STATE_MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, STATE_MAGIC)) {
        return null;
      }
      if (in.readUnsignedShort() != STATE_VERSION || !in.readUTF().equals(service)) {
        return null;
      }
      return in.readLong();
    } catch (IOException e) {
      return null;
    }
  }

  private static final int STATE_VERSION = 1;
  private static final byte[] STATE_MAGIC = "SRE4JST\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * The replay's clock: wall and monotonic time move together. (A registry restored from a state
   * file goes on with the report interval the file names, so its reports stay on the grid.)
   */
  static final class ReplayClock implements Clock {
    private volatile long wallMillis;

    ReplayClock(long startMillis) {
      this.wallMillis = startMillis;
    }

    void advanceTo(long millis) {
      if (millis < wallMillis) {
        throw new IllegalArgumentException(
            "time must not be before " + Instant.ofEpochMilli(wallMillis) + " but was "
                + Instant.ofEpochMilli(millis));
      }
      wallMillis = millis;
    }

    @Override
    public long wallTime() {
      return wallMillis;
    }

    @Override
    public long monotonicTime() {
      return TimeUnit.MILLISECONDS.toNanos(wallMillis);
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /** The access line held while the next one decides whether its gap is real. */
  private static final class Held {
    boolean present;
    long epochMillis;
    final AccessParser.Scratch method = new AccessParser.Scratch(AccessParser.Scratch.READABLE);
    final AccessParser.Scratch route = new AccessParser.Scratch(128);
    int status;
    long durationNanos;
    boolean thrown;
    String source = "-";
    long lineNumber;

    void hold(AccessParser parser, long time, String file, long line) {
      present = true;
      epochMillis = time;
      method.copy(parser.method()); // copies: the line's buffer moves on
      route.copy(parser.route());
      status = parser.status();
      durationNanos = parser.durationNanos();
      thrown = parser.thrown();
      source = file;
      lineNumber = line;
    }
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
