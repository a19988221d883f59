package io.sre4j.core.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Where structured lines go: stdout JSON Lines (the default), CloudWatch Embedded Metric Format,
 * SLF4J, or your own.
 *
 * <pre>{@code
 * StructuredLog log = StructuredLog.builder().service("orders").sink(LogSink.emf("shop")).build();
 * }</pre>
 *
 * <p><b>JSON rules</b> (the stdout and EMF sinks): one object a line, UTF-8, each key once.
 * Strings follow RFC 8259: {@code "} and {@code \} escaped, control characters below U+0020 as
 * {@code \n \r \t \b \f} or {@code \}{@code u00XX}; DEL, the C1 controls (U+007F..U+009F) and
 * U+2028/U+2029 as {@code \}{@code uXXXX}, so no tool sees a line break inside a line; a lone
 * surrogate becomes U+FFFD. Numbers are plain decimals, never with an exponent: integers as such,
 * milliseconds exact from nanoseconds ({@code 12.345678}), ratios with at most 15 significant
 * digits ({@code 0.999}); a number that is not finite would be {@code null} (sre4j produces none).
 * Times are RFC 3339 UTC with milliseconds ({@code 2026-11-27T03:18:32.123Z}).
 *
 * <p>The {@link StructuredLog} writer thread calls {@link #write} for each line of a batch, then
 * {@link #flush()} once per batch, and {@link #close()} once at the end. A sink that throws loses
 * that line (or, from {@code flush}, what it buffered); the exception is counted
 * ({@link StructuredLog#sinkFailures()}) and warned about once, and never reaches the caller.
 *
 * <p><b>Thread safety:</b> a sink is driven by one writer thread; it need not be thread-safe. Give
 * each {@link StructuredLog} its own sink.
 *
 * <p><b>Cost:</b> the built-in JSON sinks format into one reused buffer per sink (no allocation per
 * line once warm) and write to their stream once per batch or per 64 KiB. The SLF4J sink allocates
 * what the SLF4J fluent API needs (boxed numbers, strings, the event builder).
 *
 * @since 0.1
 */
public interface LogSink {

  /**
   * Writes one line, or buffers it until {@link #flush()}.
   *
   * @param record the line; valid only during this call
   * @throws IOException if the line could not be written
   */
  void write(LogRecord record) throws IOException;

  /**
   * Pushes buffered lines out; called once per batch.
   *
   * @throws IOException if they could not be written
   */
  default void flush() throws IOException {}

  /**
   * Flushes and releases the sink; called once, after the last line. Never closes
   * {@link System#out}.
   *
   * @throws IOException if the last lines could not be written
   */
  default void close() throws IOException {
    flush();
  }

  /**
   * JSON Lines on {@link System#out} (as it is when this method is called), flushed per batch.
   *
   * @return a new sink
   */
  static LogSink stdout() {
    return new JsonLinesSink(System.out, false);
  }

  /**
   * JSON Lines on any stream, flushed per batch; the stream is closed with the sink.
   *
   * @param out the stream, written by the writer thread only
   * @return a new sink
   */
  static LogSink jsonLines(OutputStream out) {
    return new JsonLinesSink(Objects.requireNonNull(out, "out"), true);
  }

  /**
   * CloudWatch Embedded Metric Format on {@link System#out}: {@code sli_report} lines carry an
   * {@code _aws} block that turns their figures into metrics with dimensions {@code service} and
   * {@code slo}; other lines are plain JSON.
   *
   * @param namespace the CloudWatch namespace, 1 to 255 characters of {@code A-Z a-z 0-9 . - _ /
   *     # :} and space, not starting with {@code AWS/}; {@value LogFields#DEFAULT_EMF_NAMESPACE}
   *     by default in {@link StructuredLog}
   * @return a new sink
   * @throws IllegalArgumentException if {@code namespace} breaks that rule
   */
  static LogSink emf(String namespace) {
    return new EmfSink(System.out, false, namespace);
  }

  /**
   * CloudWatch Embedded Metric Format on any stream, as {@link #emf(String)}; the stream is closed
   * with the sink.
   *
   * @param out the stream, written by the writer thread only
   * @param namespace the CloudWatch namespace, see {@link #emf(String)}
   * @return a new sink
   * @throws IllegalArgumentException if {@code namespace} breaks that rule
   */
  static LogSink emf(OutputStream out, String namespace) {
    return new EmfSink(Objects.requireNonNull(out, "out"), true, namespace);
  }

  /**
   * SLF4J 2: one INFO event per line, the message being the line type and every field a key-value
   * pair added through the fluent API ({@code logger.atInfo().addKeyValue(...)}). Needs slf4j-api
   * 2 on the class path; sre4j itself never does.
   *
   * @param loggerName the logger's name; {@value LogFields#DEFAULT_SLF4J_LOGGER} by default in
   *     {@link StructuredLog}
   * @return a new sink
   * @throws IllegalStateException if slf4j-api 2 is not on the class path
   */
  static LogSink slf4j(String loggerName) {
    Objects.requireNonNull(loggerName, "loggerName");
    if (!Slf4jPresence.available()) {
      throw new IllegalStateException(
          "the SLF4J log sink needs slf4j-api 2 on the class path, and it is not there");
    }
    return Slf4jSink.create(loggerName);
  }

  /**
   * One line about to be written, as a sink sees it: its type, its time and its fields.
   *
   * <p><b>Thread safety:</b> a record is a reused view owned by the writer thread. It is valid only
   * during {@link LogSink#write(LogRecord)}; a sink must not keep it or pass it to another thread.
   *
   * <p><b>Cost:</b> {@link #fields} may be called more than once; each call replays the same fields
   * without allocating.
   *
   * @since 0.1
   */
  public interface LogRecord {

    /** @return the line type, a {@code LogFields.TYPE_*} constant */
    String type();

    /** @return when it happened, milliseconds since the Unix epoch, UTC */
    long epochMillis();

    /**
     * Visits every field of the line, {@code ts}, {@code type} and {@code service} first.
     *
     * @param visitor receives the fields, each name at most once
     */
    void fields(FieldVisitor visitor);
  }

  /**
   * Receives the fields of one {@link LogRecord}, in order, each name at most once.
   *
   * <p>Names are {@link LogFields} constants, or burn-rate names made by
   * {@link LogFields#burnRate(java.time.Duration)} such as {@code burn_rate_5m}. Values are already
   * cut to the configured string limit. A {@link CharSequence} handed to
   * {@link #string} may be a reused view: read or copy it during the call, never keep it. Fields that
   * do not apply to a line are not visited at all.
   *
   * <p><b>Thread safety:</b> called on the log's writer thread only. <b>Cost:</b> sre4j calls it
   * without allocating; what an implementation does with the values is its own cost.
   *
   * @since 0.1
   */
  public interface FieldVisitor {

    /**
     * A text field.
     *
     * @param name the field name, a {@link LogFields} constant
     * @param value the value, at most the string limit long; valid only during the call. It may
     *     hold any UTF-16 text, including control characters and lone surrogates.
     */
    void string(String name, CharSequence value);

    /**
     * An integer field.
     *
     * @param name the field name
     * @param value the value
     */
    void integer(String name, long value);

    /**
     * A decimal field.
     *
     * @param name the field name
     * @param value the value; finite for every sre4j field
     */
    void decimal(String name, double value);

    /**
     * A duration or time field in milliseconds, given exactly in nanoseconds.
     *
     * @param name the field name, ending in {@code _ms}
     * @param nanos the value in nanoseconds
     */
    void millis(String name, long nanos);

    /**
     * A point in time.
     *
     * @param name the field name
     * @param epochMillis milliseconds since the Unix epoch, UTC
     */
    void timestamp(String name, long epochMillis);

    /**
     * A boolean field.
     *
     * @param name the field name
     * @param value the value
     */
    void bool(String name, boolean value);
  }
}
