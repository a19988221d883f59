package io.sre4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The latency and band counts of one endpoint's interval in progress, written by any number of
 * request threads and closed by the registry's tick: a striped, double-buffered histogram in the
 * {@link LatencyLayout} buckets (within 1/128 of every value from 1 µs to 1 h).
 *
 * <p><b>Thread safety:</b> {@link #record} from any number of threads; {@link #close} and every
 * read from one thread at a time (the registry's tick, under its lock). {@link
 * #recordSingleWriter} instead only from the thread that also closes, and never mixed with
 * {@link #record} on one recorder.
 *
 * <p><b>Cost:</b> {@code record} allocates nothing in the steady state, takes no lock, never
 * blocks or throws: five uncontended atomic adds on lines its stripe owns, plus two bit sets the
 * first time a bucket is used in an interval ({@code recordSingleWriter}: the same updates as plain
 * additions stored opaquely, and no phase counts). {@code close} costs time proportional to the stripes
 * and the buckets used in the interval, never to the range.
 *
 * <p><b>Memory:</b> {@value #STRIPE_BYTES} bytes per stripe (two buffers of {@value
 * LatencyLayout#BUCKETS} {@code int} counts each, their bitmaps and padded scalars); one stripe until
 * writers contend, then at most {@link #MAX_STRIPES} stripes.
 */
final class LatencyRecorder implements LatencyReader {

  /*
   * design
   *
   * Striping. A LongAdder-like table of stripes, one until a writer sees contention (its CAS on
   * the stripe's phase counter fails against another writer, not against a flip), then doubled
   * up to MAX_STRIPES (the CPU count rounded up to a power of two); a new table's slots are
   * filled lazily by the first writer that lands on them. A thread's slot is a hash of its id
   * and a table-wide salt; when the table is full and writers still collide, the salt changes
   * so that colliding threads move apart (LongAdder rehashes a per-thread probe instead, which
   * is not reachable from outside java.base). Every scalar a writer touches lives in its
   * stripe's own padded long[], the counts in its own int[]: two writers on two stripes share
   * no written cache line.
   *
   * Interval flip. Each stripe is its own WriterReaderPhaser (HdrHistogram's protocol, per
   * stripe instead of per recorder, so that writers do not share its counter): a writer's
   * enter value's sign picks buffer 0 or 1; the tick swaps the sign, then waits until every
   * writer that entered with the old sign has left. Growth and stripe creation happen under
   * a try-lock ("busy", as LongAdder's cellsBusy) that writers never wait for (they record
   * into the stripe they have and skip the growth); the tick takes it while it flips, so a
   * stripe is created in the phase the tick last set, and every stripe that exists when the
   * tick flips is flipped.
   *
   * Counts are ints, read unsigned; the 2^32-th record into one bucket of one stripe in one
   * interval (1.2 M/s into one bucket for an hour) carries into a lazily created long[], so
   * counts stay exact. Band counts, sum, min and max are longs beside the phase counters.
   */

  /** The most stripes a recorder creates: the CPU count rounded up to a power of two. */
  static final int MAX_STRIPES = Math.min(
      1 << 16, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1));

  /** Bands: ok fast, ok tolerable, ok slow, then the same three failed. */
  static final int BANDS = 6;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Stripe[].class);
  private static final VarHandle BUSY;
  private static final VarHandle SALT;
  private static final VarHandle CARRIES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      BUSY = lookup.findVarHandle(LatencyRecorder.class, "busy", int.class);
      SALT = lookup.findVarHandle(LatencyRecorder.class, "salt", long.class);
      CARRIES = lookup.findVarHandle(Stripe.class, "carries", long[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // ---- the layout of a stripe's long[] cells: padding, phase counters, two buffers, padding ----
  private static final int PAD = 16; // 128 bytes: a cache line and its adjacent-line prefetch
  private static final int START = PAD;
  private static final int EVEN_END = PAD + 1;
  private static final int ODD_END = PAD + 2;
  private static final int SUM = BANDS;
  private static final int MIN = BANDS + 1;
  private static final int MAX = BANDS + 2;
  private static final int USED_WORDS = BANDS + 3; // a bit per used word of the bitmap
  private static final int BITMAP = BANDS + 4;
  private static final int WORDS = (LatencyLayout.BUCKETS + 63) / 64;
  private static final int BUFFER_LONGS = BITMAP + WORDS;
  private static final int BUFFER0 = PAD + 8;
  private static final int CELLS = BUFFER0 + 2 * BUFFER_LONGS + PAD;
  private static final int COUNTS_PAD = 32; // 128 bytes of ints
  private static final int COUNTS = 2 * LatencyLayout.BUCKETS + 2 * COUNTS_PAD;

  /** Bytes of one stripe: its object, cells and counts (16-byte array headers, 4-byte refs). */
  static final int STRIPE_BYTES = 24 + (16 + 8 * CELLS) + (16 + 4 * COUNTS);

  private volatile Stripe[] stripes;
  private volatile long salt;
  private volatile int busy;
  /** The buffer new writers use, 0 or 1; written under busy. */
  private int phase;
  /** The stripes as they were when the last interval closed; reader side. */
  private Stripe[] closed;
  /** The buffer of the closed interval in every stripe of {@link #closed}. */
  private int closedBuffer;

  LatencyRecorder() {
    stripes = new Stripe[] {new Stripe(0)};
    closed = new Stripe[0];
  }

  /**
   * Records one request.
   *
   * @param nanos the duration, 0..{@link Endpoint#MAX_DURATION_NANOS}, already clamped
   * @param band 0..5: ok fast, tolerable, slow, then failed fast, tolerable, slow
   */
  void record(long nanos, int band) {
    Stripe[] table = stripes;
    Stripe stripe;
    int n = table.length;
    if (n == 1) {
      stripe = table[0];
    } else {
      int index = slot(n);
      stripe = table[index];
      if (stripe == null) {
        stripe = create(table, index);
      }
    }
    if (stripe.record(nanos, band)) {
      contended(table);
    }
  }

  /**
   * Records one request from the registry's only writer thread, which also closes: {@link
   * SloRegistry.Builder#singleThreaded()}. The same cells as {@link #record}, written by plain
   * read-and-add and an opaque store instead of atomic read-modify-writes, into stripe 0 (the
   * table never grows: only {@link #record} sees contention).
   *
   * @param nanos the duration, 0..{@link Endpoint#MAX_DURATION_NANOS}, already clamped
   * @param band 0..5, as in {@link #record}
   */
  void recordSingleWriter(long nanos, int band) {
    stripes[0].recordSingleWriter(nanos, band);
  }

  private int slot(int n) {
    long mixed = (Thread.currentThread().getId() + salt) * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32) & (n - 1);
  }

  /** A new stripe for an empty slot, or stripe 0 if another thread holds busy. */
  private Stripe create(Stripe[] table, int index) {
    if (BUSY.compareAndSet(this, 0, 1)) {
      try {
        if (stripes == table && SLOTS.getVolatile(table, index) == null) {
          SLOTS.setVolatile(table, index, new Stripe(phase));
        }
      } finally {
        busy = 0;
      }
    }
    Stripe stripe = (Stripe) SLOTS.getVolatile(table, index);
    return stripe != null ? stripe : table[0];
  }

  /** Doubles the stripe table as contention would, its new slots empty (for the jcstress test). */
  void grow() {
    contended(stripes);
  }

  /** Doubles the table, or moves threads apart if it is full; skipped if another thread is at it. */
  private void contended(Stripe[] seen) {
    if (seen.length >= MAX_STRIPES) {
      long old = salt;
      SALT.compareAndSet(this, old, old + 0x61C8_8647L);
      return;
    }
    if (BUSY.compareAndSet(this, 0, 1)) {
      try {
        if (stripes == seen) {
          stripes = Arrays.copyOf(seen, seen.length * 2);
        }
      } finally {
        busy = 0;
      }
    }
  }

  // ---- reader side ----

  /**
   * Ends the interval in progress: clears the buffers of the interval closed before, flips every
   * stripe to them and waits for writers still recording into the one being closed. The closed
   * interval stays readable until the next call.
   */
  void close() {
    while (!BUSY.compareAndSet(this, 0, 1)) {
      Thread.yield(); // a writer creating a stripe: a few hundred nanoseconds
    }
    Stripe[] flipped; // the stripes as the flip saw them: later ones start in the new phase
    long[] atFlip;
    int old = phase;
    try {
      Stripe[] table = stripes;
      int count = 0;
      for (Stripe stripe : table) {
        if (stripe != null) {
          count++;
        }
      }
      flipped = new Stripe[count];
      atFlip = new long[count];
      count = 0;
      for (Stripe stripe : table) {
        if (stripe != null) {
          stripe.clear(1 - old);
          atFlip[count] = stripe.flip(1 - old);
          flipped[count++] = stripe;
        }
      }
      phase = 1 - old;
    } finally {
      busy = 0;
    }
    for (int i = 0; i < flipped.length; i++) {
      flipped[i].awaitWriters(old, atFlip[i]);
    }
    closed = flipped;
    closedBuffer = old;
  }

  /** Stripes in use: 1 until writers contend. */
  int stripes() {
    int count = 0;
    for (Stripe stripe : stripes) {
      if (stripe != null) {
        count++;
      }
    }
    return count;
  }

  /** @return requests in the closed interval's band, 0..5 */
  long band(int band) {
    long total = 0;
    for (Stripe stripe : closed) {
      total += stripe.cells[stripe.base(closedBuffer) + band];
    }
    return total;
  }

  /** Adds the closed interval's stripes that hold values to {@code into}, as a view. */
  void addTo(MergedLatency into) {
    int buffer = closedBuffer;
    for (Stripe stripe : closed) {
      long[] cells = stripe.cells;
      int base = stripe.base(buffer);
      long count = 0;
      for (int band = 0; band < BANDS; band++) {
        count += cells[base + band];
      }
      if (count > 0) {
        into.addStripe(stripe, buffer, count, cells[base + SUM], cells[base + MIN], cells[base + MAX]);
      }
    }
  }

  /**
   * {@inheritDoc} Time: one pass over the used buckets up to the highest rank with one stripe; with
   * several, a merge of their used buckets.
   */
  @Override
  public long[] valuesAtRanks(long[] numerators, long denominator) {
    if (closed.length != 1) {
      return LatencyReader.walkRanks(this, numerators, denominator);
    }
    long[] values = new long[numerators.length];
    Stripe stripe = closed[0];
    int buffer = closedBuffer;
    long[] cells = stripe.cells;
    int base = stripe.base(buffer);
    long count = 0;
    for (int band = 0; band < BANDS; band++) {
      count += cells[base + band];
    }
    if (count == 0 || numerators.length == 0) {
      return values;
    }
    long min = cells[base + MIN];
    long max = cells[base + MAX];
    long[] carried = stripe.carries; // null, or complete for the closed buffer: its writers left
    int next = 0;
    long rank = LatencyReader.rank(numerators[0], denominator, count);
    long seen = 0;
    for (long words = cells[base + USED_WORDS]; words != 0; words &= words - 1) {
      int word = Long.numberOfTrailingZeros(words);
      for (long bits = cells[base + BITMAP + word]; bits != 0; bits &= bits - 1) {
        int bucket = (word << 6) + Long.numberOfTrailingZeros(bits);
        seen += stripe.count(buffer, bucket, carried);
        while (seen >= rank) {
          values[next] = LatencyReader.valueAt(rank, count, bucket, min, max);
          if (++next == numerators.length) {
            return values;
          }
          rank = LatencyReader.rank(numerators[next], denominator, count);
        }
      }
    }
    return values;
  }

  @Override
  public int nextUsedBucket(int from) {
    int next = -1;
    for (Stripe stripe : closed) {
      int bucket = stripe.nextUsed(closedBuffer, from);
      if (bucket >= 0 && (next < 0 || bucket < next)) {
        next = bucket;
      }
    }
    return next;
  }

  @Override
  public long countAt(int bucket) {
    long count = 0;
    for (Stripe stripe : closed) {
      count += stripe.count(closedBuffer, bucket);
    }
    return count;
  }

  @Override
  public long totalCount() {
    long count = 0;
    for (int band = 0; band < BANDS; band++) {
      count += band(band);
    }
    return count;
  }

  @Override
  public long sum() {
    long sum = 0;
    for (Stripe stripe : closed) {
      sum += stripe.cells[stripe.base(closedBuffer) + SUM];
    }
    return sum;
  }

  @Override
  public long min() {
    long min = Long.MAX_VALUE;
    for (Stripe stripe : closed) {
      min = Math.min(min, stripe.cells[stripe.base(closedBuffer) + MIN]);
    }
    return min;
  }

  @Override
  public long max() {
    long max = Long.MIN_VALUE;
    for (Stripe stripe : closed) {
      max = Math.max(max, stripe.cells[stripe.base(closedBuffer) + MAX]);
    }
    return max;
  }

  /**
   * Retained bytes of this recorder and the stripes that exist, by the model of {@link
   * #STRIPE_BYTES}: this object, its two stripe tables, the stripes and any carries.
   */
  long retainedBytes() {
    Stripe[] table = stripes;
    long bytes = 40 + align(16 + 4L * table.length) + align(16 + 4L * closed.length);
    for (Stripe stripe : table) {
      if (stripe != null) {
        bytes += STRIPE_BYTES + (stripe.carries == null ? 0 : 16 + 8L * 2 * LatencyLayout.BUCKETS);
      }
    }
    return bytes;
  }

  private static long align(long bytes) {
    return (bytes + 7) / 8 * 8;
  }

  /** One writer's share: a phaser and two buffers, on lines no other stripe writes. */
  static final class Stripe {
    final long[] cells = new long[CELLS];
    final int[] counts = new int[COUNTS];
    /** Whole 2^32s of each bucket of both buffers, created by the first count to wrap. */
    volatile long @Nullable [] carries;

    Stripe(int phase) {
      cells[START] = phase == 1 ? Long.MIN_VALUE : 0;
      cells[EVEN_END] = 0;
      cells[ODD_END] = Long.MIN_VALUE;
      resetScalars(0);
      resetScalars(1);
    }

    int base(int buffer) {
      return BUFFER0 + buffer * BUFFER_LONGS;
    }

    /** @return true if another writer was seen on this stripe */
    boolean record(long nanos, int band) {
      long[] cells = this.cells;
      boolean contended = false;
      long enter = (long) LONGS.getVolatile(cells, START);
      if (!LONGS.compareAndSet(cells, START, enter, enter + 1)) {
        long seen = (long) LONGS.getVolatile(cells, START);
        contended = (seen ^ enter) >= 0; // same sign: a writer, not a flip
        enter = (long) LONGS.getAndAdd(cells, START, 1L);
      }
      int buffer = enter < 0 ? 1 : 0;
      int base = BUFFER0 + buffer * BUFFER_LONGS;
      int bucket = LatencyLayout.bucket(nanos);
      int before = (int) INTS.getAndAdd(counts, COUNTS_PAD + buffer * LatencyLayout.BUCKETS + bucket, 1);
      if (before == 0) {
        markUsed(cells, base, bucket);
      } else if (before == -1) {
        carry(buffer, bucket);
      }
      LONGS.getAndAdd(cells, base + band, 1L);
      LONGS.getAndAdd(cells, base + SUM, nanos);
      long min = (long) LONGS.getVolatile(cells, base + MIN);
      while (nanos < min && !LONGS.weakCompareAndSet(cells, base + MIN, min, nanos)) {
        min = (long) LONGS.getVolatile(cells, base + MIN);
      }
      long max = (long) LONGS.getVolatile(cells, base + MAX);
      while (nanos > max && !LONGS.weakCompareAndSet(cells, base + MAX, max, nanos)) {
        max = (long) LONGS.getVolatile(cells, base + MAX);
      }
      LONGS.getAndAdd(cells, enter < 0 ? ODD_END : EVEN_END, 1L);
      return contended;
    }

    /**
     * {@link #record} for a stripe whose only writer is also the thread that flips it: the same
     * cells with the same meaning (the count, the used bits, the band, sum, min, max and carries),
     * each read plainly (no other thread writes it) and stored opaquely (a reader on another
     * thread, outside the contract, sees whole values, never a torn long), with no lock-prefixed
     * instruction. The buffer is the phase's, the sign of START as for {@link #record}; the enter
     * and exit counts are left as the flip set them: they exist for the flip to wait for writers in
     * flight, and a writer that is the flipping thread is never in flight at a flip, so the flip
     * reads START's enter count equal to the exit count and waits for nothing, as {@link
     * LatencyRecorder#close} does unchanged. (Counting them would cost two stores, and a flip from
     * another thread, outside the contract, racing a plain increment of START, could leave the exit
     * count past the flip's and {@link #awaitWriters} spinning for ever; left alone they cannot.)
     */
    void recordSingleWriter(long nanos, int band) {
      long[] cells = this.cells;
      int buffer = (long) LONGS.getOpaque(cells, START) < 0 ? 1 : 0;
      int base = BUFFER0 + buffer * BUFFER_LONGS;
      int bucket = LatencyLayout.bucket(nanos);
      int index = COUNTS_PAD + buffer * LatencyLayout.BUCKETS + bucket;
      int before = counts[index];
      INTS.setOpaque(counts, index, before + 1);
      if (before == 0) {
        int word = bucket >>> 6;
        long bits = cells[base + BITMAP + word];
        LONGS.setOpaque(cells, base + BITMAP + word, bits | (1L << bucket));
        if (bits == 0) {
          LONGS.setOpaque(cells, base + USED_WORDS, cells[base + USED_WORDS] | (1L << word));
        }
      } else if (before == -1) {
        carrySingleWriter(buffer, bucket);
      }
      LONGS.setOpaque(cells, base + band, cells[base + band] + 1);
      LONGS.setOpaque(cells, base + SUM, cells[base + SUM] + nanos);
      if (nanos < cells[base + MIN]) {
        LONGS.setOpaque(cells, base + MIN, nanos);
      }
      if (nanos > cells[base + MAX]) {
        LONGS.setOpaque(cells, base + MAX, nanos);
      }
    }

    private void carrySingleWriter(int buffer, int bucket) {
      long[] carried = carries;
      if (carried == null) {
        carried = new long[2 * LatencyLayout.BUCKETS]; // once per stripe, at the 2^32-th count
        carries = carried;
      }
      int index = buffer * LatencyLayout.BUCKETS + bucket;
      LONGS.setOpaque(carried, index, carried[index] + 1);
    }

    private static void markUsed(long[] cells, int base, int bucket) {
      int word = bucket >>> 6;
      long before = (long) LONGS.getAndBitwiseOr(cells, base + BITMAP + word, 1L << bucket);
      if (before == 0) {
        LONGS.getAndBitwiseOr(cells, base + USED_WORDS, 1L << word);
      }
    }

    private void carry(int buffer, int bucket) {
      long[] carried = carries;
      if (carried == null) {
        CARRIES.compareAndSet(this, null, new long[2 * LatencyLayout.BUCKETS]);
        carried = carries;
      }
      LONGS.getAndAdd(carried, buffer * LatencyLayout.BUCKETS + bucket, 1L);
    }

    /** Swaps writers to {@code buffer}; returns the enter count the old buffer's exits reach. */
    long flip(int buffer) {
      long initial = buffer == 1 ? Long.MIN_VALUE : 0;
      LONGS.setVolatile(cells, buffer == 1 ? ODD_END : EVEN_END, initial);
      return (long) LONGS.getAndSet(cells, START, initial);
    }

    void awaitWriters(int buffer, long atFlip) {
      int index = buffer == 1 ? ODD_END : EVEN_END;
      int spins = 0;
      while ((long) LONGS.getVolatile(cells, index) != atFlip) {
        if (++spins < 100) {
          Thread.onSpinWait();
        } else {
          Thread.yield(); // a writer was descheduled inside its few instructions
        }
      }
    }

    /** Clears a buffer no writer uses, in time proportional to its used buckets. */
    void clear(int buffer) {
      int base = base(buffer);
      long[] carried = carries;
      int first = COUNTS_PAD + buffer * LatencyLayout.BUCKETS;
      for (long words = cells[base + USED_WORDS]; words != 0; words &= words - 1) {
        int word = Long.numberOfTrailingZeros(words);
        for (long bits = cells[base + BITMAP + word]; bits != 0; bits &= bits - 1) {
          int bucket = (word << 6) + Long.numberOfTrailingZeros(bits);
          counts[first + bucket] = 0;
          if (carried != null) {
            carried[buffer * LatencyLayout.BUCKETS + bucket] = 0;
          }
        }
        cells[base + BITMAP + word] = 0;
      }
      resetScalars(buffer); // published to writers by the flip's volatile write
    }

    private void resetScalars(int buffer) {
      int base = base(buffer);
      for (int i = 0; i < BANDS; i++) {
        cells[base + i] = 0;
      }
      cells[base + SUM] = 0;
      cells[base + MIN] = Long.MAX_VALUE;
      cells[base + MAX] = Long.MIN_VALUE;
      cells[base + USED_WORDS] = 0;
    }

    /** @return the used-word bits of {@code buffer}'s bitmap: bit w for a used word w */
    long usedWords(int buffer) {
      return cells[base(buffer) + USED_WORDS];
    }

    /** @return word {@code word} of {@code buffer}'s used-bucket bitmap */
    long bitmapWord(int buffer, int word) {
      return cells[base(buffer) + BITMAP + word];
    }

    /** The first used bucket at or after {@code from}, or -1. */
    int nextUsed(int buffer, int from) {
      if (from >= LatencyLayout.BUCKETS) {
        return -1;
      }
      int base = base(buffer);
      int word = from >>> 6;
      long bits = cells[base + BITMAP + word] & (-1L << from);
      if (bits != 0) {
        return (word << 6) + Long.numberOfTrailingZeros(bits);
      }
      long words = cells[base + USED_WORDS] & (-2L << word);
      if (words == 0) {
        return -1;
      }
      word = Long.numberOfTrailingZeros(words);
      return (word << 6) + Long.numberOfTrailingZeros(cells[base + BITMAP + word]);
    }

    long count(int buffer, int bucket) {
      return count(buffer, bucket, carries);
    }

    /** {@link #count(int, int)} with {@link #carries} as read once by the caller. */
    long count(int buffer, int bucket, long @Nullable [] carried) {
      long count = Integer.toUnsignedLong(counts[COUNTS_PAD + buffer * LatencyLayout.BUCKETS + bucket]);
      return carried == null ? count : count + (carried[buffer * LatencyLayout.BUCKETS + bucket] << 32);
    }
  }
}
