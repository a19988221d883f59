package io.sre4j.core;

/**
 * The bucket layout of every latency histogram: log-linear, 64 linear buckets per power of two
 * above 1,024 ns and 16 ns buckets below, so that the value a bucket reports is within 1/128
 * (0.79 %) of every value in it from 1,024 ns to 1 h, and within 8 ns below 1,024 ns.
 *
 * <p>A duration {@code v} in nanoseconds is first divided by 16 ({@code w = v >>> 4}); {@code w}
 * under 128 is its own bucket; above, {@code w}'s top seven bits name the bucket, 64 per octave.
 * {@value #BUCKETS} buckets cover 0 to {@link Endpoint#MAX_DURATION_NANOS}.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> {@link #bucket} is a leading-zero count, two
 * shifts and an add.
 */
final class LatencyLayout {

  private static final int UNIT_SHIFT = 4; // 16 ns
  private static final int SUB_BITS = 6; // 64 buckets per octave

  /** Buckets from 0 to 1 h: {@code bucket(MAX_DURATION_NANOS) + 1}, asserted by a test. */
  static final int BUCKETS = 2_089;

  /** The largest relative error of a reported value at or above 1,024 ns: 1/128. */
  static final double RELATIVE_ERROR = 1.0 / 128;

  private LatencyLayout() {}

  /** @param nanos 0..{@link Endpoint#MAX_DURATION_NANOS} @return its bucket, 0..BUCKETS - 1 */
  static int bucket(long nanos) {
    long w = nanos >>> UNIT_SHIFT;
    int shift = Math.max(0, 63 - SUB_BITS - Long.numberOfLeadingZeros(w));
    return (shift << SUB_BITS) + (int) (w >>> shift);
  }

  /** @return the smallest duration in {@code bucket} */
  static long lowest(int bucket) {
    int shift = Math.max(0, (bucket >>> SUB_BITS) - 1);
    return (long) (bucket - (shift << SUB_BITS)) << (shift + UNIT_SHIFT);
  }

  /** @return how many durations {@code bucket} holds */
  static long width(int bucket) {
    int shift = Math.max(0, (bucket >>> SUB_BITS) - 1);
    return 1L << (shift + UNIT_SHIFT);
  }

  /** @return the duration reported for {@code bucket}: its middle */
  static long middle(int bucket) {
    return lowest(bucket) + width(bucket) / 2;
  }
}
