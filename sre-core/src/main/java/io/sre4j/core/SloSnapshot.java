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
    long badSlices) {

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

  /** @return {@code (1 − objective) × validEvents}: bad events the budget allows so far */
  public double allowedBadEvents() {
    return validEvents * (1.0 - objective);
  }

  /** @return slices in the whole window; 0 when budgeting by occurrences */
  public double totalSlices() {
    return timeslices() ? (double) windowLength.toMillis() / sliceLength.toMillis() : 0.0;
  }

  /** @return {@code (1 − objective) × totalSlices()}; 0 when budgeting by occurrences */
  public double allowedBadSlices() {
    return totalSlices() * (1.0 - objective);
  }

  /** @return {@code (1 − objective) × windowLength}: 4.32 min for 99.99 % of 30 days */
  public Duration allowedBadTime() {
    return ErrorBudget.allowedDowntime(objective, windowLength);
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
