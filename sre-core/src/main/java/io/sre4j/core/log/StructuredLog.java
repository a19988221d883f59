package io.sre4j.core.log;

import io.sre4j.core.Clock;
import io.sre4j.core.ConfigException;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.Endpoint;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloListener;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Structured JSON lines for a service: one line per registry event (this is an
 * {@link SloListener}) — {@code sli_report} per SLO per interval, {@code alert} when an alert fires
 * or resolves, {@code maintenance}, {@code deployment}, {@code budget_policy} and
 * {@code gate_override} and {@code review} — and, when enabled, {@code access} lines per request (through
 * {@link #accessLog()}), written asynchronously to a {@link LogSink}: JSON Lines on stdout by
 * default, or CloudWatch EMF, SLF4J, or your own.
 *
 * <pre>{@code
 * StructuredLog log = StructuredLog.builder()
 *     .service("orders")
 *     .accessLog(true).accessSample(0.1)   // every bad request, 10 % of the others
 *     .build();
 * SloRegistry registry = SloRegistry.builder().service("orders").listener(log).build();
 * // per request, after endpoint.record(...):
 * log.accessLog().log(endpoint, status, nanos, traceparentHeader, thrown);
 * // at shutdown (a shutdown hook does it too unless disabled):
 * log.close();
 * }</pre>
 *
 * <p><b>Model.</b> Producers (request threads, the registry's tick thread) only copy a line's
 * fields into a slot of one bounded lock-free queue. One daemon writer thread drains the queue in
 * batches of up to {@value #BATCH_LINES} lines, formats each line and hands it to the sink, then
 * flushes the sink once per batch. When the queue is full (stdout slow or blocked, a pipe nobody
 * reads) the line is dropped and counted exactly: {@link #droppedLines()}, and the
 * {@code dropped_lines} field of the next {@code sli_report} line (lines dropped since the previous
 * report line). Every line offered is either dropped or reaches the sink. Priority lines
 * ({@code alert}, {@code budget_policy}, {@code maintenance}, {@code deployment}, {@code
 * gate_override}) that find the queue full go into a reserved lane of {@value
 * #PRIORITY_LANE_LINES} lines instead, so access and report lines never crowd them out; see
 * {@link #onEvent} and {@link #lostPriorityLines()}.
 *
 * <p><b>Lines and fields</b> are listed in {@link LogFields}. Strings longer than the string limit
 * ({@value LogFields#DEFAULT_STRING_LIMIT} chars by default) are cut and end with
 * {@value LogFields#TRUNCATION_MARK}; see {@link LogSink} for the JSON rules.
 *
 * <p><b>Failures.</b> A sink that throws loses that line (or, from {@code flush}, what it had
 * buffered); the exception is counted ({@link #sinkFailures()}) and warned about once through
 * {@link System.Logger} (logger {@code io.sre4j.log}; DEBUG after the first), and never reaches a
 * producer.
 *
 * <p><b>Shutdown.</b> {@link #close()} stops taking lines (later ones are dropped and counted),
 * lets the writer drain what is queued, flushes and closes the sink, waiting at most the close
 * timeout (5 s by default). Unless disabled, a JVM shutdown hook does the same.
 *
 * <p><b>Thread safety:</b> every method from any thread.
 *
 * <p><b>Cost:</b> producers never block, lock or allocate (see {@link AccessLog});
 * {@link #onEvent} enqueues the event it is given. Memory is bounded: the queue's slots (about
 * 80 bytes each; 8192 by default), the priority lane's 1024 slots, plus the writer's buffer (64 KiB and the largest line). The
 * writer sleeps 5 ms when the queue is empty, 50 ms once no line came for 100 ms, so lines reach
 * the sink within a few milliseconds while lines flow and within 50 ms after a quiet spell; one
 * batch is written in one stream write and flush.
 *
 * @since 0.1
 */
/*
 * Layout. The writer thread, its drain and the close timeout live in LogWriter, the queue in
 * LineQueue, the line shapes in Line and JsonLineWriter. The file is longer than 500 lines because
 * it holds the public nested AccessLog (the per-request face of the log, nested to keep the public
 * API small) and the public Builder with the Javadoc of every setting.
 */
public final class StructuredLog implements SloListener, AutoCloseable {

  /** The most lines written between two sink flushes: {@value}. */
  public static final int BATCH_LINES = 1024;

  /**
   * The capacity of the priority lane, in lines: {@value}. {@code alert}, {@code budget_policy},
   * {@code maintenance}, {@code deployment}, {@code gate_override} and {@code review} lines go there when the
   * queue shared with access and report lines is full (see {@link #onEvent}).
   */
  public static final int PRIORITY_LANE_LINES = 1024;

  private final String service;
  private final Clock clock;
  private final LineQueue queue;
  private final LineQueue priority;
  private final AccessLog accessLog;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder priorityLost = new LongAdder();
  private final LogWriter writer;
  private final @Nullable Thread shutdownHook;

  private StructuredLog(Builder b, LogSink sink) {
    this.service = b.service;
    this.clock = b.clock;
    this.queue = new LineQueue(b.queueCapacity);
    this.priority = new LineQueue(PRIORITY_LANE_LINES);
    this.accessLog = new AccessLog(this, b.accessLog, b.accessSample);
    this.writer = LogWriter.start(queue, priority, sink, dropped, priorityLost, clock,
        new Line(service, b.stringLimit), new LogDiagnostics(b.diagnosticsLogger),
        b.closeTimeout.toNanos());
    if (b.shutdownHook) {
      shutdownHook = new Thread(writer::close, "sre4j-log-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  /** @return a new builder with the defaults: stdout, access log off, queue of 8192 lines */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the service name written in access lines */
  public String service() {
    return service;
  }

  /** @return the per-request front; a no-op when the access log is off */
  public AccessLog accessLog() {
    return accessLog;
  }

  /**
   * Queues the line of a registry event: {@code sli_report}, {@code alert}, {@code maintenance},
   * {@code deployment}, {@code budget_policy}, {@code gate_override} or {@code review} (see {@link LogFields}).
   * Called by the registry's thread (the tick thread, or the one that declared a window, set a
   * deployment or overrode the gate); never blocks. A report line goes into the queue shared with
   * access lines and is dropped and counted when it is full. The other lines (priority lines) go
   * there too while it has room; when it is full they go into the priority lane ({@value
   * #PRIORITY_LANE_LINES} lines), so access lines never crowd them out. The writer takes a lane
   * line as soon as the lines queued before it are written, so every line keeps its order. When
   * even the lane is full the newest line is dropped, counted in {@link #droppedLines()} and
   * {@link #lostPriorityLines()}, and reported in a {@code log_loss} line once the writer has
   * emptied the lane.
   *
   * @param event the event
   */
  @Override
  public void onEvent(SloEvent event) {
    if (event == null || !Line.supports(event)) {
      return;
    }
    if (writer.closing()) {
      dropped.increment();
      return;
    }
    boolean urgent = Line.isPriority(event);
    // a priority line takes the shared queue while it has room and the lane is empty (so lines
    // keep their order), else the lane
    LineQueue lane = queue;
    long position = urgent && priority.size() > 0 ? -1 : queue.claim();
    if (position < 0 && urgent) {
      lane = priority;
      position = priority.claim();
      if (position < 0) {
        priorityLost.increment();
      }
    }
    if (position < 0) {
      dropped.increment();
      return;
    }
    LineQueue.Slot slot = lane.slot(position);
    slot.kind = LineQueue.EVENT;
    slot.epochMillis = event.time().toEpochMilli();
    slot.event = event;
    lane.publish(position);
  }

  /** Producer side of {@link AccessLog}: never blocks, allocates or throws. */
  boolean offerAccess(String method, String route, int status, long durationNanos,
      @Nullable CharSequence traceparent, @Nullable String error) {
    if (writer.closing()) {
      dropped.increment();
      return false;
    }
    long now = clock.wallTime();
    CharSequence trace = TraceParent.valid(traceparent) ? traceparent : null;
    long position = queue.claim();
    if (position < 0) {
      dropped.increment();
      return false;
    }
    LineQueue.Slot slot = queue.slot(position);
    slot.kind = LineQueue.ACCESS;
    slot.epochMillis = now;
    slot.method = method;
    slot.route = route;
    slot.status = status;
    slot.durationNanos = durationNanos;
    slot.hasTrace = trace != null;
    slot.traceHigh = trace != null ? TraceParent.traceHigh(trace) : 0;
    slot.traceLow = trace != null ? TraceParent.traceLow(trace) : 0;
    slot.error = error;
    queue.publish(position);
    return true;
  }

  /**
   * @return lines dropped since the start because the queue was full or the log closed: the
   *     figure to expose as a metric
   */
  public long droppedLines() {
    return dropped.sum();
  }

  /**
   * @return priority lines ({@code alert}, {@code budget_policy}, {@code maintenance}, {@code
   *     deployment}, {@code gate_override}, {@code review}) dropped since the start because even the priority lane
   *     was full; they are counted in {@link #droppedLines()} too
   */
  public long lostPriorityLines() {
    return priorityLost.sum();
  }

  /** @return lines the sink accepted without throwing, since the start */
  public long writtenLines() {
    return writer.written();
  }

  /** @return how many times the sink threw (on a line or on a flush), since the start */
  public long sinkFailures() {
    return writer.sinkFailures();
  }

  /**
   * @return lines queued and not yet taken by the writer, at most {@link #queueCapacity()} plus
   *     {@value #PRIORITY_LANE_LINES} (the priority lane)
   */
  public int queuedLines() {
    return queue.size() + priority.size();
  }

  /** @return the queue's capacity in lines: the configured one rounded up to a power of two */
  public int queueCapacity() {
    return queue.capacity();
  }

  /**
   * Stops taking lines, writes what is queued, flushes and closes the sink. Waits at most the
   * close timeout for the writer; lines still queued after that (a blocked stream) are abandoned.
   * A line offered while {@code close()} starts may be neither written nor counted; lines offered
   * after it returns are counted as dropped. Idempotent.
   */
  @Override
  public void close() {
    writer.close();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs or ran
      }
    }
  }

  /**
   * A single-use builder of {@link StructuredLog}. Every setting has a configuration key, read by
   * {@link #config(Sre4jConfig)}; bad values are rejected with a {@link ConfigException} shaped
   * {@code "<key> must be <rule> but was <value>"}. The keys are declared once, in this package's
   * configuration schema ({@link ConfigSchema}); {@code docs/configuration.md} lists them.
   *
   * <p>The keys: {@code log.sink} ({@code stdout}, {@code emf} or {@code slf4j}), {@code
   * log.access}, {@code log.access.sample}, {@code log.queue}, {@code log.string-limit}, {@code
   * log.emf.namespace}, {@code log.slf4j.logger}, {@code log.shutdown-hook} and {@code
   * log.close-timeout} (a duration, as every sre4j duration: {@link ConfigSchema#parseDuration}),
   * and the registry's {@code service}; {@code docs/configuration.md} gives their types, defaults
   * and rules.
   *
   * <p>The key {@code service} is the registry's ({@link Sre4jConfig#SERVICE}): given the same
   * configuration, access lines and report lines name the same service:
   *
   * <pre>{@code
   * Sre4jConfig config = Sre4jConfig.load();   // sre4j.properties, -D, SRE4J_ variables
   * StructuredLog log = StructuredLog.builder().config(config).build();
   * SloRegistry registry = config.applyTo(SloRegistry.builder()).listener(log).build();
   * }</pre>
   *
   * <p><b>Thread safety:</b> not thread-safe; use from one thread.
   */
  public static final class Builder {

    private String service = "service";
    private Clock clock = Clock.system();
    private @Nullable LogSink customSink;
    private String sinkKind = "stdout";
    private String emfNamespace = LogFields.DEFAULT_EMF_NAMESPACE;
    private String slf4jLogger = LogFields.DEFAULT_SLF4J_LOGGER;
    private boolean accessLog;
    private double accessSample = 1.0;
    private int queueCapacity = LogFields.DEFAULT_QUEUE_CAPACITY;
    private int stringLimit = LogFields.DEFAULT_STRING_LIMIT;
    private boolean shutdownHook = true;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private System.Logger diagnosticsLogger = System.getLogger("io.sre4j.log");

    private Builder() {}

    /**
     * @param service the service name written in access lines (report lines carry the
     *     registry's); 1 to 128 characters, not blank; {@code service} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code service} is blank or longer than 128 characters
     */
    public Builder service(String service) {
      Objects.requireNonNull(service, "service");
      if (service.isBlank() || service.length() > 128) {
        throw reject("service", "1 to 128 characters, not blank", service);
      }
      this.service = service;
      return this;
    }

    /** @param clock the wall clock stamped on access lines @return this builder */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param sink where lines go, such as {@link LogSink#emf(String)}; replaces {@code log.sink}.
     *     The log owns it from now on and closes it.
     * @return this builder
     */
    public Builder sink(LogSink sink) {
      this.customSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * @param enabled whether access lines are written ({@code log.access}); off by default
     * @return this builder
     */
    public Builder accessLog(boolean enabled) {
      this.accessLog = enabled;
      return this;
    }

    /**
     * @param rate the fraction of good requests written when the access log is on, in [0,1]
     *     ({@code log.access.sample}); 1 by default. Bad requests are always written.
     * @return this builder
     * @throws IllegalArgumentException if {@code rate} is not in [0,1]
     */
    public Builder accessSample(double rate) {
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw reject("log.access.sample", "in [0,1]", rate);
      }
      this.accessSample = rate;
      return this;
    }

    /**
     * @param lines the queue's capacity ({@code log.queue}), 16 to 1,048,576, rounded up to a power
     *     of two; {@value LogFields#DEFAULT_QUEUE_CAPACITY} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code lines} is out of range
     */
    public Builder queueCapacity(int lines) {
      if (lines < 16 || lines > (1 << 20)) {
        throw reject("log.queue", "between 16 and 1048576", lines);
      }
      this.queueCapacity = Integer.highestOneBit(lines - 1) << 1;
      return this;
    }

    /**
     * @param chars the longest string value written ({@code log.string-limit}), 16 to 65,536 UTF-16
     *     chars, the {@value LogFields#TRUNCATION_MARK} of a cut value included;
     *     {@value LogFields#DEFAULT_STRING_LIMIT} by default
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is out of range
     */
    public Builder stringLimit(int chars) {
      if (chars < 16 || chars > 65_536) {
        throw reject("log.string-limit", "between 16 and 65536", chars);
      }
      this.stringLimit = chars;
      return this;
    }

    /**
     * @param enabled whether a JVM shutdown hook closes the log ({@code log.shutdown-hook}); on by
     *     default
     * @return this builder
     */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /**
     * @param timeout how long {@link StructuredLog#close()} waits for queued lines to be written
     *     ({@code log.close-timeout}), 0 to 5 minutes; 5 s by default
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative or over 5 minutes
     */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
        throw reject("log.close-timeout", "between 0ms and 5m", timeout.toMillis() + "ms");
      }
      this.closeTimeout = timeout;
      return this;
    }

    /** For tests: where the log's own diagnostics go. */
    Builder diagnostics(System.Logger logger) {
      this.diagnosticsLogger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Sets every {@code log.*} key and {@code service} that a configuration sets; settings it leaves
     * unset keep this builder's values. The configuration parsed and checked the values when it was
     * loaded.
     *
     * <pre>{@code
     * Sre4jConfig config = Sre4jConfig.load();
     * StructuredLog log = StructuredLog.builder().config(config).build();
     * SloRegistry registry = config.applyTo(SloRegistry.builder()).listener(log).build();
     * }</pre>
     *
     * @param config a configuration
     * @return this builder
     * @throws ConfigException if a value is out of range, naming the key and the value as written
     */
    public Builder config(Sre4jConfig config) {
      Objects.requireNonNull(config, "config");
      config.ifSet(Sre4jConfig.SERVICE, this::service);
      config.ifSet(LogConfigSchema.SINK, this::sinkKind);
      config.ifSet(LogConfigSchema.ACCESS, this::accessLog);
      config.ifSet(LogConfigSchema.ACCESS_SAMPLE, this::accessSample);
      config.ifSet(LogConfigSchema.QUEUE, this::queueCapacity);
      config.ifSet(LogConfigSchema.STRING_LIMIT, this::stringLimit);
      config.ifSet(LogConfigSchema.EMF_NAMESPACE, namespace -> emfNamespace = namespace);
      config.ifSet(LogConfigSchema.SLF4J_LOGGER, logger -> slf4jLogger = logger);
      config.ifSet(LogConfigSchema.SHUTDOWN_HOOK, this::shutdownHook);
      config.ifSet(LogConfigSchema.CLOSE_TIMEOUT, this::closeTimeout);
      return this;
    }

    /**
     * Reads the {@code log.*} keys and {@code service} of a plain map of settings, as {@link
     * #config(Sre4jConfig)} reads a configuration made of them; other keys are ignored.
     *
     * @param properties configuration keys (unprefixed) and values
     * @return this builder
     * @throws ConfigException if a {@code log.*} key is unknown ({@code log key must be one of
     *     [log.sink, ...] but was <key>}) or its value is bad, or {@code service} is blank or too
     *     long, or {@code log.sink} is {@code slf4j} and slf4j-api 2 is not on the class path
     */
    public Builder config(Map<String, String> properties) {
      Objects.requireNonNull(properties, "properties");
      Map<String, String> own = new TreeMap<>();
      for (Map.Entry<String, String> entry : properties.entrySet()) {
        String key = entry.getKey();
        if (key == null || !(key.equals("service") || key.startsWith("log."))) {
          continue;
        }
        if (!key.equals("service") && !LogConfigSchema.NAMES.contains(key)) {
          throw new ConfigException("log key", "one of " + LogConfigSchema.NAMES, key);
        }
        own.put(key, entry.getValue() == null ? "" : entry.getValue());
      }
      return config(Sre4jConfig.from(own, new LogConfigSchema.Provider()));
    }

    /** The sink named by {@code log.sink}, checked by {@link LogConfigSchema#SINK}. */
    private void sinkKind(String kind) {
      this.sinkKind = LogConfigSchema.SINK.parse(kind);
      this.customSink = null;
    }

    /**
     * Builds the log and starts its writer thread (and registers its shutdown hook).
     *
     * @return the log
     */
    public StructuredLog build() {
      LogSink sink = customSink;
      if (sink == null) {
        sink = switch (sinkKind) {
          case "emf" -> LogSink.emf(emfNamespace);
          case "slf4j" -> LogSink.slf4j(slf4jLogger);
          default -> LogSink.stdout();
        };
      }
      return new StructuredLog(this, sink);
    }

    private static ConfigException reject(String key, String rule, Object value) {
      return new ConfigException(key, rule, value);
    }
  }

  /**
   * The per-request front of a {@link StructuredLog}: one {@code access} line per request, if the
   * access log is on. Bad requests (status 5xx or thrown) are always written; the others are
   * sampled at the configured rate.
   *
   * <pre>{@code
   * AccessLog access = structuredLog.accessLog();          // once, at start-up
   * // per request, after endpoint.record(status, nanos):
   * access.log(endpoint, status, nanos, request.getHeader("traceparent"), thrown);
   * }</pre>
   *
   * <p><b>Thread safety:</b> any number of request threads.
   *
   * <p><b>Cost:</b> when off, one field read. When on, never blocks, never allocates, never throws:
   * a sampling draw ({@link ThreadLocalRandom}, no shared state) for good requests, then for a kept
   * line one read of the wall clock, a scan of the {@code traceparent} value (at most 55 chars) and
   * one slot claim in the lock-free queue. When the queue is full the line is dropped and counted
   * ({@link StructuredLog#droppedLines()}). Formatting happens on the writer thread.
   *
   * @since 0.1
   */
  public static final class AccessLog {

    private static final double TWO_TO_53 = 0x1.0p53;

    private final StructuredLog log;
    private final boolean enabled;
    private final double sampleRate;
    private final long threshold;

    AccessLog(StructuredLog log, boolean enabled, double sampleRate) {
      this.log = log;
      this.enabled = enabled;
      this.sampleRate = sampleRate;
      this.threshold = (long) Math.ceil(sampleRate * TWO_TO_53);
    }

    /** @return whether access lines are written at all; off by default */
    public boolean enabled() {
      return enabled;
    }

    /** @return the fraction of good requests written, in [0,1]; bad ones are always written */
    public double sampleRate() {
      return sampleRate;
    }

    /**
     * Writes an access line for a request on a known endpoint, if the access log is on and the
     * request is bad or sampled.
     *
     * @param endpoint the request's endpoint; its method and route are written
     * @param status the HTTP status it was counted with; 500 for one that threw
     * @param durationNanos how long it took, in nanoseconds; negative is written as 0
     * @param traceparent the request's W3C {@code traceparent} header value, or null; an invalid one
     *     gives no {@code trace_id}
     * @param thrown what the request threw, or null; its class name is written as {@code error}
     * @return whether the line was queued (false when off, not sampled, or dropped)
     */
    public boolean log(Endpoint endpoint, int status, long durationNanos,
        @Nullable CharSequence traceparent, @Nullable Throwable thrown) {
      if (!enabled) {
        return false;
      }
      return log(endpoint.method(), endpoint.route(), status, durationNanos, traceparent,
          thrown == null ? null : thrown.getClass().getName());
    }

    /**
     * Writes an access line, if the access log is on and the request is bad or sampled.
     *
     * @param method the HTTP method; null is written as an empty string
     * @param route the route template (never a raw path); null is written as an empty string
     * @param status the HTTP status it was counted with; 500 for one that threw
     * @param durationNanos how long it took, in nanoseconds; negative is written as 0
     * @param traceparent the request's W3C {@code traceparent} header value, or null
     * @param errorClass the class name of what the request threw, or null if it did not throw
     * @return whether the line was queued (false when off, not sampled, or dropped)
     */
    public boolean log(String method, String route, int status, long durationNanos,
        @Nullable CharSequence traceparent, @Nullable String errorClass) {
      if (!enabled) {
        return false;
      }
      boolean bad = status >= 500 || errorClass != null;
      if (!bad && !sampled()) {
        return false;
      }
      return log.offerAccess(method == null ? "" : method, route == null ? "" : route, status,
          Math.max(0, durationNanos), traceparent, errorClass);
    }

    private boolean sampled() {
      if (threshold >= (1L << 53)) {
        return true;
      }
      return threshold > 0 && (ThreadLocalRandom.current().nextLong() >>> 11) < threshold;
    }
  }
}
