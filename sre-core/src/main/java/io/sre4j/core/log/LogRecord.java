package io.sre4j.core.log;

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
