package io.sre4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

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

  /**
   * A clock that moves only when told to: for tests, and for replaying recorded traffic on its own
   * timestamps.
   *
   * <p>{@link #advance(Duration)} moves both wall and monotonic time. {@link #jumpWallTime(Duration)}
   * moves only the wall time, the way NTP or a resumed VM does, so that code under test can be
   * checked against clock jumps.
   *
   * <p><b>Thread safety:</b> safe; reads and writes are volatile. <b>Cost:</b> a volatile read.
   *
   * @since 0.1
   */
  public static final class ManualClock implements Clock {

    private volatile long wallMillis;
    private volatile long monotonicNanos;

    private ManualClock(long wallMillis) {
      this.wallMillis = wallMillis;
      this.monotonicNanos = 0;
    }

    /**
     * A manual clock whose wall time starts at {@code start}.
     *
     * @param start the initial wall time
     * @return a new clock; its monotonic time starts at 0
     */
    public static ManualClock at(Instant start) {
      return new ManualClock(Objects.requireNonNull(start, "start").toEpochMilli());
    }

    @Override
    public long wallTime() {
      return wallMillis;
    }

    @Override
    public long monotonicTime() {
      return monotonicNanos;
    }

    /**
     * The current wall time as an {@link Instant}.
     *
     * @return the wall time
     */
    public Instant instant() {
      return Instant.ofEpochMilli(wallMillis);
    }

    /**
     * Moves wall and monotonic time forward together.
     *
     * @param amount how far; must not be negative
     * @return this clock
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public synchronized ManualClock advance(Duration amount) {
      Objects.requireNonNull(amount, "amount");
      if (amount.isNegative()) {
        throw new IllegalArgumentException("amount must be >= 0 but was " + amount);
      }
      monotonicNanos += amount.toNanos();
      wallMillis += amount.toMillis();
      return this;
    }

    /**
     * Moves wall and monotonic time forward to {@code wallTime}.
     *
     * @param wallTime the new wall time; must not be before the current one
     * @return this clock
     * @throws IllegalArgumentException if {@code wallTime} is before the current wall time
     */
    public synchronized ManualClock advanceTo(Instant wallTime) {
      long target = Objects.requireNonNull(wallTime, "wallTime").toEpochMilli();
      if (target < wallMillis) {
        throw new IllegalArgumentException(
            "wallTime must not be before " + instant() + " but was " + wallTime);
      }
      return advance(Duration.ofMillis(target - wallMillis));
    }

    /**
     * Moves only the wall time, backwards or forwards, leaving monotonic time where it is.
     *
     * @param amount how far; negative moves back
     * @return this clock
     */
    public synchronized ManualClock jumpWallTime(Duration amount) {
      wallMillis += Objects.requireNonNull(amount, "amount").toMillis();
      return this;
    }

    @Override
    public String toString() {
      return "ManualClock[" + instant() + ", monotonic=" + monotonicNanos + "ns]";
    }
  }
}
