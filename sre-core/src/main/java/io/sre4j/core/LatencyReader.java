package io.sre4j.core;

/**
 * A closed interval's latency in {@link LatencyLayout} buckets, read by the registry's tick: one
 * endpoint's stripes ({@link LatencyRecorder}) or several endpoints merged ({@link
 * LatencyHistogram}).
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
    long[] values = new long[numerators.length];
    long count = totalCount();
    if (count == 0) {
      return values;
    }
    long min = min();
    long max = max();
    long seen = 0;
    int bucket = -1;
    for (int i = 0; i < numerators.length; i++) {
      long rank = Math.max(1, (numerators[i] * count + denominator - 1) / denominator);
      while (seen < rank) {
        bucket = nextUsedBucket(bucket + 1);
        seen += countAt(bucket);
      }
      values[i] = rank == 1 ? min
          : rank == count ? max
          : Math.min(max, Math.max(min, LatencyLayout.middle(bucket)));
    }
    return values;
  }
}
