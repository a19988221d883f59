package io.sre4j.cli;


/**
 * RFC 3339 timestamps and epoch milliseconds, parsed from bytes without allocation: {@code
 * 2026-11-27T03:18:32.123Z}, {@code 2026-11-27T04:18:32+01:00}, {@code 2026-11-27 03:18:32Z} (a
 * space or {@code t} for the {@code T}), any number of fraction digits (cut to milliseconds); or an
 * integer of epoch milliseconds (at most 15 digits). Years 1970 to 2199: a well-formed time after
 * 2199 (such as {@code 3000-01-01T00:00:00Z}) is {@link #OUT_OF_RANGE},
 * since the replay's clock counts nanoseconds in a {@code long} (which ends in 2262) and adds
 * windows of up to 400 days to it.
 */
final class Timestamps {

  /** What {@link #parse} returns for text that is not a timestamp. */
  static final long INVALID = Long.MIN_VALUE;

  /** What {@link #parse} returns for a well-formed time after {@link #MAX_MILLIS}. */
  static final long OUT_OF_RANGE = Long.MIN_VALUE + 1;

  /** 2199-12-31T23:59:59.999Z, the latest time accepted. */
  static final long MAX_MILLIS = 7_258_118_399_999L;

  /** How the range reads in messages. */
  static final String RANGE = "from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z";

  private Timestamps() {}

  /**
   * @return epoch milliseconds, {@link #INVALID}, or {@link #OUT_OF_RANGE}
   */
  static long parse(byte[] b, int from, int to) {
    if (from >= to) {
      return INVALID;
    }
    boolean digitsOnly = true;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        digitsOnly = false;
        break;
      }
    }
    return digitsOnly ? epochMillis(b, from, to) : rfc3339(b, from, to);
  }

  private static long epochMillis(byte[] b, int from, int to) {
    if (to - from > 15) {
      return INVALID;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (b[i] - '0');
    }
    return value <= MAX_MILLIS ? value : OUT_OF_RANGE;
  }

  private static long rfc3339(byte[] b, int from, int to) {
    // yyyy-mm-ddThh:mm:ss at least
    if (to - from < 20) {
      return INVALID;
    }
    long minute = minuteMillis(b, from);
    return minute == INVALID ? INVALID : onMinute(b, from, to, minute);
  }

  /**
   * The local minute {@code yyyy-mm-ddThh:mm} at {@code b[from..from + 16)} in epoch milliseconds
   * as if it were UTC, or {@link #INVALID}.
   */
  private static long minuteMillis(byte[] b, int from) {
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    byte t = b[from + 10];
    if (year < 1970
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || b[from + 4] != '-'
        || b[from + 7] != '-'
        || (t != 'T' && t != 't' && t != ' ')
        || b[from + 13] != ':'
        || day > daysInMonth(year, month)) {
      return INVALID;
    }
    return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000L;
  }

  /** The rest of an RFC 3339 time, {@code :ss[.fff]zone} from {@code b[from + 16]}, on its minute. */
  private static long fromSeconds(byte[] b, int from, int to, long minuteMillis) {
    int second = digits(b, from + 17, 2);
    if (second < 0 || second > 60 || b[from + 16] != ':') {
      return INVALID;
    }
    int i = from + 19;
    long millis = 0;
    if (b[i] == '.') {
      i++;
      int fractionStart = i;
      int scale = 100;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        millis += (b[i] - '0') * scale;
        scale /= 10;
        i++;
      }
      if (i == fractionStart) {
        return INVALID;
      }
    }
    if (i >= to) {
      return INVALID;
    }
    long offsetMillis;
    byte zone = b[i];
    if ((zone == 'Z' || zone == 'z') && i + 1 == to) {
      offsetMillis = 0;
    } else if ((zone == '+' || zone == '-') && i + 6 == to && b[i + 3] == ':') {
      int offsetHours = digits(b, i + 1, 2);
      int offsetMinutes = digits(b, i + 4, 2);
      if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
        return INVALID;
      }
      offsetMillis = (offsetHours * 60L + offsetMinutes) * 60_000L * (zone == '-' ? -1 : 1);
    } else {
      return INVALID;
    }
    if (second == 60) {
      second = 59; // a leap second: its instant is the last millisecond of the minute
      millis = 999;
    }
    long result = minuteMillis + second * 1000L + millis - offsetMillis;
    return result < 0 ? INVALID : result <= MAX_MILLIS ? result : OUT_OF_RANGE;
  }

  /**
   * Parses as {@link Timestamps#parse} does, reusing the date and minute of the last RFC 3339 time
   * it read when the next one has the same: lines in time order mostly do.
   *
   * <p><b>Thread safety:</b> none; one parser's. <b>Cost:</b> no allocation.
   */
  static final class Reader {
    // the last prefix read, as two words (ByteScan.longAt), and its time
    private long prefixHigh;
    private long prefixLow;
    private long prefixMillis = INVALID;

    /**
     * @return epoch milliseconds, {@link #INVALID}, or {@link #OUT_OF_RANGE}
     */
    long parse(byte[] b, int from, int to) {
      if (to - from >= 20) {
        long high = ByteScan.longAt(b, from);
        long low = ByteScan.longAt(b, from + 8);
        if (high == prefixHigh && low == prefixLow && prefixMillis != INVALID) {
          return onMinute(b, from, to, prefixMillis);
        }
        long minute = minuteMillis(b, from);
        if (minute != INVALID) {
          prefixHigh = high;
          prefixLow = low;
          prefixMillis = minute;
          return onMinute(b, from, to, minute);
        }
      }
      return Timestamps.parse(b, from, to);
    }
  }

  /**
   * The rest of an RFC 3339 time from {@code b[from + 16]}, on its minute: {@code :ss.fffZ}, what
   * sre4j writes, read by {@link #secondsAndMillis} (small enough to be inlined into the caller),
   * any other ending by {@link #fromSeconds}, which gives the same for {@code :ss.fffZ}.
   */
  private static long onMinute(byte[] b, int from, int to, long minuteMillis) {
    long seconds = secondsAndMillis(b, from, to);
    if (seconds < 0) {
      return fromSeconds(b, from, to, minuteMillis);
    }
    long result = minuteMillis + seconds;
    return result <= MAX_MILLIS ? result : OUT_OF_RANGE;
  }

  /**
   * The {@code :ss.fffZ} that ends a 24-byte time such as sre4j writes ({@code
   * 2026-11-27T03:18:32.123Z}) in milliseconds, second 0 to 59; -1 for any other ending.
   */
  private static long secondsAndMillis(byte[] b, int from, int to) {
    if (to - from != 24 || b[from + 16] != ':' || b[from + 19] != '.' || b[from + 23] != 'Z') {
      return -1;
    }
    int s1 = b[from + 17] - '0';
    int s2 = b[from + 18] - '0';
    int m1 = b[from + 20] - '0';
    int m2 = b[from + 21] - '0';
    int m3 = b[from + 22] - '0';
    // all digits: none negative, and each minus 10 negative (the sign bit survives the and)
    if ((s1 | s2 | m1 | m2 | m3) < 0 || ((s1 - 10) & (s2 - 10) & (m1 - 10) & (m2 - 10) & (m3 - 10)) >= 0
        || s1 > 5) {
      return -1;
    }
    return (s1 * 10 + s2) * 1000L + m1 * 100 + m2 * 10 + m3;
  }

  /** Parses {@code count} ASCII digits at {@code at}; -1 if any is not a digit. */
  private static int digits(byte[] b, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }
}
