package io.sre4j.cli;

import org.jspecify.annotations.Nullable;

/**
 * The access record the last line held, filled by {@link JsonLineScanner} or {@link CsvRowReader}
 * and read through {@link AccessParser}; reused for every line.
 *
 * <p><b>Thread safety:</b> none; one parser's.
 */
final class AccessRecord {

  long epochMillis;
  int status;
  long durationNanos;
  boolean thrown;
  final AccessParser.Scratch method = new AccessParser.Scratch(AccessParser.Scratch.READABLE);
  final AccessParser.Scratch route = new AccessParser.Scratch(128);
  private final Timestamps.Reader timestamps = new Timestamps.Reader();
  /** Why the last line was malformed. */
  @Nullable String reason;

  AccessParser.Result malformed(String why) {
    reason = why;
    return AccessParser.Result.MALFORMED;
  }

  AccessParser.Result outOfRange(String why) {
    reason = why;
    return AccessParser.Result.OUT_OF_RANGE;
  }

  /**
   * @return the timestamp {@code b[from..to)} in epoch milliseconds, or a negative value when it is
   *     not a time or out of range (then {@link #timestamp} gives the line's result)
   */
  long timestampMillis(byte[] b, int from, int to) {
    return timestamps.parse(b, from, to);
  }

  /**
   * Reads the timestamp {@code b[from..to)} into {@link #epochMillis}.
   *
   * @return null when it is a time; else the line's result, its reason quoting the text
   */
  AccessParser.@Nullable Result timestamp(byte[] b, int from, int to) {
    long millis = timestamps.parse(b, from, to);
    epochMillis = millis;
    if (millis == Timestamps.INVALID) {
      return malformed(
          "timestamp must be RFC 3339 or epoch milliseconds but was "
              + AccessParser.quote(b, from, to));
    }
    if (millis == Timestamps.OUT_OF_RANGE) {
      return outOfRange(
          "timestamp must be " + Timestamps.RANGE + " but was " + AccessParser.quote(b, from, to));
    }
    return null;
  }
}
