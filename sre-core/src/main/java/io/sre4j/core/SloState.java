package io.sre4j.core;

import io.sre4j.core.EndpointSnapshot.IntervalStats;
import io.sre4j.core.SloStatus.BurnRate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The reader side of one SLO: the counters of the endpoints it covers, its fixed-memory buckets,
 * its calendar-period totals and its time-slice accumulator.
 *
 * <p><b>Thread safety:</b> {@link #counters} is swapped copy-on-write; everything else is touched
 * only under the registry's tick lock.
 */
final class SloState {

  final SloSpec spec;
  /** The window's name in snapshots, {@code 30d}: made once. */
  private final String windowName;
  /** The verdict per status (and {@link StatusClassifier#THREW}), shared read-only by every counter. */
  private final byte[] judgement;
  private final TieredCounts buckets;
  private final SloWindow.@Nullable Calendar calendar;
  private final long sliceMillis;
  private final double sliceTarget;

  private volatile SloCounter[] counters = new SloCounter[0];

  /** Set by the tick while a maintenance window applies; read by every {@code record}. */
  private volatile boolean inMaintenance;

  /** Alerting and policy, from the last evaluation. */
  private final AlertState alerts = new AlertState();
  /** The policy's lifecycle: review requirement and reviews. */
  private final PolicyState policy = new PolicyState();
  private long totalMaintenance;
  /** Of the requests left out for maintenance, those that would have been bad; since start. */
  private long totalMaintenanceBad;
  /**
   * Time left out for maintenance, each tick's span weighted by the share of its left-out
   * requests that would have been bad: equivalent full downtime, in ms; since start.
   */
  private double maintenanceBadMillis;
  private long lastDrainMillis = Long.MIN_VALUE;
  private long totalValid;
  private long totalBad;

  // calendar period, exact running totals (calendar windows only)
  private long periodStart = Long.MIN_VALUE;
  private long periodEnd = Long.MIN_VALUE;
  private long periodValid;
  private long periodBad;
  private long periodBadSlices;
  private long periodMaintenance;

  // the latency interval in progress
  private long intervalValid;
  private long intervalBad;

  // the time slice in progress (time-slice budgeting only)
  private long sliceIndex = Long.MIN_VALUE;
  private long sliceValid;
  private long sliceBad;

  SloState(SloSpec spec) {
    this.spec = spec;
    this.calendar = spec.window() instanceof SloWindow.Calendar c ? c : null;
    if (spec.budgeting() instanceof Budgeting.Timeslices slices) {
      this.sliceMillis = slices.slice().toMillis();
      this.sliceTarget = slices.sliceTarget();
    } else {
      this.sliceMillis = 0;
      this.sliceTarget = 0;
    }
    this.buckets =
        new TieredCounts(calendar == null ? spec.window().nominalLength() : null, sliceMillis > 0);
    this.judgement = judgementTable(spec);
    this.windowName = spec.window().describe();
  }

  /** Whether a maintenance window applies now: requests are then counted apart. */
  boolean inMaintenance() {
    return inMaintenance;
  }

  /** Sets the maintenance flag; by the tick, under the registry lock. */
  void inMaintenance(boolean active) {
    this.inMaintenance = active;
  }

  /** This SLO's alerting and policy state; under the registry lock. */
  AlertState alerts() {
    return alerts;
  }

  /** This SLO's policy lifecycle (reviews, budget adjustments); under the registry lock. */
  PolicyState policy() {
    return policy;
  }

  /** The table every counter of this SLO reads; never written after construction. */
  byte[] judgementTable() {
    return judgement;
  }

  private static byte[] judgementTable(SloSpec spec) {
    byte[] table = spec.classifier().table();
    if (spec.sli() instanceof Sli.Latency latency) {
      for (int i = 0; i < table.length; i++) {
        if (table[i] == StatusClassifier.BAD) {
          table[i] = latency.judgeFailures() ? StatusClassifier.GOOD : StatusClassifier.EXCLUDED;
        }
      }
    }
    return table;
  }

  long thresholdNanos() {
    return spec.sli() instanceof Sli.Latency latency ? latency.threshold().toNanos() : Long.MAX_VALUE;
  }

  SloCounter[] counters() {
    return counters;
  }

  /** Adds a counter for a newly covered endpoint; under the registry lock. */
  void attach(SloCounter counter) {
    SloCounter[] old = counters;
    SloCounter[] grown = Arrays.copyOf(old, old.length + 1);
    grown[old.length] = counter;
    counters = grown;
  }

  /** Drains every covered endpoint's counter into the buckets at {@code timeMillis}. */
  void drain(long timeMillis) {
    long valid = 0;
    long bad = 0;
    long maintenance = 0;
    long maintenanceBad = 0;
    for (SloCounter counter : counters) {
      bad += counter.drainBad();
      valid += counter.drainValid();
      maintenanceBad += counter.drainMaintenanceBad();
      maintenance += counter.drainMaintenance();
    }
    if (maintenance > 0) {
      totalMaintenanceBad += Math.min(maintenanceBad, maintenance);
      if (lastDrainMillis != Long.MIN_VALUE && timeMillis > lastDrainMillis) {
        maintenanceBadMillis += (double) (timeMillis - lastDrainMillis)
            * Math.min(maintenanceBad, maintenance) / maintenance;
      }
    }
    lastDrainMillis = timeMillis;
    add(timeMillis, valid, bad);
    totalValid += valid;
    totalBad += bad;
    if (maintenance > 0) {
      buckets.addMaintenance(timeMillis, maintenance);
      periodMaintenance += maintenance;
      totalMaintenance += maintenance;
    }
  }

  /**
   * Adds counts at {@code timeMillis}, which never decreases from one call to the next. Closes the
   * time slices that ended before it, rolls the calendar period, then adds.
   */
  void add(long timeMillis, long valid, long bad) {
    if (sliceMillis > 0) {
      long index = Math.floorDiv(timeMillis, sliceMillis);
      if (index != sliceIndex) {
        closeSlice();
        sliceIndex = index;
      }
    }
    if (calendar != null && timeMillis >= periodEnd) {
      Instant start = calendar.periodStart(Instant.ofEpochMilli(timeMillis));
      periodStart = start.toEpochMilli();
      periodEnd = calendar.periodEnd(start).toEpochMilli();
      periodValid = 0;
      periodBad = 0;
      periodBadSlices = 0;
      periodMaintenance = 0;
    }
    if (valid == 0 && bad == 0) {
      return;
    }
    buckets.add(timeMillis, valid, bad);
    periodValid += valid;
    periodBad += bad;
    intervalValid += valid;
    intervalBad += bad;
    sliceValid += valid;
    sliceBad += bad;
  }

  private void closeSlice() {
    if (sliceIndex != Long.MIN_VALUE && sliceValid > 0) {
      double good = (double) (sliceValid - Math.min(sliceBad, sliceValid)) / sliceValid;
      if (good < sliceTarget) {
        long sliceStart = sliceIndex * sliceMillis;
        buckets.addBadSlice(sliceStart);
        if (calendar != null && sliceStart >= periodStart && sliceStart < periodEnd) {
          periodBadSlices++;
        }
      }
    }
    sliceValid = 0;
    sliceBad = 0;
  }

  /** @return {valid, bad} events since the last call, which starts a new interval */
  long[] takeInterval() {
    long[] interval = {intervalValid, Math.min(intervalBad, intervalValid)};
    intervalValid = 0;
    intervalBad = 0;
    return interval;
  }

  /**
   * The interval's latency over every endpoint this SLO covers, merged from their last closed
   * interval histograms in {@code scratch}, which is reset first (and views them until the next
   * interval close).
   */
  IntervalStats mergedLatency(MergedLatency scratch, Instant start, Instant end) {
    scratch.reset();
    long[] bands = new long[6];
    for (SloCounter counter : counters) {
      LatencyRecorder interval = counter.endpoint.lastIntervalHistogram();
      if (interval != null) {
        scratch.add(interval);
      }
      long[] endpointBands = counter.endpoint.lastIntervalBands();
      for (int i = 0; i < bands.length; i++) {
        bands[i] += endpointBands[i];
      }
    }
    return Endpoint.stats(scratch, bands, start, end);
  }

  /** Valid and bad events over {@code lookback} ending at {@code timeMillis}, within one bucket. */
  long[] lookback(long timeMillis, Duration lookback) {
    return buckets.sum(timeMillis, lookback.toMillis());
  }

  /** The burn rate over {@code lookback} ending at {@code timeMillis}. */
  BurnRate burnRate(long timeMillis, Duration lookback) {
    long[] sum = buckets.sum(timeMillis, lookback.toMillis());
    return BurnRate.of(lookback, sum[0], sum[1], spec.objective());
  }

  /** Requests left out for maintenance in the compliance window at {@code timeMillis}. */
  long maintenanceInWindow(long timeMillis) {
    if (calendar != null) {
      return timeMillis < periodEnd ? periodMaintenance : 0;
    }
    return buckets.sum(timeMillis, spec.window().nominalLength().toMillis())[4];
  }

  /** Valid events since the SLO was registered: monotonic. */
  long totalValid() {
    return totalValid;
  }

  /** Bad events since the SLO was registered: monotonic. */
  long totalBad() {
    return totalBad;
  }

  /** Of the requests left out for maintenance since start, those that would have been bad. */
  long totalMaintenanceBad() {
    return totalMaintenanceBad;
  }

  /** Equivalent full downtime while left out for maintenance since start, in ms. */
  double maintenanceBadMillis() {
    return maintenanceBadMillis;
  }

  /** Requests left out for maintenance since the SLO was registered. */
  long totalMaintenance() {
    return totalMaintenance;
  }

  /** The longest lookback the buckets answer. */
  long maxLookbackMillis() {
    return buckets.maxLookbackMillis();
  }

  long resolutionMillis(Duration lookback) {
    return buckets.resolutionMillis(lookback.toMillis());
  }

  /**
   * Writes what the state file keeps of this SLO: the buckets of every tier, the running totals,
   * the calendar period, the interval and time slice in progress, the alerts firing (with since
   * when) and the policy state. The counters' undrained counts are not included: drain first.
   */
  void writeState(DataOutputStream out) throws IOException {
    buckets.writeTo(out);
    for (long value : new long[] {totalValid, totalBad, totalMaintenance, periodStart, periodEnd,
        periodValid, periodBad, periodBadSlices, periodMaintenance, intervalValid, intervalBad,
        sliceIndex, sliceValid, sliceBad}) {
      out.writeLong(value);
    }
    alerts.writeState(out);
  }

  /**
   * Restores what {@link #writeState} wrote, into a state that has seen no events yet.
   *
   * @param nowMillis the wall time now: buckets after it are folded into its bucket
   * @return whether the payload held buckets after {@code nowMillis}
   * @throws IOException if the payload is short or does not fit this SLO's tiers; the state is then
   *     left as it was
   */
  boolean readState(DataInputStream in, long nowMillis) throws IOException {
    TieredCounts restored =
        new TieredCounts(calendar == null ? spec.window().nominalLength() : null, sliceMillis > 0);
    boolean future = restored.readFrom(in, nowMillis);
    long[] v = new long[14];
    for (int i = 0; i < v.length; i++) {
      v[i] = in.readLong();
    }
    AlertState restoredAlerts = AlertState.readState(in, nowMillis);
    buckets.copyFrom(restored);
    totalValid = v[0];
    totalBad = v[1];
    totalMaintenance = v[2];
    periodStart = v[3];
    periodEnd = v[4];
    periodValid = v[5];
    periodBad = v[6];
    periodBadSlices = v[7];
    periodMaintenance = v[8];
    intervalValid = v[9];
    intervalBad = v[10];
    if (calendar != null && periodStart != Long.MIN_VALUE && periodStart > nowMillis) {
      // written in a later period than now (the wall clock moved back): its counts stay, in now's
      Instant start = calendar.periodStart(Instant.ofEpochMilli(nowMillis));
      periodStart = start.toEpochMilli();
      periodEnd = calendar.periodEnd(start).toEpochMilli();
      future = true;
    }
    sliceIndex = Math.min(v[11], sliceMillis > 0 ? Math.floorDiv(nowMillis, sliceMillis) : v[11]);
    sliceValid = v[12];
    sliceBad = v[13];
    alerts.copyFrom(restoredAlerts);
    return future;
  }

  long retainedBytes() {
    return buckets.retainedBytes();
  }

  /** The SLO's figures over its compliance window at {@code timeMillis}. */
  SloSnapshot snapshot(long timeMillis) {
    long start;
    long length;
    long valid;
    long bad;
    long badSlices;
    if (calendar != null) {
      if (timeMillis >= periodEnd) {
        add(timeMillis, 0, 0);
      }
      start = periodStart;
      length = periodEnd - periodStart;
      valid = periodValid;
      bad = periodBad;
      badSlices = periodBadSlices;
    } else {
      length = spec.window().nominalLength().toMillis();
      long[] sum = buckets.sum(timeMillis, length);
      valid = sum[0];
      bad = sum[1];
      badSlices = sum[2];
      start = sum[3];
    }
    double budgetObjective = spec.objective();
    double extraAllowance = 0;
    BudgetAdjustment adjustment = policy.inForce(timeMillis);
    if (adjustment != null) {
      double[] adjusted =
          adjustment.apply(spec.objective(), sliceMillis > 0, sliceMillis, valid, length);
      budgetObjective = adjusted[0];
      extraAllowance = adjusted[1];
    }
    return new SloSnapshot(
        spec.name(),
        spec.sli().kind(),
        spec.objective(),
        windowName,
        Instant.ofEpochMilli(start),
        Instant.ofEpochMilli(timeMillis),
        Duration.ofMillis(length),
        valid,
        Math.min(bad, valid),
        Duration.ofMillis(sliceMillis),
        badSlices,
        budgetObjective,
        extraAllowance);
  }
}
