package io.sre4j.core;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;
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
 * <p><b>Thread safety:</b> {@link #record} and {@link #recordThrown} from any number of threads.
 *
 * <p><b>Cost:</b> {@code record} never allocates, locks, blocks or throws. It is a wait-free phaser
 * enter and exit (as in HdrHistogram's {@code Recorder}) around one atomic histogram increment and
 * one band increment, then, per covering SLO, one or two {@link LongAdder} increments. Bad input is
 * clamped or dropped and counted, and warned about once by the registry's tick, not here. Memory:
 * two histograms of 1 µs..1 h at 3 significant digits (about 192 KiB each) plus the trend.
 *
 * @since 0.1
 */
public final class Endpoint {

  /** The longest duration recorded as is; longer ones are clamped to it and counted: 1 h. */
  public static final long MAX_DURATION_NANOS = 3_600_000_000_000L;

  private static final long LOWEST_DISCERNIBLE_NANOS = 1_000;
  private static final int SIGNIFICANT_DIGITS = 3;
  private static final int BANDS = 3;

  private final String method;
  private final String route;
  private final byte[] failures;
  private final long fastNanos;
  private final long tolerableNanos;

  // written by record(): the histogram and band counts of the interval in progress flip together
  // under one phaser, so that every closed interval's count equals the sum of its bands
  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private volatile IntervalRecorder active = new IntervalRecorder();
  private final LongAdder clampedDurations = new LongAdder();
  private final LongAdder droppedStatuses = new LongAdder();
  private volatile SloCounter[] sloCounters = new SloCounter[0];

  // reader side: touched only under the registry's tick lock
  private IntervalRecorder inactive = new IntervalRecorder();
  private final ArrayDeque<IntervalStats> trend = new ArrayDeque<>();
  private final long[] lastBands = new long[2 * BANDS];
  private @Nullable Histogram intervalHistogram;

  Endpoint(String method, String route, byte[] failures, long fastNanos, long tolerableNanos) {
    this.method = method;
    this.route = route;
    this.failures = failures;
    this.fastNanos = fastNanos;
    this.tolerableNanos = tolerableNanos;
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
    recordOutcome(StatusClassifier.THREW, durationNanos);
  }

  private void recordOutcome(int code, long durationNanos) {
    long nanos = durationNanos;
    if (nanos < 0) {
      nanos = 0;
      clampedDurations.increment();
    } else if (nanos > MAX_DURATION_NANOS) {
      nanos = MAX_DURATION_NANOS;
      clampedDurations.increment();
    }
    int band = nanos <= fastNanos ? 0 : nanos <= tolerableNanos ? 1 : 2;
    long phase = phaser.writerCriticalSectionEnter();
    try {
      IntervalRecorder interval = active;
      interval.histogram.recordValue(nanos);
      interval.bands[failures[code] == StatusClassifier.BAD ? band + BANDS : band].increment();
    } finally {
      phaser.writerCriticalSectionExit(phase);
    }
    for (SloCounter counter : sloCounters) {
      counter.record(code, nanos);
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
    return clampedDurations.sum();
  }

  long droppedStatuses() {
    return droppedStatuses.sum();
  }

  /**
   * Closes the interval in progress: flips the histogram, reads the band counts and appends the
   * interval to the trend. The interval's histogram and bands stay readable through
   * {@link #lastIntervalHistogram()} and {@link #lastIntervalBands()} until the next call.
   */
  IntervalStats closeInterval(Instant start, Instant end, int trendLength) {
    IntervalRecorder closed;
    phaser.readerLock();
    try {
      inactive.reset();
      closed = active;
      active = inactive;
      phaser.flipPhase(500_000L); // waits for writers still recording into the closed interval
    } finally {
      phaser.readerUnlock();
    }
    inactive = closed; // readable until the next close resets it
    intervalHistogram = closed.histogram;
    for (int i = 0; i < lastBands.length; i++) {
      lastBands[i] = closed.bands[i].sum();
    }
    IntervalStats stats = stats(intervalHistogram, lastBands, start, end);
    trend.addLast(stats);
    while (trend.size() > trendLength) {
      trend.removeFirst();
    }
    return stats;
  }

  @Nullable Histogram lastIntervalHistogram() {
    return intervalHistogram;
  }

  /** Band counts of the last closed interval: fast, tolerable, slow successes, then failures. */
  long[] lastIntervalBands() {
    return lastBands;
  }

  /** A histogram of the same shape as an endpoint's, for merging intervals. */
  static Histogram newHistogram() {
    return new Histogram(LOWEST_DISCERNIBLE_NANOS, MAX_DURATION_NANOS, SIGNIFICANT_DIGITS);
  }

  EndpointSnapshot snapshot() {
    return new EndpointSnapshot(method, route, new ArrayList<>(trend),
        clampedDurations(), droppedStatuses());
  }

  static IntervalStats stats(Histogram h, long[] bands, Instant start, Instant end) {
    long count = h.getTotalCount();
    if (count == 0) {
      return IntervalStats.empty(start, end);
    }
    long failed = bands[BANDS] + bands[BANDS + 1] + bands[BANDS + 2];
    return new IntervalStats(
        start,
        end,
        count,
        h.getMinValue(),
        h.getMaxValue(),
        h.getMean(),
        h.getValueAtPercentile(50.0),
        h.getValueAtPercentile(90.0),
        h.getValueAtPercentile(95.0),
        h.getValueAtPercentile(99.0),
        h.getValueAtPercentile(99.9),
        bands[0] + bands[BANDS],
        bands[1] + bands[BANDS + 1],
        bands[2] + bands[BANDS + 2],
        failed,
        bands[0],
        bands[1]);
  }

  /** The histogram and band counts of one interval, written by {@code record} while active. */
  private static final class IntervalRecorder {
    final Histogram histogram =
        new AtomicHistogram(LOWEST_DISCERNIBLE_NANOS, MAX_DURATION_NANOS, SIGNIFICANT_DIGITS);
    final LongAdder[] bands = new LongAdder[2 * BANDS]; // ok bands, then failed bands

    IntervalRecorder() {
      for (int i = 0; i < bands.length; i++) {
        bands[i] = new LongAdder();
      }
    }

    void reset() {
      histogram.reset();
      for (LongAdder adder : bands) {
        adder.reset();
      }
    }
  }

  @Override
  public String toString() {
    return method + " " + route;
  }
}
