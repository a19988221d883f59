package io.sre4j.core.log;

import io.sre4j.core.log.LogSink.FieldVisitor;
import io.sre4j.core.log.LogSink.LogRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * SLF4J 2: one INFO event per line through the fluent API, the message being the line type and
 * each field a key-value pair: strings as {@link String}, integers as {@link Long}, decimals and
 * milliseconds as {@link Double}, {@code ts} as its RFC 3339 text.
 *
 * <p>This is the only class of sre4j that links to slf4j-api; it is loaded only when
 * {@link LogSink#slf4j(String)} is called, after checking that slf4j-api is present.
 *
 * <p><b>Thread safety:</b> writer thread only. <b>Cost:</b> what the SLF4J fluent API needs: an
 * event builder, boxed numbers and strings per line; nothing when INFO is disabled.
 */
final class Slf4jSink implements LogSink {

  private final Logger logger;
  private final KeyValues keyValues = new KeyValues();

  private Slf4jSink(Logger logger) {
    this.logger = logger;
  }

  static LogSink create(String loggerName) {
    return new Slf4jSink(LoggerFactory.getLogger(loggerName));
  }

  @Override
  public void write(LogRecord record) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder event = logger.atInfo();
    keyValues.event = event;
    try {
      record.fields(keyValues);
    } finally {
      keyValues.event = null;
    }
    event.setMessage(record.type()).log();
  }

  /** Adds each field to the event being built. */
  private static final class KeyValues implements FieldVisitor {
    @Nullable LoggingEventBuilder event;

    /** The event being built: set by {@code write} around {@code record.fields}. */
    private LoggingEventBuilder event() {
      LoggingEventBuilder building = event;
      if (building == null) {
        throw new IllegalStateException("a field visited outside write()");
      }
      return building;
    }

    @Override
    public void string(String name, CharSequence value) {
      event().addKeyValue(name, value.toString());
    }

    @Override
    public void integer(String name, long value) {
      event().addKeyValue(name, value);
    }

    @Override
    public void decimal(String name, double value) {
      event().addKeyValue(name, value);
    }

    @Override
    public void millis(String name, long nanos) {
      event().addKeyValue(name, nanos / 1e6);
    }

    @Override
    public void timestamp(String name, long epochMillis) {
      event().addKeyValue(name, JsonLineWriter.formatTimestamp(epochMillis));
    }

    @Override
    public void bool(String name, boolean value) {
      event().addKeyValue(name, value);
    }
  }
}
