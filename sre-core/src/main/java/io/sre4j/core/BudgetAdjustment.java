package io.sre4j.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An approved change to one SLO's error budget: an adjusted objective (99.9 % → 99.5 %) or an
 * extra allowance (a number of bad events, or a duration of full downtime), with why, who approved
 * it, from when and, for a temporary one, until when ({@link SloRegistry#adjustBudget}).
 *
 * <p><b>In force</b> from {@code start} (inclusive) to {@code end} (exclusive), or from {@code
 * start} on for a long-term one. While in force, the SLO's budget figures ({@link
 * SloSnapshot#budgetObjective()}, {@link SloSnapshot#extraAllowance()}), its policy state and the
 * release gate use the adjusted budget; before and after, the original one, over the whole window
 * (the days it covered included). When several are in force, the one that started last wins.
 * Burn-rate alerts keep the SLO's own objective.
 *
 * <p><b>Extra downtime</b> is converted into the budget's unit at each reading: by time slices,
 * {@code downtime / slice} bad slices; by occurrences, the events that much full downtime would
 * have failed at the window's average traffic ({@code validEvents × downtime / window length}).
 *
 * <pre>{@code
 * registry.adjustBudget("checkout", BudgetAdjustment.objective(0.995,
 *     "payment provider migration", "cto", start, Optional.of(start.plus(Duration.ofDays(14)))));
 * }</pre>
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> nothing beyond its fields.
 *
 * @param objective the adjusted objective in (0,1), if this adjustment changes the objective
 * @param extraBadEvents extra bad events allowed, 0 to 10^12 (0 unless it is an event allowance)
 * @param extraDowntime extra full downtime allowed, 0 to 366 days (zero unless it is a downtime
 *     allowance)
 * @param reason why, 1 to 512 characters, not blank
 * @param approver who approved it, 1 to 128 characters, not blank
 * @param start when it comes into force
 * @param end when it stops, after {@code start}; empty for a long-term adjustment
 * @since 0.3
 */
public record BudgetAdjustment(
    OptionalDouble objective,
    long extraBadEvents,
    Duration extraDowntime,
    String reason,
    String approver,
    Instant start,
    Optional<Instant> end) {

  /** The longest extra downtime: 366 days. */
  public static final Duration MAX_EXTRA_DOWNTIME = Duration.ofDays(366);

  /** The most extra bad events: 10^12. */
  public static final long MAX_EXTRA_BAD_EVENTS = 1_000_000_000_000L;

  /** How long a long-term adjustment may be in force before the status says to change the SLO. */
  public static final Duration LONG_TERM_NUDGE = Duration.ofDays(30);

  /**
   * Validates the fields.
   *
   * @throws ConfigException naming the field, such as {@code budget adjustment must be exactly one
   *     of an objective, extra bad events or extra downtime but was none}, {@code budget adjustment
   *     objective must be in (0,1) but was 1.5}, {@code budget adjustment end must be after its
   *     start 2026-12-01T00:00:00Z but was ...}
   */
  public BudgetAdjustment {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(extraDowntime, "extraDowntime");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    int kinds = (objective.isPresent() ? 1 : 0) + (extraBadEvents != 0 ? 1 : 0)
        + (extraDowntime.isZero() ? 0 : 1);
    if (kinds != 1) {
      throw ConfigValues.rejectDescribed("budget adjustment",
          "exactly one of an objective, extra bad events or extra downtime",
          kinds == 0 ? "none" : "several");
    }
    if (objective.isPresent()) {
      double ratio = objective.getAsDouble();
      if (!(ratio > 0 && ratio < 1)) {
        throw ConfigValues.reject("budget adjustment objective", "in (0,1)", ratio);
      }
    }
    if (extraBadEvents < 0 || extraBadEvents > MAX_EXTRA_BAD_EVENTS) {
      throw ConfigValues.reject("budget adjustment extra bad events",
          "between 0 and " + MAX_EXTRA_BAD_EVENTS, extraBadEvents);
    }
    if (extraDowntime.isNegative() || extraDowntime.compareTo(MAX_EXTRA_DOWNTIME) > 0) {
      throw ConfigValues.reject("budget adjustment extra downtime", "between 0s and 366d",
          ConfigValues.format(extraDowntime));
    }
    Review.text("budget adjustment reason", reason, 512);
    Review.text("budget adjustment approver", approver, 128);
    if (end.isPresent() && !end.get().isAfter(start)) {
      throw ConfigValues.reject("budget adjustment end", "after its start " + start, end.get());
    }
  }

  /**
   * An adjusted objective.
   *
   * @param objective the objective in force instead of the SLO's, in (0,1)
   * @param reason why
   * @param approver who approved it
   * @param start when it comes into force
   * @param end when it stops; empty for a long-term adjustment
   * @return the adjustment
   */
  public static BudgetAdjustment objective(double objective, String reason, String approver,
      Instant start, Optional<Instant> end) {
    return new BudgetAdjustment(OptionalDouble.of(objective), 0, Duration.ZERO, reason, approver,
        start, end);
  }

  /**
   * An allowance of extra bad events.
   *
   * @param events extra bad events allowed, 1 to 10^12
   * @param reason why
   * @param approver who approved it
   * @param start when it comes into force
   * @param end when it stops; empty for a long-term adjustment
   * @return the adjustment
   */
  public static BudgetAdjustment extraBadEvents(long events, String reason, String approver,
      Instant start, Optional<Instant> end) {
    return new BudgetAdjustment(OptionalDouble.empty(), events, Duration.ZERO, reason, approver,
        start, end);
  }

  /**
   * An allowance of extra full downtime.
   *
   * @param downtime extra downtime allowed, up to 366 days
   * @param reason why
   * @param approver who approved it
   * @param start when it comes into force
   * @param end when it stops; empty for a long-term adjustment
   * @return the adjustment
   */
  public static BudgetAdjustment extraDowntime(Duration downtime, String reason, String approver,
      Instant start, Optional<Instant> end) {
    return new BudgetAdjustment(OptionalDouble.empty(), 0, downtime, reason, approver, start, end);
  }

  /**
   * @param at a moment
   * @return whether it is in force at {@code at}: from its start, until its end if it has one
   */
  public boolean inForce(Instant at) {
    return !at.isBefore(start) && (end.isEmpty() || at.isBefore(end.get()));
  }

  /** @return whether it has no end */
  public boolean longTerm() {
    return end.isEmpty();
  }

  /**
   * @return what it changes, in words: {@code objective 99.5%}, {@code +1000 bad events} or
   *     {@code +2h of downtime}
   */
  public String describe() {
    if (objective.isPresent()) {
      return "objective " + percent(objective.getAsDouble());
    }
    if (extraBadEvents != 0) {
      return "+" + extraBadEvents + " bad events";
    }
    return "+" + ConfigValues.format(extraDowntime) + " of downtime";
  }

  /** The budget objective and extra allowance it gives an SLO, in the budget's unit. */
  double[] apply(double sloObjective, boolean timeslices, long sliceMillis, long validEvents,
      long windowMillis) {
    double budgetObjective = objective.orElse(sloObjective);
    double extra = extraBadEvents;
    if (!extraDowntime.isZero()) {
      extra = timeslices
          ? (double) extraDowntime.toMillis() / sliceMillis
          : (double) validEvents * extraDowntime.toMillis() / windowMillis;
    }
    return new double[] {budgetObjective, extra};
  }

  static String percent(double ratio) {
    String text = String.format(Locale.ROOT, "%.6f", ratio * 100).replaceAll("0+$", "");
    return (text.endsWith(".") ? text.substring(0, text.length() - 1) : text) + "%";
  }
}
