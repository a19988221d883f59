package io.sre4j.cli;

/**
 * RFC 3339 timestamps and epoch milliseconds, parsed from bytes without allocation: {@code
 * 2026-11-27T03:18:32.123Z}, {@code 2026-11-27T04:18:32+01:00}, {@code 2026-11-27 03:18:32Z} (a
 * space or {@code t} for the {@code T}), any number of fraction digits (cut to milliseconds); or an
 * integer of epoch milliseconds. Years 1970 to 9999.
 */
final class Timestamps {

  /** What {@link #parse} returns for text that is not a timestamp. */
  static final long INVALID = Long.MIN_VALUE;

  /** 9999-12-31T23:59:59.999Z. */
  static final long MAX_MILLIS = 253_402_300_799_999L;

  private Timestamps() {}

  /**
   * @return epoch milliseconds, or {@link #INVALID}
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
    return value <= MAX_MILLIS ? value : INVALID;
  }

  private static long rfc3339(byte[] b, int from, int to) {
    // yyyy-mm-ddThh:mm:ss at least
    if (to - from < 20) {
      return INVALID;
    }
    int year = digits(b, from, 4);
    int month = digits(b, from + 5, 2);
    int day = digits(b, from + 8, 2);
    int hour = digits(b, from + 11, 2);
    int minute = digits(b, from + 14, 2);
    int second = digits(b, from + 17, 2);
    byte t = b[from + 10];
    if (year < 1970
        || month < 1
        || month > 12
        || day < 1
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60
        || b[from + 4] != '-'
        || b[from + 7] != '-'
        || (t != 'T' && t != 't' && t != ' ')
        || b[from + 13] != ':'
        || b[from + 16] != ':'
        || day > daysInMonth(year, month)) {
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
    long days = daysFromCivil(year, month, day);
    long result =
        ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis - offsetMillis;
    return result >= 0 && result <= MAX_MILLIS ? result : INVALID;
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
