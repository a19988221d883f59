package io.sre4j.cli;

import io.sre4j.core.ConfigValues;
import java.math.BigDecimal;
import java.time.Duration;
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

  /** Parses {@code 99.98%} or {@code 0.9998}, in (0,1), as the configuration does. */
  static double objective(String text) {
    double ratio = ConfigValues.parseRatio("objective", text);
    if (!(ratio > 0.0 && ratio < 1.0)) {
      throw ConfigValues.reject("objective", "in (0,1)", text);
    }
    return ratio;
  }

  /**
   * Parses a duration as the configuration does ({@link ConfigValues#parseDuration}): {@code
   * 800ms}, {@code 1.5s}, {@code 30d}, a compound such as {@code 1h30m}, or ISO-8601 {@code PT5M};
   * {@code name} goes in the message.
   */
  static Duration duration(String name, String text) {
    return ConfigValues.parseDuration(name, text);
  }

  /**
   * {@code 99.98%}: a ratio as a percentage with up to 6 significant decimals, no trailing zeros.
   */
  static String percent(double ratio) {
    if (!Double.isFinite(ratio)) {
      return String.valueOf(ratio);
    }
    BigDecimal value = new BigDecimal(ratio * 100).round(new java.math.MathContext(6));
    value =
        value.setScale(Math.min(Math.max(value.scale(), 0), 4), java.math.RoundingMode.HALF_EVEN);
    String plain = value.stripTrailingZeros().toPlainString();
    return plain + "%";
  }

  /** A human duration: {@code 8m38.4s}, {@code 2d2h}, {@code 30d}, {@code 250ms}. */
  static String human(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return duration.isZero() ? "0s" : "<1ms";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder out = new StringBuilder();
    long days = millis / 86_400_000L;
    long hours = millis / 3_600_000L % 24;
    long minutes = millis / 60_000L % 60;
    long restMillis = millis % 60_000L;
    if (days > 0) {
      out.append(days).append('d');
    }
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (restMillis > 0 && days == 0) {
      BigDecimal seconds = BigDecimal.valueOf(restMillis, 3).stripTrailingZeros();
      out.append(seconds.toPlainString()).append('s');
    }
    if (out.length() == 0) {
      out.append(millis / 1000).append('s');
    }
    return out.toString();
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
            "must be a duration such as 800ms, 5m, 30d or PT5M but was " + value);
      }
      if (parsed.isNegative() || parsed.isZero()) {
        throw new TypeConversionException("must be a positive duration but was " + value);
      }
      return parsed;
    }
  }
}
