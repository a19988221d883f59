package io.sre4j.core.log;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test SLF4J 2 backend, found through META-INF/services: every logger keeps the events the
 * fluent API hands it, key-value pairs included. Only loggers named {@code test.*} keep events;
 * the others (libraries used by tests) are discarded.
 */
public final class CapturingSlf4jProvider implements SLF4JServiceProvider {

  static final ConcurrentHashMap<String, List<LoggingEvent>> EVENTS = new ConcurrentHashMap<>();

  private final ILoggerFactory factory = name -> new CapturingLogger(name);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  static List<LoggingEvent> events(String loggerName) {
    return EVENTS.computeIfAbsent(loggerName, name -> new CopyOnWriteArrayList<>());
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}

  /** Keeps fluent events; the classic calls are not used by sre4j and are ignored. */
  static final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    private boolean capturing() {
      return name.startsWith("test.");
    }

    @Override
    public void log(LoggingEvent event) {
      if (capturing()) {
        events(name).add(event);
      }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message,
        Object[] arguments, Throwable throwable) {}

    @Override
    public boolean isTraceEnabled() {
      return capturing();
    }

    @Override
    public boolean isDebugEnabled() {
      return capturing();
    }

    @Override
    public boolean isInfoEnabled() {
      return capturing();
    }

    @Override
    public boolean isWarnEnabled() {
      return capturing();
    }

    @Override
    public boolean isErrorEnabled() {
      return capturing();
    }
  }

  /** @return a logger of this backend, for a check that the provider is the one in use */
  static boolean inUse(Logger logger) {
    return logger instanceof CapturingLogger;
  }
}
