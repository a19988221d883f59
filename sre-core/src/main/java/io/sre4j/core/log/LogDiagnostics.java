package io.sre4j.core.log;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The log's own diagnostics, through {@link System.Logger} (never into the lines it writes): each
 * kind of problem at WARNING the first time, at DEBUG after that. The same pattern as the core's
 * diagnostics.
 *
 * <p><b>Thread safety:</b> safe. <b>Cost:</b> a set lookup and a logger call; only on failures.
 */
final class LogDiagnostics {

  private final System.Logger logger;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  LogDiagnostics(System.Logger logger) {
    this.logger = logger;
  }

  void warnOnce(String kind, String message, @Nullable Throwable cause) {
    Level level = warned.add(kind) ? Level.WARNING : Level.DEBUG;
    try {
      if (!logger.isLoggable(level)) {
        return;
      }
      if (cause == null) {
        logger.log(level, message);
      } else {
        logger.log(level, message, cause);
      }
    } catch (RuntimeException e) {
      // a broken logging backend must not break the writer
    }
  }
}
