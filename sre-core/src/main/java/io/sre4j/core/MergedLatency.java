package io.sre4j.core;

/**
 * Several endpoints' closed intervals read as one, for an SLO's interval report: a view over
 * their recorders' closed stripes that reads their buckets in place, never copying them.
 *
 * <p>{@link #valuesAtRanks} walks the union of the stripes' used-bucket bitmaps one 64-bucket word
 * at a time: the stripes that use a word add their counts into a 64-entry scratch, whose buckets
 * are then walked in order. Its answer equals that of one histogram holding every value (the
 * stripes' counts summed per bucket), without touching the buckets no stripe used.
 *
 * <p><b>Thread safety:</b> none; the registry's tick owns it, and reads it while nothing writes the
 * closed intervals it views (until the next {@link LatencyRecorder#close()}).
 *
 * <p><b>Cost:</b> {@link #add} is proportional to the recorder's stripes; {@link #valuesAtRanks} to
 * the used words times the stripes plus the used buckets up to the highest rank. Allocation: the
 * stripe list grows by doubling, then nothing but the answer's array.
 */
final class MergedLatency implements LatencyReader {

  private LatencyRecorder.Stripe[] stripes = new LatencyRecorder.Stripe[8];
  private int[] buffers = new int[8];
  /** Per stripe, its used-word bits in the closed buffer, read once by {@link #addStripe}. */
  private long[] stripeWords = new long[8];
  private int size;
  /** The union of the stripes' used-word bits. */
  private long usedWords;
  private long totalCount;
  private long sum;
  private long min = Long.MAX_VALUE;
  private long max = Long.MIN_VALUE;
  /** One word's counts while {@link #valuesAtRanks} walks it; zero between calls. */
  private final long[] wordCounts = new long[64];

  /** Forgets every interval added. */
  void reset() {
    java.util.Arrays.fill(stripes, 0, size, null);
    size = 0;
    usedWords = 0;
    totalCount = 0;
    sum = 0;
    min = Long.MAX_VALUE;
    max = Long.MIN_VALUE;
  }

  /** Adds an endpoint's closed interval: a view, valid until the recorder closes again. */
  void add(LatencyRecorder interval) {
    interval.addTo(this);
  }

  /** Adds one closed stripe that holds {@code count} values; by {@link LatencyRecorder#addTo}. */
  void addStripe(LatencyRecorder.Stripe stripe, int buffer, long count, long addedSum,
      long addedMin, long addedMax) {
    if (size == stripes.length) {
      stripes = java.util.Arrays.copyOf(stripes, size * 2);
      buffers = java.util.Arrays.copyOf(buffers, size * 2);
      stripeWords = java.util.Arrays.copyOf(stripeWords, size * 2);
    }
    long words = stripe.usedWords(buffer);
    stripes[size] = stripe;
    stripeWords[size] = words;
    buffers[size++] = buffer;
    usedWords |= words;
    totalCount += count;
    sum += addedSum;
    min = Math.min(min, addedMin);
    max = Math.max(max, addedMax);
  }

  /** {@inheritDoc} Time: the used words times the stripes, plus the used buckets walked. */
  @Override
  public long[] valuesAtRanks(long[] numerators, long denominator) {
    long[] values = new long[numerators.length];
    if (totalCount == 0 || numerators.length == 0) {
      return values;
    }
    long[] scratch = wordCounts;
    int next = 0;
    long rank = LatencyReader.rank(numerators[0], denominator, totalCount);
    long seen = 0;
    for (long words = usedWords; words != 0; words &= words - 1) {
      int word = Long.numberOfTrailingZeros(words);
      long union = 0;
      long wordBit = 1L << word;
      for (int i = 0; i < size; i++) {
        if ((stripeWords[i] & wordBit) == 0) {
          continue; // the stripe used no bucket of this word
        }
        LatencyRecorder.Stripe stripe = stripes[i];
        int buffer = buffers[i];
        long[] carried = stripe.carries; // complete for a closed buffer: its writers left
        long bits = stripe.bitmapWord(buffer, word);
        union |= bits;
        for (; bits != 0; bits &= bits - 1) {
          int bit = Long.numberOfTrailingZeros(bits);
          scratch[bit] += stripe.count(buffer, (word << 6) + bit, carried);
        }
      }
      for (long bits = union; bits != 0; bits &= bits - 1) {
        int bit = Long.numberOfTrailingZeros(bits);
        seen += scratch[bit];
        scratch[bit] = 0;
        while (next < values.length && seen >= rank) {
          values[next] = LatencyReader.valueAt(rank, totalCount, (word << 6) + bit, min, max);
          if (++next < values.length) {
            rank = LatencyReader.rank(numerators[next], denominator, totalCount);
          }
        }
      }
      if (next == values.length) {
        return values; // the scratch is clear: this word's buckets were all walked
      }
    }
    return values;
  }

  @Override
  public int nextUsedBucket(int from) {
    int next = -1;
    for (int i = 0; i < size; i++) {
      int bucket = stripes[i].nextUsed(buffers[i], from);
      if (bucket >= 0 && (next < 0 || bucket < next)) {
        next = bucket;
      }
    }
    return next;
  }

  @Override
  public long countAt(int bucket) {
    long count = 0;
    for (int i = 0; i < size; i++) {
      count += stripes[i].count(buffers[i], bucket);
    }
    return count;
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
