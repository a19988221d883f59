package io.sre4j.core;

/**
 * A closed interval's latency in {@link LatencyLayout} buckets, read by the registry's tick: one
 * endpoint's stripes ({@link LatencyRecorder}) or several endpoints merged ({@link
 * MergedLatency}).
 *
 * <p><b>Thread safety:</b> read by one thread at a time, while nothing writes it.
 */
interface LatencyReader {

  /** @return the first used bucket at or after {@code from}, or -1 */
  int nextUsedBucket(int from);

  /** @return the count of {@code bucket} */
  long countAt(int bucket);

  /** @return how many values */
  long totalCount();

  /** @return the sum of the values, in nanoseconds */
  long sum();

  /** @return the smallest value; unspecified if none */
  long min();

  /** @return the largest value; unspecified if none */
  long max();

  /**
   * The nearest-rank values for percentiles given as exact fractions: for each {@code i}, the
   * value of rank {@code ceil(numerators[i] / denominator × count)} (at least 1): exactly the min
   * for rank 1 and the max for the last rank, otherwise its bucket's middle held within [min, max].
   * Time: the used buckets up to the highest rank.
   *
   * @param numerators ascending, 0..denominator
   * @param denominator positive
   * @return one value per numerator; zeros if there is no value
   */
  default long[] valuesAtRanks(long[] numerators, long denominator) {
    return walkRanks(this, numerators, denominator);
  }

  /**
   * {@link #valuesAtRanks} by {@link #nextUsedBucket} and {@link #countAt}: for any reader, and the
   * reference an implementation's own walk must equal.
   */
  static long[] walkRanks(LatencyReader reader, long[] numerators, long denominator) {
    long[] values = new long[numerators.length];
    long count = reader.totalCount();
    if (count == 0) {
      return values;
    }
    long min = reader.min();
    long max = reader.max();
    long seen = 0;
    int bucket = -1;
    for (int i = 0; i < numerators.length; i++) {
      long rank = rank(numerators[i], denominator, count);
      while (seen < rank) {
        bucket = reader.nextUsedBucket(bucket + 1);
        seen += reader.countAt(bucket);
      }
      values[i] = valueAt(rank, count, bucket, min, max);
    }
    return values;
  }

  /** @return the nearest rank of {@code numerator / denominator} of {@code count}, at least 1 */
  static long rank(long numerator, long denominator, long count) {
    long dividend = numerator * count + denominator - 1;
    if ((dividend | denominator) <= Integer.MAX_VALUE) { // both in 0..2^31-1: a cheaper division
      return Math.max(1, (int) dividend / (int) denominator);
    }
    return Math.max(1, dividend / denominator);
  }

  /**
   * @return the value reported for {@code rank} of {@code count}, found in {@code bucket}: the min
   *     for rank 1, the max for the last rank, else the bucket's middle held within [min, max]
   */
  static long valueAt(long rank, long count, int bucket, long min, long max) {
    return rank == 1 ? min
        : rank == count ? max
        : Math.min(max, Math.max(min, LatencyLayout.middle(bucket)));
  }
}
