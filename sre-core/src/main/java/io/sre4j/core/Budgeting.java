package io.sre4j.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How an SLO's error budget is counted.
 *
 * <ul>
 *   <li>{@link Occurrences} (the default): the budget is {@code (1 − objective)} of the valid
 *       requests in the window.
 *   <li>{@link Timeslices}: time is cut into slices (for example 1 minute); a slice is good when
 *       its good/valid ratio is at least {@code sliceTarget}, or when it has no valid request. The
 *       budget is {@code (1 − objective)} of the slices in the whole window: 99.99 % of 30 days
 *       allows 4.32 bad one-minute slices, that is 4.32 minutes of bad time.
 * </ul>
 *
 * @since 0.1
 */
public sealed interface Budgeting {

  /** Budgeting by occurrences. @return the default budgeting */
  static Budgeting occurrences() {
    return Occurrences.INSTANCE;
  }

  /**
   * Budgeting by time slices.
   *
   * @param slice slice length, between 1 s and 1 h
   * @param sliceTarget the good/valid ratio a slice needs to be good, in (0,1]
   * @return the budgeting
   */
  static Budgeting timeslices(Duration slice, double sliceTarget) {
    return new Timeslices(slice, sliceTarget);
  }

  /** Budgeting by occurrences: one request, one event. */
  record Occurrences() implements Budgeting {
    static final Occurrences INSTANCE = new Occurrences();
  }

  /**
   * Budgeting by time slices.
   *
   * @param slice slice length, between 1 s and 1 h, dividing one day evenly
   * @param sliceTarget the good/valid ratio a slice needs to be good, in (0,1]
   */
  record Timeslices(Duration slice, double sliceTarget) implements Budgeting {
    /** Validates the fields. */
    public Timeslices {
      Objects.requireNonNull(slice, "slice");
      ConfigValues.requireBetween("slice", slice, Duration.ofSeconds(1), Duration.ofHours(1));
      if (slice.toMillis() * 1_000_000 != slice.toNanos()
          || Duration.ofDays(1).toMillis() % slice.toMillis() != 0) {
        throw ConfigValues.reject(
            "slice", "a whole number of milliseconds dividing one day", ConfigValues.format(slice));
      }
      if (!(sliceTarget > 0.0 && sliceTarget <= 1.0)) {
        throw ConfigValues.reject("slice-target", "in (0,1]", sliceTarget);
      }
    }
  }
}
