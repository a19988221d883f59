package io.sre4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * {@link #drainValid} from the tick only. {@link #recordSingleWriter} instead only from the thread
 * that drains, never mixed with {@link #record} on one counter (a single-writer endpoint's).
 * <b>Cost:</b> one array read, one volatile read and one or two {@link LongAdder} increments; no
 * allocation once the adder's cells exist (they are created on first contention, at most one per
 * CPU). {@link #recordSingleWriter}: the same reads and one or two plain additions stored
 * opaquely, no atomic instruction.
 */
final class SloCounter {

  private static final VarHandle VALID;
  private static final VarHandle BAD;
  private static final VarHandle MAINTENANCE;
  private static final VarHandle MAINTENANCE_BAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      VALID = lookup.findVarHandle(SloCounter.class, "validSingleWriter", long.class);
      BAD = lookup.findVarHandle(SloCounter.class, "badSingleWriter", long.class);
      MAINTENANCE = lookup.findVarHandle(SloCounter.class, "maintenanceSingleWriter", long.class);
      MAINTENANCE_BAD = lookup.findVarHandle(SloCounter.class, "maintenanceBadSingleWriter", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SloState slo;
  final Endpoint endpoint;
  private final byte[] judgement;
  private final long thresholdNanos;
  private final LongAdder valid = new LongAdder();
  private final LongAdder bad = new LongAdder();
  private final LongAdder maintenance = new LongAdder();
  /** Of {@link #maintenance}, those that would have been bad: a deployment's actual downtime. */
  private final LongAdder maintenanceBad = new LongAdder();
  /** Whether the endpoint's one thread records and drains: the counts below instead of the adders. */
  private final boolean singleWriter;
  // the single writer's counts, running sums as the adders': read plainly by the writer (the only
  // one), stored opaquely (no torn value for a reader outside the contract)
  private long validSingleWriter;
  private long badSingleWriter;
  private long maintenanceSingleWriter;
  private long maintenanceBadSingleWriter;
  private long drainedValid;
  private long drainedBad;
  private long drainedMaintenance;
  private long drainedMaintenanceBad;

  SloCounter(SloState slo, Endpoint endpoint) {
    this.slo = slo;
    this.endpoint = endpoint;
    this.judgement = slo.judgementTable();
    this.thresholdNanos = slo.thresholdNanos();
    this.singleWriter = endpoint.singleWriter();
  }

  /** Counts one request; {@code code} is a status 100..599 or {@link StatusClassifier#THREW}. */
  void record(int code, long durationNanos) {
    byte verdict = judgement[code];
    if (verdict == StatusClassifier.EXCLUDED) {
      return;
    }
    if (slo.inMaintenance()) {
      maintenance.increment();
      if (bad(verdict, durationNanos)) {
        maintenanceBad.increment();
      }
      return;
    }
    valid.increment();
    if (bad(verdict, durationNanos)) {
      bad.increment();
    }
  }

  /** Whether a counted request is bad for this SLO: a bad status, or slower than its threshold. */
  private boolean bad(byte verdict, long durationNanos) {
    return verdict == StatusClassifier.BAD || durationNanos > thresholdNanos;
  }

  /** {@link #record} from the one thread that records and drains: no atomic instruction. */
  void recordSingleWriter(int code, long durationNanos) {
    byte verdict = judgement[code];
    if (verdict == StatusClassifier.EXCLUDED) {
      return;
    }
    if (slo.inMaintenance()) {
      MAINTENANCE.setOpaque(this, maintenanceSingleWriter + 1);
      if (bad(verdict, durationNanos)) {
        MAINTENANCE_BAD.setOpaque(this, maintenanceBadSingleWriter + 1);
      }
      return;
    }
    VALID.setOpaque(this, validSingleWriter + 1);
    if (bad(verdict, durationNanos)) {
      BAD.setOpaque(this, badSingleWriter + 1);
    }
  }

  /**
   * Returns bad events since the last drain. Call before {@link #drainValid()}: a writer adds to
   * valid before bad, so reading bad first never sees more bad than valid events.
   */
  long drainBad() {
    long total = singleWriter ? (long) BAD.getOpaque(this) : bad.sum();
    long delta = total - drainedBad;
    drainedBad = total;
    return delta;
  }

  /** Returns requests left out for maintenance since the last drain. */
  long drainMaintenance() {
    long total = singleWriter ? (long) MAINTENANCE.getOpaque(this) : maintenance.sum();
    long delta = total - drainedMaintenance;
    drainedMaintenance = total;
    return delta;
  }

  /**
   * Returns requests left out for maintenance that would have been bad, since the last drain.
   * Call before {@link #drainMaintenance()}, for the same reason as {@link #drainBad()}.
   */
  long drainMaintenanceBad() {
    long total = singleWriter ? (long) MAINTENANCE_BAD.getOpaque(this) : maintenanceBad.sum();
    long delta = total - drainedMaintenanceBad;
    drainedMaintenanceBad = total;
    return delta;
  }

  /** Returns valid events since the last drain. */
  long drainValid() {
    long total = singleWriter ? (long) VALID.getOpaque(this) : valid.sum();
    long delta = total - drainedValid;
    drainedValid = total;
    return delta;
  }
}
