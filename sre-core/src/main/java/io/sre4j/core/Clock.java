package io.sre4j.core;

/**
 * The one source of time for sre4j: wall time for bucketing and labels, monotonic time for
 * durations and intervals.
 *
 * <p>Wall time may jump (NTP, a VM resumed, an operator); sre4j never assumes it is monotonic and
 * never throws or loses counts when it jumps. Monotonic time only moves forward.
 *
 * <p><b>Thread safety:</b> implementations must be safe to call from any thread.
 * <b>Cost:</b> {@link #system()} is one {@code System.currentTimeMillis()} or
 * {@code System.nanoTime()} call; no allocation.
 *
 * @since 0.1
 */
public interface Clock {

  /**
   * Returns the wall time.
   *
   * @return milliseconds since the Unix epoch, UTC; may jump backwards or forwards
   */
  long wallTime();

  /**
   * Returns the monotonic time.
   *
   * @return nanoseconds from an arbitrary origin; never decreases
   */
  long monotonicTime();

  /**
   * The system clock: {@link System#currentTimeMillis()} and {@link System#nanoTime()}.
   *
   * @return the shared, stateless system clock
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** The system clock, stateless. */
  enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long wallTime() {
      return System.currentTimeMillis();
    }

    @Override
    public long monotonicTime() {
      return System.nanoTime();
    }
  }
}
