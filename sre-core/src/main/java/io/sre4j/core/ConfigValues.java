package io.sre4j.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of configuration values, shared by the builders, the properties loader and (through
 * {@link ConfigSchema}) the schemas of the log and the adapters, so that every key accepts the same
 * text: the one duration parser and the one duration formatter live here. Every failure is a
 * {@link ConfigException}, {@code "<key> must be <rule> but was <value>"}.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> one parse per call; only failures build a
 * message.
 */
final class ConfigValues {

  private static final String PART = "([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|min|s|m|h|d|w)";
  private static final Pattern DURATION = Pattern.compile("(?:" + PART + "\\s*)+");
  private static final Pattern DURATION_PART = Pattern.compile(PART);

  private ConfigValues() {}

  /**
   * The house rejection.
   *
   * @param key the configuration key
   * @param rule what the value must be, such as {@code "in (0,1)"}
   * @param value the value as given; an empty string is shown as {@code an empty string}
   * @return an exception to throw: {@code "<key> must be <rule> but was <value>"}
   */
  static ConfigException reject(String key, String rule, Object value) {
    return new ConfigException(key, rule, value);
  }

  /**
   * The house rejection of a value the message describes rather than quotes.
   *
   * @param key the configuration key
   * @param rule what the value must be
   * @param description what it was, such as {@code an empty list}; shown unquoted
   * @return an exception to throw: {@code "<key> must be <rule> but was <description>"}
   */
  static ConfigException rejectDescribed(String key, String rule, String description) {
    return ConfigException.describing(key, rule, description);
  }

  /**
   * Parses {@code 800ms}, {@code 1.5s}, {@code 5m}, {@code 30d}, {@code 1w}, compounds such as
   * {@code 1h30m} (what {@link #format} writes), or ISO-8601 {@code PT5M}.
   */
  static Duration parseDuration(String key, String text) {
    String value = text.trim();
    String lower = value.toLowerCase(Locale.ROOT);
    if (DURATION.matcher(lower).matches()) {
      double nanos = 0;
      Matcher part = DURATION_PART.matcher(lower);
      while (part.find()) {
        double nanosPerUnit =
            switch (part.group(2)) {
              case "ns" -> 1;
              case "us", "µs" -> 1e3;
              case "ms" -> 1e6;
              case "s" -> 1e9;
              case "m", "min" -> 60e9;
              case "h" -> 3600e9;
              case "d" -> 86_400e9;
              default -> 7 * 86_400e9; // "w"
            };
        nanos += Double.parseDouble(part.group(1)) * nanosPerUnit;
      }
      if (nanos >= Long.MAX_VALUE) {
        throw reject(key, "a duration up to 292 years", text);
      }
      return Duration.ofNanos(Math.round(nanos));
    }
    if (value.length() > 1 && (value.charAt(0) == 'P' || value.charAt(0) == 'p')) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        // falls through to the common message
      }
    }
    throw reject(key, "a duration such as 800ms, 5m, 30d or PT5M", text);
  }

  /**
   * Parses {@code 99.98%} or {@code 0.9998}; range checks are the caller's.
   *
   * @param key the configuration key, for the message
   * @param text the text
   * @return the ratio
   * @throws IllegalArgumentException if it is not a number or a percentage
   */
  static double parseRatio(String key, String text) {
    String value = text.trim();
    try {
      if (value.endsWith("%")) {
        // BigDecimal, not "/ 100.0": 99.9 / 100.0 is 0.9990000000000001, not 0.999
        String percent = value.substring(0, value.length() - 1).trim();
        return new BigDecimal(percent).movePointLeft(2).doubleValue();
      }
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw reject(key, "a ratio such as 99.9% or 0.999", text);
    }
  }

  /**
   * @param key the configuration key, for the message
   * @param text the text
   * @return the integer
   * @throws IllegalArgumentException if it is not an {@code int}
   */
  static int parseInt(String key, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw reject(key, "an integer", text);
    }
  }

  /**
   * @param key the configuration key, for the message
   * @param text the text
   * @return the integer
   * @throws IllegalArgumentException if it is not a {@code long}
   */
  static long parseLong(String key, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw reject(key, "an integer", text);
    }
  }

  /**
   * @param key the configuration key, for the message
   * @param text {@code true}/{@code false}, {@code yes}/{@code no} or {@code on}/{@code off}, any case
   * @return the boolean
   * @throws IllegalArgumentException otherwise
   */
  static boolean parseBoolean(String key, String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw reject(key, "true or false", text);
    };
  }

  /** Checks {@code 0 < ratio < 1}. */
  static double requireOpenUnitInterval(String key, double ratio) {
    if (!(ratio > 0.0 && ratio < 1.0)) {
      throw reject(key, "in (0,1)", ratio);
    }
    return ratio;
  }

  static Duration requireBetween(String key, Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw reject(key, "between " + format(min) + " and " + format(max), format(value));
    }
    return value;
  }

  static int requireBetween(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw reject(key, "between " + min + " and " + max, value);
    }
    return value;
  }

  /**
   * Formats a duration the way it is written in configuration: {@code 800ms}, {@code 30d}, and
   * compound when no single unit fits: {@code 7h12m}, {@code 4m19s200ms}.
   */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
        1_000_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms", "us", "ns"};
    StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
    long rest = Math.abs(nanos);
    for (int i = 0; i < units.length && rest > 0; i++) {
      if (rest >= units[i]) {
        out.append(rest / units[i]).append(names[i]);
        rest %= units[i];
      }
    }
    return out.toString();
  }

}
