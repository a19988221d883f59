package io.sre4j.core;

import io.sre4j.core.EndpointSnapshot.IntervalStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One boundary of the service, such as {@code GET /api/orders/{id}}: records each request's outcome
 * into a latency histogram, band counters and the counters of every SLO that covers it.
 *
 * <pre>{@code
 * Endpoint getOrder = registry.endpoint("GET", "/api/orders/{id}");   // once, at start-up
 * long start = System.nanoTime();
 * // ... handle the request ...
 * getOrder.record(200, System.nanoTime() - start);                     // per request
 * }</pre>
 *
 * <p><b>Thread safety:</b> {@link #record} and {@link #recordThrown} from any number of threads,
 * unless the registry was built {@link SloRegistry.Builder#singleThreaded()}: then only from the
 * thread that ticks it.
 *
 * <p><b>Cost:</b> {@code record} never locks, blocks or throws and allocates nothing once warm (a
 * stripe of the latency recorder is created the first time writers contend, as {@link LongAdder}
 * creates its cells). It is a few uncontended atomic adds on cache lines of the calling thread's
 * stripe (a phase enter and exit around a bucket, a band and a sum increment), one {@link
 * LongAdder} increment for the cumulative latency bucket (found by comparing the duration with
 * the registry's few bucket bounds, {@code <=} as a latency SLO compares), then, per covering SLO,
 * one or two {@link LongAdder} increments. In a {@link SloRegistry.Builder#singleThreaded()}
 * registry the same counts are plain additions stored opaquely, with no atomic instruction. Bad
 * input is clamped or dropped and counted, and warned about once by the registry's tick, not here.
 *
 * <p><b>Memory:</b> at most 32 KiB per endpoint with one SLO and a 60-interval trend while writers
 * do not contend (31,568 bytes measured by {@code EndpointMemoryTest}): 18,120 bytes for the
 * latency recorder and its one stripe (two buffers of 2,089 {@code int} buckets), about 12 KiB
 * for the trend, under 1 KiB for the cumulative latency buckets (a {@link LongAdder} per bucket,
 * 14 by default). Each further stripe, created when writers contend on it, costs another 18,032
 * bytes, up to the CPU count rounded up to a power of two stripes.
 * Percentiles are within 1/128 (0.79 %) of the exact nearest-rank value from 1 µs to 1 h (8 ns
 * below 1 µs); count, min, max and mean are exact.
 *
 * @since 0.1
 */
public final class Endpoint {

  /** The longest duration recorded as is; longer ones are clamped to it and counted: 1 h. */
  public static final long MAX_DURATION_NANOS = 3_600_000_000_000L;

  private static final int BANDS = 3;
  /** p50, p90, p95, p99 and p99.9, in thousandths. */
  private static final long[] PERCENTILES = {500, 900, 950, 990, 999};
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle CLAMPED;
  private static final VarHandle DROPPED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CLAMPED = lookup.findVarHandle(Endpoint.class, "clampedSingleWriter", long.class);
      DROPPED = lookup.findVarHandle(Endpoint.class, "droppedSingleWriter", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String method;
  private final String route;
  private final byte[] failures;
  private final long fastNanos;
  private final long tolerableNanos;
  /** The bucket bounds, increasing, shared by the registry's endpoints. */
  private final long[] bucketBounds;

  /*
   * Single writer. A singleThreaded() registry's endpoints record through recordSingleWriter and
   * the *SingleWriter counters below: its one thread records and ticks, so a count is a plain read
   * and an opaque store (whole values for a reader outside the contract) instead of a LongAdder
   * or an atomic add. The mode is this final field, tested once at the top of record and
   * recordThrown, which then run wholly one path or the other: the concurrent path below is the
   * code it was, behind one well-predicted branch on a final field of the object the call reads
   * anyway. One class with a branch rather than a second Endpoint implementation keeps Endpoint
   * final and public, and every call site of record monomorphic; LatencyRecorder and SloCounter
   * get a second method each, called only from the single-writer path, so no per-call test there.
   */
  private final boolean singleWriter;

  // written by record(): the latency and band counts of the interval in progress flip together,
  // so that every closed interval's count equals the sum of its bands
  private final LatencyRecorder latency = new LatencyRecorder();
  private final LongAdder clampedDurations = new LongAdder();
  private final LongAdder droppedStatuses = new LongAdder();
  /**
   * Requests per bucket slot: slot i holds durations in (bound i-1, bound i], the last one above.
   * Empty in a single-writer endpoint, which counts into {@link #slotsSingleWriter} instead.
   */
  private final LongAdder[] bucketSlots;
  /** {@link #bucketSlots} of a single-writer endpoint, else empty; stored opaquely. */
  private final long[] slotsSingleWriter;
  /** {@link #clampedDurations} and {@link #droppedStatuses} of a single-writer endpoint. */
  private long clampedSingleWriter;
  private long droppedSingleWriter;
  private volatile SloCounter[] sloCounters = new SloCounter[0];

  // reader side: touched only under the registry's tick lock
  private final ArrayDeque<IntervalStats> trend = new ArrayDeque<>();
  private final long[] lastBands = new long[2 * BANDS];
  private boolean closedOnce;
  /** The bucket slots as read at the last interval close, and the running sum of durations. */
  private final long[] closedSlots;
  private double closedSumSeconds;

  /**
   * @param bucketBounds increasing bucket bounds in nanoseconds, not copied: never written
   * @param singleWriter whether one thread records and ticks ({@link
   *     SloRegistry.Builder#singleThreaded()})
   */
  Endpoint(String method, String route, byte[] failures, long fastNanos, long tolerableNanos,
      long[] bucketBounds, boolean singleWriter) {
    this.method = method;
    this.route = route;
    this.failures = failures;
    this.fastNanos = fastNanos;
    this.tolerableNanos = tolerableNanos;
    this.bucketBounds = bucketBounds;
    this.singleWriter = singleWriter;
    int slots = bucketBounds.length + 1;
    this.bucketSlots = new LongAdder[singleWriter ? 0 : slots];
    for (int i = 0; i < bucketSlots.length; i++) {
      bucketSlots[i] = new LongAdder();
    }
    this.slotsSingleWriter = new long[singleWriter ? slots : 0];
    this.closedSlots = new long[slots];
  }

  /** @return whether only the ticking thread records ({@link SloRegistry.Builder#singleThreaded()}) */
  boolean singleWriter() {
    return singleWriter;
  }

  /** @return the HTTP method, upper case */
  public String method() {
    return method;
  }

  /** @return the route template */
  public String route() {
    return route;
  }

  /**
   * Records a request that completed with an HTTP status.
   *
   * @param status the HTTP status, 100..599; anything else is dropped and counted
   * @param durationNanos how long the request took; negative is clamped to 0 and over 1 h to 1 h,
   *     both counted
   */
  public void record(int status, long durationNanos) {
    if (singleWriter) {
      recordSingleWriter(status, durationNanos);
      return;
    }
    if (status < 100 || status > 599) {
      droppedStatuses.increment();
      return;
    }
    recordOutcome(status, durationNanos);
  }

  /**
   * Records a request that threw instead of completing: bad for availability by default.
   *
   * @param durationNanos how long the request ran; clamped as in {@link #record(int, long)}
   */
  public void recordThrown(long durationNanos) {
    if (singleWriter) {
      recordOutcomeSingleWriter(StatusClassifier.THREW, durationNanos);
      return;
    }
    recordOutcome(StatusClassifier.THREW, durationNanos);
  }

  private void recordOutcome(int code, long durationNanos) {
    long nanos = clamp(durationNanos);
    if (nanos != durationNanos) {
      clampedDurations.increment();
    }
    // before the recorder: a request of a closed interval is in the slots when the close reads them
    bucketSlots[bucketSlot(nanos)].increment();
    latency.record(nanos, band(code, nanos));
    for (SloCounter counter : sloCounters) {
      counter.record(code, nanos);
    }
  }

  /** A duration clamped to 0..{@link #MAX_DURATION_NANOS}. */
  private static long clamp(long durationNanos) {
    return Math.min(Math.max(durationNanos, 0), MAX_DURATION_NANOS);
  }

  /** The cumulative bucket slot of a clamped duration: the first bound it does not exceed. */
  private int bucketSlot(long nanos) {
    long[] bounds = bucketBounds;
    int slot = 0;
    while (slot < bounds.length && nanos > bounds[slot]) { // the SLI's comparison: good is <=
      slot++;
    }
    return slot;
  }

  /** The recorder's band: fast, tolerable or slow, offset by {@link #BANDS} for a failure. */
  private int band(int code, long nanos) {
    int band = nanos <= fastNanos ? 0 : nanos <= tolerableNanos ? 1 : 2;
    return failures[code] == StatusClassifier.BAD ? band + BANDS : band;
  }

  /** {@link #record} of a single-writer endpoint. */
  private void recordSingleWriter(int status, long durationNanos) {
    if (status < 100 || status > 599) {
      DROPPED.setOpaque(this, droppedSingleWriter + 1);
      return;
    }
    recordOutcomeSingleWriter(status, durationNanos);
  }

  /** {@link #recordOutcome} of a single-writer endpoint: the same counts, none of them atomic. */
  private void recordOutcomeSingleWriter(int code, long durationNanos) {
    long nanos = clamp(durationNanos);
    if (nanos != durationNanos) {
      CLAMPED.setOpaque(this, clampedSingleWriter + 1);
    }
    long[] slots = slotsSingleWriter;
    int slot = bucketSlot(nanos);
    SLOTS.setOpaque(slots, slot, slots[slot] + 1);
    latency.recordSingleWriter(nanos, band(code, nanos));
    for (SloCounter counter : sloCounters) {
      counter.recordSingleWriter(code, nanos);
    }
  }

  // ---- reader side, under the registry's tick lock ----

  void attach(SloCounter counter) {
    SloCounter[] old = sloCounters;
    SloCounter[] grown = Arrays.copyOf(old, old.length + 1);
    grown[old.length] = counter;
    sloCounters = grown;
  }

  void detach(SloState slo) {
    List<SloCounter> kept = new ArrayList<>();
    for (SloCounter counter : sloCounters) {
      if (counter.slo != slo) {
        kept.add(counter);
      }
    }
    sloCounters = kept.toArray(new SloCounter[0]);
  }

  long clampedDurations() {
    return singleWriter ? (long) CLAMPED.getOpaque(this) : clampedDurations.sum();
  }

  long droppedStatuses() {
    return singleWriter ? (long) DROPPED.getOpaque(this) : droppedStatuses.sum();
  }

  /**
   * Closes the interval in progress: flips the latency recorder, reads the band counts and appends
   * the interval to the trend. The interval's latency and bands stay readable through
   * {@link #lastIntervalHistogram()} and {@link #lastIntervalBands()} until the next call. Time:
   * proportional to the recorder's stripes and used buckets.
   */
  IntervalStats closeInterval(Instant start, Instant end, int trendLength) {
    latency.close(); // waits for writers still recording into the closed interval
    closedOnce = true;
    for (int i = 0; i < closedSlots.length; i++) {
      // every request of the closed interval, maybe a few more
      closedSlots[i] = singleWriter ? (long) SLOTS.getOpaque(slotsSingleWriter, i) : bucketSlots[i].sum();
    }
    closedSumSeconds += latency.sum() / 1e9;
    for (int i = 0; i < lastBands.length; i++) {
      lastBands[i] = latency.band(i);
    }
    IntervalStats stats = stats(latency, lastBands, start, end);
    trend.addLast(stats);
    while (trend.size() > trendLength) {
      trend.removeFirst();
    }
    return stats;
  }

  /** @return the last closed interval's latency, or null before the first close */
  @Nullable LatencyRecorder lastIntervalHistogram() {
    return closedOnce ? latency : null;
  }

  /** @return the latency recorder's retained bytes */
  long latencyBytes() {
    return latency.retainedBytes();
  }

  /** Band counts of the last closed interval: fast, tolerable, slow successes, then failures. */
  long[] lastIntervalBands() {
    return lastBands;
  }

  EndpointSnapshot snapshot() {
    return new EndpointSnapshot(method, route, new ArrayList<>(trend),
        clampedDurations(), droppedStatuses(), buckets());
  }

  /** The cumulative bucket counts as of the last interval close. */
  EndpointSnapshot.LatencyBuckets buckets() {
    List<Duration> bounds = new ArrayList<>(bucketBounds.length);
    List<Long> counts = new ArrayList<>(bucketBounds.length);
    long cumulative = 0;
    for (int i = 0; i < bucketBounds.length; i++) {
      cumulative += closedSlots[i];
      bounds.add(Duration.ofNanos(bucketBounds[i]));
      counts.add(cumulative);
    }
    return new EndpointSnapshot.LatencyBuckets(
        bounds, counts, cumulative + closedSlots[bucketBounds.length], closedSumSeconds);
  }

  static IntervalStats stats(LatencyReader h, long[] bands, Instant start, Instant end) {
    long count = h.totalCount();
    if (count == 0) {
      return IntervalStats.empty(start, end);
    }
    long failed = bands[BANDS] + bands[BANDS + 1] + bands[BANDS + 2];
    long[] p = h.valuesAtRanks(PERCENTILES, 1000);
    return new IntervalStats(
        start,
        end,
        count,
        h.min(),
        h.max(),
        (double) h.sum() / count,
        p[0],
        p[1],
        p[2],
        p[3],
        p[4],
        bands[0] + bands[BANDS],
        bands[1] + bands[BANDS + 1],
        bands[2] + bands[BANDS + 2],
        failed,
        bands[0],
        bands[1]);
  }

  @Override
  public String toString() {
    return method + " " + route;
  }
}
