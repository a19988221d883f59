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
}
