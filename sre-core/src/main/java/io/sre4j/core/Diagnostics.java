package io.sre4j.core;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The library's own diagnostics, through {@link System.Logger}: each kind of problem is logged at
 * WARNING the first time and at DEBUG after that, never into the JSON stream.
 *
 * <p><b>Thread safety:</b> safe. <b>Cost:</b> a set lookup; called only from readers and the tick,
 * never from {@code record}.
 */
final class Diagnostics {

  private static final System.Logger LOGGER = System.getLogger("io.sre4j");

  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final java.util.Map<String, Long> lastWarned = new ConcurrentHashMap<>();

  /** Logs {@code message} at WARNING if {@code kind} was never warned about, else at DEBUG. */
  void warnOnce(String kind, String message) {
    warnOnce(kind, message, null);
  }

  void warnOnce(String kind, String message, @Nullable Throwable cause) {
    Level level = warned.add(kind) ? Level.WARNING : Level.DEBUG;
    try {
      if (cause == null) {
        LOGGER.log(level, message);
      } else {
        LOGGER.log(level, message, cause);
      }
    } catch (RuntimeException e) {
      // a broken logging backend must not break the caller
    }
  }

  /**
   * Logs {@code message} at WARNING if {@code kind} was not warned about in the last {@code
   * periodMillis}, else at DEBUG: for a problem that lasts, such as an unwritable state file.
   */
  void warnEvery(String kind, long periodMillis, long nowMillis, String message, Throwable cause) {
    Long last = lastWarned.get(kind);
    if (last == null || nowMillis - last >= periodMillis || nowMillis < last) {
      lastWarned.put(kind, nowMillis);
      warned.remove(kind);
    }
    warnOnce(kind, message, cause);
  }

  boolean hasWarned(String kind) {
    return warned.contains(kind);
  }
}
