package io.sre4j.core;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * The compliance window of an SLO: rolling (the last 30 days, always) or calendar (this month or
 * this ISO week, in a time zone, starting afresh at each period).
 *
 * @since 0.1
 */
public sealed interface SloWindow {

  /** The longest rolling window: 400 days. */
  Duration MAX_ROLLING = Duration.ofDays(400);

  /** The shortest rolling window: one hour. */
  Duration MIN_ROLLING = Duration.ofHours(1);

  /**
   * A rolling window.
   *
   * @param length between 1 h and 400 d
   * @return the window
   */
  static SloWindow rolling(Duration length) {
    return new Rolling(length);
  }

  /**
   * The calendar month, starting at midnight on the 1st in {@code zone}.
   *
   * @param zone the time zone the month is counted in
   * @return the window
   */
  static SloWindow calendarMonth(ZoneId zone) {
    return new Calendar(Period.MONTH, zone);
  }

  /**
   * The ISO calendar week, starting at midnight on Monday in {@code zone}.
   *
   * @param zone the time zone the week is counted in
   * @return the window
   */
  static SloWindow calendarWeek(ZoneId zone) {
    return new Calendar(Period.WEEK, zone);
  }

  /**
   * A short name, as written in configuration: {@code 30d}, {@code month}, {@code week}.
   *
   * @return the name
   */
  String describe();

  /**
   * The longest this window can be, for sizing and budget arithmetic: the rolling length, 31 days
   * for a month, 7 days for a week.
   *
   * @return the nominal length
   */
  Duration nominalLength();

  /**
   * A rolling window.
   *
   * @param length between 1 h and 400 d
   */
  record Rolling(Duration length) implements SloWindow {
    /** Validates the length. */
    public Rolling {
      Objects.requireNonNull(length, "length");
      ConfigValues.requireBetween("window", length, MIN_ROLLING, MAX_ROLLING);
    }

    @Override
    public String describe() {
      return ConfigValues.format(length);
    }

    @Override
    public Duration nominalLength() {
      return length;
    }
  }

  /** A calendar period. */
  enum Period {
    /** The calendar month. */
    MONTH,
    /** The ISO week, Monday to Sunday. */
    WEEK
  }

  /**
   * A calendar window.
   *
   * @param period month or week
   * @param zone where midnight is
   */
  record Calendar(Period period, ZoneId zone) implements SloWindow {
    /** Validates the fields. */
    public Calendar {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public String describe() {
      return period == Period.MONTH ? "month" : "week";
    }

    @Override
    public Duration nominalLength() {
      return period == Period.MONTH ? Duration.ofDays(31) : Duration.ofDays(7);
    }

    /**
     * The start of the period that holds {@code time}.
     *
     * @param time any instant
     * @return midnight at the start of its month or week, in {@link #zone()}
     */
    public Instant periodStart(Instant time) {
      LocalDate date = time.atZone(zone).toLocalDate();
      LocalDate first =
          period == Period.MONTH
              ? date.withDayOfMonth(1)
              : date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      return first.atStartOfDay(zone).toInstant();
    }

    /**
     * The end (exclusive) of the period that starts at {@code periodStart}.
     *
     * @param periodStart a value returned by {@link #periodStart(Instant)}
     * @return the start of the next period
     */
    public Instant periodEnd(Instant periodStart) {
      ZonedDateTime start = periodStart.atZone(zone);
      LocalDate next =
          period == Period.MONTH
              ? start.toLocalDate().plusMonths(1).withDayOfMonth(1)
              : start.toLocalDate().plusWeeks(1);
      return next.atStartOfDay(zone).toInstant();
    }
  }
}
