package io.sre4j.core;

import io.sre4j.core.SloSpec.ErrorBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One SLO's figures over its compliance window at one moment: events, SLI and error budget.
 *
 * <p><b>No data is defined, not a sentinel:</b> with zero valid events the SLI is 1.0,
 * {@link #noData()} is true, nothing of the budget is consumed, and no figure is NaN or negative
 * (except {@link #budgetRemaining()}, which goes below zero when the budget is overspent).
 *
 * <p><b>Budget arithmetic.</b> By occurrences, the budget is {@code (1 − objective) × valid}
 * events: {@link #allowedBadEvents()}; consumed is {@code bad / allowed}. By time slices, the
 * budget is {@code (1 − objective)} of the slices in the whole window ({@link #allowedBadSlices()},
 * that is {@link #allowedBadTime()}); consumed is {@code badSlices / allowedBadSlices}.
 *
 * @param name the SLO's name
 * @param sliKind {@code availability} or {@code latency}
 * @param objective the target ratio, in (0,1)
 * @param window the window as configured: {@code 30d}, {@code month}, {@code week}
 * @param windowStart the start of the data covered: the calendar period's start, or for a rolling
 *     window the start of the oldest bucket summed (within one bucket of {@code now − length})
 * @param windowEnd the moment of this snapshot
 * @param windowLength the whole window: the rolling length or this calendar period's length
 * @param validEvents requests judged, good or bad
 * @param badEvents requests judged bad; at most {@code validEvents}
 * @param sliceLength the time-slice length, {@link Duration#ZERO} when budgeting by occurrences
 * @param badSlices time slices judged bad in the window; 0 when budgeting by occurrences
 * @param budgetObjective the objective the budget is counted against: {@code objective}, unless a
 *     {@link BudgetAdjustment} in force adjusts it (since 0.3)
 * @param extraAllowance extra bad events (by occurrences) or bad slices (by time slices) that a
 *     {@link BudgetAdjustment} in force allows on top of the budget; 0 without one (since 0.3)
 * @since 0.1
 */
public record SloSnapshot(
    String name,
    String sliKind,
    double objective,
    String window,
    Instant windowStart,
    Instant windowEnd,
    Duration windowLength,
    long validEvents,
    long badEvents,
    Duration sliceLength,
    long badSlices,
    double budgetObjective,
    double extraAllowance) {

  /**
   * The figures of an SLO without a budget adjustment: {@code budgetObjective} is {@code
   * objective} and there is no extra allowance.
   *
   * @param name the SLO's name
   * @param sliKind {@code availability} or {@code latency}
   * @param objective the target ratio, in (0,1)
   * @param window the window as configured
   * @param windowStart the start of the data covered
   * @param windowEnd the moment of this snapshot
   * @param windowLength the whole window
   * @param validEvents requests judged
   * @param badEvents requests judged bad
   * @param sliceLength the time-slice length, zero by occurrences
   * @param badSlices time slices judged bad
   */
  public SloSnapshot(String name, String sliKind, double objective, String window,
      Instant windowStart, Instant windowEnd, Duration windowLength, long validEvents,
      long badEvents, Duration sliceLength, long badSlices) {
    this(name, sliKind, objective, window, windowStart, windowEnd, windowLength, validEvents,
        badEvents, sliceLength, badSlices, objective, 0.0);
  }

  /** Checks the invariants. */
  public SloSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sliKind, "sliKind");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(windowLength, "windowLength");
    Objects.requireNonNull(sliceLength, "sliceLength");
    if (validEvents < 0 || badEvents < 0 || badEvents > validEvents || badSlices < 0) {
      throw new IllegalArgumentException(
          "events must satisfy 0 <= bad <= valid and badSlices >= 0 but were valid="
              + validEvents + " bad=" + badEvents + " badSlices=" + badSlices);
    }
    if (!(budgetObjective > 0 && budgetObjective < 1) || !(extraAllowance >= 0)
        || Double.isInfinite(extraAllowance)) {
      throw new IllegalArgumentException("budgetObjective must be in (0,1) and extraAllowance"
          + " finite and >= 0 but were " + budgetObjective + " and " + extraAllowance);
    }
  }

  /**
   * @return whether a budget adjustment is in force: the budget figures ({@link
   *     #allowedBadEvents()}, {@link #budgetRemaining()}, ...) are then the adjusted ones, and
   *     {@link #originalBudgetRemaining()} the SLO's own
   * @since 0.3
   */
  public boolean adjusted() {
    return budgetObjective != objective || extraAllowance != 0;
  }

  /**
   * @return the budget left by the SLO's own objective, without any adjustment: {@link
   *     #budgetRemaining()} when none is in force
   * @since 0.3
   */
  public double originalBudgetRemaining() {
    return adjusted() ? withoutAdjustment().budgetRemaining() : budgetRemaining();
  }

  /** @return these figures against the SLO's own budget */
  private SloSnapshot withoutAdjustment() {
    return new SloSnapshot(name, sliKind, objective, window, windowStart, windowEnd, windowLength,
        validEvents, badEvents, sliceLength, badSlices);
  }

  /** @return valid minus bad events */
  public long goodEvents() {
    return validEvents - badEvents;
  }

  /** @return true when no valid event was seen in the window */
  public boolean noData() {
    return validEvents == 0;
  }

  /** @return good / valid, or 1.0 when there is no data */
  public double sli() {
    return noData() ? 1.0 : (double) goodEvents() / validEvents;
  }

  /** @return whether the budget is counted in time slices */
  public boolean timeslices() {
    return !sliceLength.isZero();
  }

  /**
   * @return {@code (1 − budgetObjective) × validEvents}, plus the extra allowance by occurrences:
   *     bad events the budget allows so far
   */
  public double allowedBadEvents() {
    return validEvents * (1.0 - budgetObjective) + (timeslices() ? 0.0 : extraAllowance);
  }

  /** @return slices in the whole window; 0 when budgeting by occurrences */
  public double totalSlices() {
    return timeslices() ? (double) windowLength.toMillis() / sliceLength.toMillis() : 0.0;
  }

  /**
   * @return {@code (1 − budgetObjective) × totalSlices()} plus the extra allowance; 0 when
   *     budgeting by occurrences
   */
  public double allowedBadSlices() {
    return timeslices() ? totalSlices() * (1.0 - budgetObjective) + extraAllowance : 0.0;
  }

  /**
   * @return {@code (1 − budgetObjective) × windowLength}: 4.32 min for 99.99 % of 30 days; plus
   *     the extra allowance as time (slices × slice length, or events at the window's average
   *     traffic)
   */
  public Duration allowedBadTime() {
    Duration base = ErrorBudget.allowedDowntime(budgetObjective, windowLength);
    if (extraAllowance == 0) {
      return base;
    }
    double extraMillis = timeslices() ? extraAllowance * sliceLength.toMillis()
        : validEvents == 0 ? 0.0 : extraAllowance * windowLength.toMillis() / validEvents;
    return base.plusMillis(Math.round(extraMillis));
  }

  /** @return time spent in bad slices; zero when budgeting by occurrences */
  public Duration badTime() {
    return sliceLength.multipliedBy(badSlices);
  }

  /**
   * @return the fraction of the budget spent, 0 with no bad event; above 1 when overspent
   */
  public double budgetConsumed() {
    if (timeslices()) {
      return badSlices == 0 ? 0.0 : badSlices / allowedBadSlices();
    }
    return badEvents == 0 ? 0.0 : badEvents / allowedBadEvents();
  }

  /** @return {@code 1 − budgetConsumed()}; negative when the budget is overspent */
  public double budgetRemaining() {
    return 1.0 - budgetConsumed();
  }
}
