package io.sre4j.core.log;

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
