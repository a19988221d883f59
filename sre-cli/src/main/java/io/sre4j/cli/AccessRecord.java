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
  final AccessParser.Scratch method = new AccessParser.Scratch(16);
  final AccessParser.Scratch route = new AccessParser.Scratch(128);
  /** Why the last line was malformed. */
  @Nullable String reason;

  AccessParser.Result malformed(String why) {
    reason = why;
    return AccessParser.Result.MALFORMED;
  }
}
