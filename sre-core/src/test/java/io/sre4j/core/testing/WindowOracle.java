package io.sre4j.core.testing;

import java.util.Random;

/**
 * The brute-force side of the window tests: which events a bucketed window holds, computed from
 * the documented edge semantics rather than from the code under test, and the small helpers the
 * brute-force suites share to generate events and find them in a sorted array of timestamps.
 *
 * <p>The semantics: a window (or burn-rate lookback) of {@code w} milliseconds answered by buckets
 * of {@code width} milliseconds holds, at {@code now}, an event stamped {@code t} when
 * {@code floorDiv(t, width) > floorDiv(now, width) − ceil(w / width)}: the bucket holding
 * {@code now} and the {@code ceil(w / width) − 1} before it. A lookback up to one hour is answered
 * by 10 s buckets, up to six hours by 1 min buckets, longer ones by 10 min buckets.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class WindowOracle {

  private WindowOracle() {}

  /**
   * The first millisecond a bucketed window holds at {@code now}.
   *
   * @param now the current time, epoch milliseconds
   * @param windowMillis the window's length, at least 1 ms
   * @param widthMillis the width of its buckets, at least 1 ms
   * @return the start of the oldest bucket in the window, epoch milliseconds
   */
  public static long windowStart(long now, long windowMillis, long widthMillis) {
    return (Math.floorDiv(now, widthMillis) - ceilDiv(windowMillis, widthMillis) + 1) * widthMillis;
  }

  /**
   * Whether a bucketed window holds an event stamped {@code t} at {@code now} (for {@code t <=
   * now}).
   *
   * @param t the event's time, epoch milliseconds
   * @param now the current time, epoch milliseconds
   * @param windowMillis the window's length, at least 1 ms
   * @param widthMillis the width of its buckets, at least 1 ms
   * @return true when the event's bucket is one of the window's
   */
  public static boolean holds(long t, long now, long windowMillis, long widthMillis) {
    return Math.floorDiv(t, widthMillis)
        > Math.floorDiv(now, widthMillis) - ceilDiv(windowMillis, widthMillis);
  }

  /**
   * The first moment a bucketed window no longer holds an event stamped {@code t}.
   *
   * @param t the event's time, epoch milliseconds
   * @param windowMillis the window's length, at least 1 ms
   * @param widthMillis the width of its buckets, at least 1 ms
   * @return epoch milliseconds
   */
  public static long leaves(long t, long windowMillis, long widthMillis) {
    return (Math.floorDiv(t, widthMillis) + ceilDiv(windowMillis, widthMillis)) * widthMillis;
  }

  /**
   * The bucket width of the tier that answers a burn-rate lookback: 10 s up to one hour, 1 min up
   * to six hours, 10 min beyond.
   *
   * @param lookbackMillis the lookback, at least 1 ms
   * @return milliseconds
   */
  public static long lookbackWidth(long lookbackMillis) {
    if (lookbackMillis <= 360 * 10 * TestTime.SECOND) {
      return 10 * TestTime.SECOND;
    }
    if (lookbackMillis <= 360 * TestTime.MINUTE) {
      return TestTime.MINUTE;
    }
    return 10 * TestTime.MINUTE;
  }

  /**
   * {@code ceil(x / y)} for a positive {@code y}.
   *
   * @param x any value
   * @param y at least 1
   * @return the quotient rounded up
   */
  public static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  /**
   * The first index in {@code times[0, limit)} at or after {@code time}.
   *
   * @param times sorted ascending, duplicates allowed
   * @param time the value looked for
   * @param limit the end of the range searched, {@code 0..times.length}
   * @return {@code 0..limit}
   */
  public static int lowerBound(long[] times, long time, int limit) {
    int lo = 0;
    int hi = limit;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * A uniform random long in {@code [from, to)}.
   *
   * @param random the generator, seeded by the test
   * @param from the lowest value
   * @param to greater than {@code from}
   * @return a value in the range
   */
  public static long between(Random random, long from, long to) {
    return from + Math.floorMod(random.nextLong(), to - from);
  }
}
