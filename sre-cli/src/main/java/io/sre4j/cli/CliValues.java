package io.sre4j.cli;

import io.sre4j.core.ConfigException;
import io.sre4j.core.ConfigSchema;
import io.sre4j.core.SloWindow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Values as written on the command line, in the grammar of sre4j's configuration: objectives {@code
 * 99.98%} or {@code 0.9998}; durations {@code 800ms}, {@code 1.5s}, {@code 5m}, {@code 30d}, {@code
 * 1w} or ISO-8601 {@code PT5M}. Also the human formats the commands print.
 */
final class CliValues {

  private CliValues() {}

  /** The objective argument, read as a configured objective is. */
  private static final ConfigSchema.Key<Double> OBJECTIVE = ConfigSchema.Key.ratio(
      "objective", null, "in (0,1)", "the objective of the budget command");

  /** Parses {@code 99.98%} or {@code 0.9998}, in (0,1), as the configuration does. */
  static double objective(String text) {
    double ratio = OBJECTIVE.parse(text);
    if (!(ratio > 0.0 && ratio < 1.0)) {
      throw new ConfigException(OBJECTIVE.name(), "in (0,1)", text);
    }
    return ratio;
  }

  /**
   * Parses a duration as the configuration does ({@link ConfigSchema#parseDuration}): {@code
   * 800ms}, {@code 1.5s}, {@code 30d}, a compound such as {@code 1h30m}, or ISO-8601 {@code PT5M};
   * {@code name} goes in the message.
   */
  static Duration duration(String name, String text) {
    return ConfigSchema.parseDuration(name, text);
  }

  /**
   * {@code 99.98%}: a ratio as a percentage with up to 6 significant digits and 4 decimals, no
   * trailing zeros; more decimals where 4 would show a ratio that is not 0 as {@code 0%}.
   */
  static String percent(double ratio) {
    if (!Double.isFinite(ratio)) {
      return String.valueOf(ratio);
    }
    BigDecimal significant = new BigDecimal(ratio * 100).round(new java.math.MathContext(6));
    BigDecimal value = significant.setScale(
        Math.min(Math.max(significant.scale(), 0), 4), java.math.RoundingMode.HALF_EVEN);
    if (value.signum() == 0 && ratio != 0) {
      value = significant;
    }
    return value.stripTrailingZeros().toPlainString() + "%";
  }

  /**
   * An objective as a percentage with every digit it was given: {@code 99.98%}, {@code
   * 99.9999999999%}, never rounded (to {@code 100%}).
   */
  static String objectivePercent(double objective) {
    return decimalOf(objective).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
  }

  /** The allowed bad fraction {@code 1 - objective} as a percentage, exactly: {@code 0.02%}. */
  static String badPercent(double objective) {
    return BigDecimal.ONE.subtract(decimalOf(objective)).movePointRight(2).stripTrailingZeros()
        .toPlainString() + "%";
  }

  /** The shortest decimal that reads back as {@code value}: 0.9998, not 0.99979999999999995763. */
  private static BigDecimal decimalOf(double value) {
    return new BigDecimal(Double.toString(value));
  }

  /** The most requests per second {@code budget --rps} takes: {@value}, a billion. */
  static final double MAX_RPS = 1e9;

  /** Parses {@code --rps}: a decimal number in (0, {@link #MAX_RPS}]. */
  static double rps(String text) {
    double rps;
    try {
      rps = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      rps = Double.NaN;
    }
    if (!(rps > 0 && rps <= MAX_RPS)) {
      throw new TypeConversionException("must be a number of requests per second above 0 and at"
          + " most 1000000000 but was " + ConfigException.quote(text));
    }
    return rps;
  }

  /**
   * A human duration: {@code 8m38.4s}, {@code 2d2h}, {@code 30d}, {@code 250ms}. The
   * configuration's text ({@link ConfigSchema#formatDuration}) of the duration cut to milliseconds (to minutes from
   * one day), with the milliseconds past a second written as a fraction of it ({@code 38s400ms} as
   * {@code 38.4s}); {@code <1ms} for less than a millisecond.
   */
  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return duration.isZero() ? "0s" : "<1ms";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    Duration shown = Duration.ofMillis(millis);
    if (shown.compareTo(Duration.ofDays(1)) >= 0) {
      shown = shown.truncatedTo(ChronoUnit.MINUTES);
    }
    String text = ConfigSchema.formatDuration(shown);
    long restMillis = millis % 1000;
    if (restMillis == 0 || !text.endsWith("ms")) {
      return text;
    }
    // "...38s400ms" or "...8m400ms": the milliseconds as a fraction of the seconds
    String head = text.substring(0, text.length() - (restMillis + "ms").length());
    long seconds = 0;
    if (head.endsWith("s")) {
      int start = head.length() - 1;
      while (start > 0 && Character.isDigit(head.charAt(start - 1))) {
        start--;
      }
      seconds = Long.parseLong(head.substring(start, head.length() - 1));
      head = head.substring(0, start);
    }
    return head + BigDecimal.valueOf(seconds * 1000 + restMillis, 3).stripTrailingZeros()
        .toPlainString() + "s";
  }

  /** As {@link #human(Duration)}, without the fraction of a second past one minute. */
  static String humanShort(Duration duration) {
    return duration.compareTo(Duration.ofMinutes(1)) >= 0
        ? human(duration.minusNanos(duration.toNanosPart()))
        : human(duration);
  }

  /** A count with thousands separators: {@code 1,000,000}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A number with at most {@code digits} decimals, no trailing zeros. */
  static String decimal(double value, int digits) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    return new BigDecimal(value)
        .setScale(digits, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Picocli converter of objectives. */
  static final class ObjectiveConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return objective(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Picocli converter of positive durations. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration parsed;
      try {
        parsed = duration("duration", value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "must be a duration such as 800ms, 5m, 30d or PT5M but was "
                + ConfigException.quote(value));
      }
      if (parsed.isNegative() || parsed.isZero()) {
        throw new TypeConversionException(
            "must be a positive duration but was " + ConfigException.quote(value));
      }
      return parsed;
    }
  }

  /**
   * Picocli converter of SLO windows: a duration within the limits of {@code slo.<name>.window}
   * ({@link SloWindow#rolling}: 1h to 400d).
   */
  static final class WindowConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration parsed = new DurationConverter().convert(value);
      try {
        SloWindow.rolling(parsed);
      } catch (ConfigException e) {
        throw new TypeConversionException(
            "must be " + e.rule() + " but was " + ConfigException.quote(value));
      }
      return parsed;
    }
  }

  /** Picocli converter of {@code --rps}. */
  static final class RpsConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      return rps(value);
    }
  }
}
