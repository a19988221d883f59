package io.sre4j.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * The valid and bad event counts of one SLO on one endpoint: what {@code record} touches.
 *
 * <p>Writers only add; the tick drains by reading the running sums and remembering what it read
 * (never by resetting, which could lose a concurrent add), so every event is counted exactly once.
 *
 * <p>While a maintenance window is active for the SLO, requests that would have been valid are
 * counted as maintenance instead (the flag is set by the tick, so the edge error is one tick).
 *
 * <p><b>Thread safety:</b> {@link #record} from any thread; {@link #drainBad} and
 * {@link #drainValid} from the tick only. <b>Cost:</b> one array read, one volatile read and one or two
 * {@link LongAdder} increments; no allocation once the adder's cells exist (they are created on
 * first contention, at most one per CPU).
 */
final class SloCounter {

  final SloState slo;
  final Endpoint endpoint;
  private final byte[] judgement;
  private final long thresholdNanos;
  private final LongAdder valid = new LongAdder();
  private final LongAdder bad = new LongAdder();
  private final LongAdder maintenance = new LongAdder();
  /** Of {@link #maintenance}, those that would have been bad: a deployment's actual downtime. */
  private final LongAdder maintenanceBad = new LongAdder();
  private long drainedValid;
  private long drainedBad;
  private long drainedMaintenance;
  private long drainedMaintenanceBad;

  SloCounter(SloState slo, Endpoint endpoint) {
    this.slo = slo;
    this.endpoint = endpoint;
    this.judgement = slo.judgementTable();
    this.thresholdNanos = slo.thresholdNanos();
  }

  /** Counts one request; {@code code} is a status 100..599 or {@link StatusClassifier#THREW}. */
  void record(int code, long durationNanos) {
    byte verdict = judgement[code];
    if (verdict == StatusClassifier.EXCLUDED) {
      return;
    }
    if (slo.inMaintenance()) {
      maintenance.increment();
      if (verdict == StatusClassifier.BAD || durationNanos > thresholdNanos) {
        maintenanceBad.increment();
      }
      return;
    }
    valid.increment();
    if (verdict == StatusClassifier.BAD || durationNanos > thresholdNanos) {
      bad.increment();
    }
  }

  /**
   * Returns bad events since the last drain. Call before {@link #drainValid()}: a writer adds to
   * valid before bad, so reading bad first never sees more bad than valid events.
   */
  long drainBad() {
    long total = bad.sum();
    long delta = total - drainedBad;
    drainedBad = total;
    return delta;
  }

  /** Returns requests left out for maintenance since the last drain. */
  long drainMaintenance() {
    long total = maintenance.sum();
    long delta = total - drainedMaintenance;
    drainedMaintenance = total;
    return delta;
  }

  /**
   * Returns requests left out for maintenance that would have been bad, since the last drain.
   * Call before {@link #drainMaintenance()}, for the same reason as {@link #drainBad()}.
   */
  long drainMaintenanceBad() {
    long total = maintenanceBad.sum();
    long delta = total - drainedMaintenanceBad;
    drainedMaintenanceBad = total;
    return delta;
  }

  /** Returns valid events since the last drain. */
  long drainValid() {
    long total = valid.sum();
    long delta = total - drainedValid;
    drainedValid = total;
    return delta;
  }
}
