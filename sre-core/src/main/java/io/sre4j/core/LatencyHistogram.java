package io.sre4j.core;

/**
 * Several endpoints' closed intervals merged, for an SLO's interval report: {@link
 * LatencyLayout} buckets in {@code long}s, with a bitmap of the used ones.
 *
 * <p><b>Thread safety:</b> none; the registry's tick owns it.
 *
 * <p><b>Cost:</b> {@link #reset} and {@link #add} take time proportional to the used buckets.
 * Memory: {@value LatencyLayout#BUCKETS} longs and a 33-word bitmap, about 17 KiB, one per
 * registry (its merge scratch).
 */
final class LatencyHistogram implements LatencyReader {

  private final long[] counts = new long[LatencyLayout.BUCKETS];
  private final long[] bitmap = new long[(LatencyLayout.BUCKETS + 63) / 64];
  private long usedWords;
  private long totalCount;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;

  /** Empties the histogram. */
  void reset() {
    for (int bucket = nextUsedBucket(0); bucket >= 0; bucket = nextUsedBucket(bucket + 1)) {
      counts[bucket] = 0;
    }
    while (usedWords != 0) {
      bitmap[Long.numberOfTrailingZeros(usedWords)] = 0;
      usedWords &= usedWords - 1;
    }
    totalCount = 0;
    sum = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
  }

  /** Adds an endpoint's closed interval. */
  void add(LatencyRecorder interval) {
    interval.addTo(this);
  }

  void addToBucket(int bucket, long count) {
    counts[bucket] += count;
    bitmap[bucket >>> 6] |= 1L << bucket;
    usedWords |= 1L << (bucket >>> 6);
  }

  void addTotals(long count, long addedSum, long addedMin, long addedMax) {
    totalCount += count;
    sum += addedSum;
    min = Math.min(min, addedMin);
    max = Math.max(max, addedMax);
  }

  @Override
  public int nextUsedBucket(int from) {
    if (from >= LatencyLayout.BUCKETS) {
      return -1;
    }
    int word = from >>> 6;
    long bits = bitmap[word] & (-1L << from);
    if (bits != 0) {
      return (word << 6) + Long.numberOfTrailingZeros(bits);
    }
    long words = usedWords & (-2L << word);
    if (words == 0) {
      return -1;
    }
    word = Long.numberOfTrailingZeros(words);
    return (word << 6) + Long.numberOfTrailingZeros(bitmap[word]);
  }

  @Override
  public long countAt(int bucket) {
    return counts[bucket];
  }

  @Override
  public long totalCount() {
    return totalCount;
  }

  @Override
  public long sum() {
    return sum;
  }

  @Override
  public long min() {
    return min;
  }

  @Override
  public long max() {
    return max;
  }
}
