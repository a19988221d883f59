package io.sre4j.core.testing;

/**
 * Lengths of time in milliseconds, for tests that drive a {@code ManualClock} or stamp events with
 * epoch milliseconds: {@code start + 3 * DAY + 12 * HOUR}.
 */
public final class TestTime {

  /** One second in milliseconds. */
  public static final long SECOND = 1_000L;
  /** One minute in milliseconds. */
  public static final long MINUTE = 60 * SECOND;
  /** One hour in milliseconds. */
  public static final long HOUR = 60 * MINUTE;
  /** One day (24 hours) in milliseconds. */
  public static final long DAY = 24 * HOUR;

  private TestTime() {}
}
