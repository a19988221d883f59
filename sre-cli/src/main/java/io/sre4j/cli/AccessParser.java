package io.sre4j.cli;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Parses one access line at a time: sre4j's own {@code access} JSON lines, other JSON Lines with
 * the same columns, or CSV with a header row. The format is chosen per file by its first non-blank
 * line: {@code {} starts JSON Lines, anything else is a CSV header.
 *
 * <p>Columns: {@code timestamp} (or {@code ts}): RFC 3339 or epoch milliseconds; {@code route};
 * {@code method}; {@code status}: an integer 100..599; {@code duration_ms}: a non-negative number
 * of milliseconds; optional {@code error}: the class of what the request threw (it then counts as
 * thrown, as the servlet filter records it). JSON lines with a {@code type} other than
 * {@code access} (such as sre4j's {@code sli_report} lines in the same log) are ignored.
 *
 * <p>This class detects the format and decodes values; {@link JsonLineScanner} reads JSON lines
 * and {@link CsvRowReader} CSV rows, both into one reused {@link AccessRecord}.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> no allocation per line on the common path; the
 * method and route are decoded into reused byte buffers ({@link #method()}, {@link #route()}).
 */
final class AccessParser {

  enum Result {
    RECORD,
    BLANK,
    IGNORED,
    MALFORMED,
    /** A well-formed line whose time is outside {@link Timestamps#RANGE}. */
    OUT_OF_RANGE,
    /** A line over {@link LineReader#MAX_LINE_BYTES}, skipped unread ({@link AccessLines}). */
    TOO_LONG
  }

  private static final int UNKNOWN = 0;
  private static final int JSON = 1;
  private static final int CSV = 2;
  private static final int NO_HEADER = 3;

  private final AccessRecord record = new AccessRecord();
  private final JsonLineScanner json = new JsonLineScanner(record);
  private final CsvRowReader csv = new CsvRowReader(record);
  private int format = UNKNOWN;

  /** Starts a new file: its first non-blank line chooses the format. */
  void beginFile() {
    format = UNKNOWN;
  }

  /**
   * @return why the last line was malformed
   */
  @Nullable String reason() {
    return record.reason;
  }

  long epochMillis() {
    return record.epochMillis;
  }

  int status() {
    return record.status;
  }

  long durationNanos() {
    return record.durationNanos;
  }

  boolean thrown() {
    return record.thrown;
  }

  Scratch method() {
    return record.method;
  }

  Scratch route() {
    return record.route;
  }

  /** Parses {@code b[from..to)}. */
  Result parse(byte[] b, int from, int to) {
    int start = skipWhitespace(b, from, to);
    if (start < to && format == UNKNOWN && startsWithBom(b, start, to)) {
      start = skipWhitespace(b, start + 3, to);
    }
    if (start >= to) {
      return Result.BLANK;
    }
    if (format == UNKNOWN) {
      if (b[start] == '{') {
        format = JSON;
      } else if (csv.header(b, start, to)) {
        format = CSV;
        return Result.IGNORED;
      } else {
        format = NO_HEADER;
        return Result.MALFORMED;
      }
    }
    return switch (format) {
      case JSON -> json.scan(b, start, to);
      case CSV -> csv.row(b, start, to);
      default -> record.malformed("the file has no usable CSV header (see the first line)");
    };
  }

  /**
   * Parses the JSON line that starts at {@code b[from]} and ends at a newline before {@code
   * limit} without finding the newline first (see {@link JsonLineScanner#scanToNewline}), once
   * the file is known to be JSON Lines.
   *
   * @return the line's result, which {@link #parse} would return for the line up to {@link
   *     #lineEnd()}; null when the caller must find the line's end and {@link #parse} it
   */
  @Nullable Result parseToNewline(byte[] b, int from, int limit) {
    if (format != JSON) {
      return null;
    }
    int start = skipWhitespace(b, from, limit);
    return start < limit && b[start] == '{' ? json.scanToNewline(b, start, limit) : null;
  }

  /** The newline that ended the line {@link #parseToNewline} last parsed. */
  int lineEnd() {
    return json.lineEnd();
  }

  // ------------------------------------------------------------------------------------ values

  /** An integer status 100..599, or -1. */
  static int status(byte[] b, int from, int to) {
    if (to - from != 3) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value >= 100 && value <= 599 ? value : -1;
  }

  /** Decimals of a millisecond that are whole nanoseconds. */
  private static final int NANOS_DIGITS = 6;

  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000};

  /** Milliseconds as a decimal number, to nanoseconds (cut past 6 decimals); -1 if bad. */
  static long durationNanos(byte[] b, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long whole = 0;
    int i = from;
    int wholeDigits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      if (++wholeDigits > 10) {
        return -1; // over 3 years: not a request duration
      }
      whole = whole * 10 + (b[i] - '0');
      i++;
    }
    long fraction = 0; // nanoseconds: the first 6 decimals of a millisecond
    int fractionDigits = 0;
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        if (fractionDigits < NANOS_DIGITS) {
          fraction = fraction * 10 + (b[i] - '0');
        }
        fractionDigits++;
        i++;
      }
      if (fractionDigits == 0) {
        return -1;
      }
      if (fractionDigits < NANOS_DIGITS) {
        fraction *= POWERS_OF_TEN[NANOS_DIGITS - fractionDigits];
      }
    }
    if (wholeDigits == 0) {
      return -1;
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      return exponent(b, from, to);
    }
    return i == to ? whole * 1_000_000L + fraction : -1;
  }

  private static long exponent(byte[] b, int from, int to) {
    try {
      double millis = Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
      return millis >= 0 && millis < 1e11 ? Math.round(millis * 1e6) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Why {@link #durationNanos} rejected {@code b[from..to)}: negative, too large, or not a number.
   */
  static String durationProblem(byte[] b, int from, int to) {
    String value = quote(b, from, to);
    int i = from < to && b[from] == '-' ? from + 1 : from;
    int digits = i;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    boolean number = i > digits;
    if (number && i < to && b[i] == '.') {
      int fraction = ++i;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      number = i > fraction;
    }
    if (number && i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int exponent = i;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        i++;
      }
      number = i > exponent;
    }
    if (!number || i != to) {
      return "duration_ms must be a number of milliseconds such as 12.5 but was " + value;
    }
    if (b[from] == '-') {
      return "duration_ms must not be negative but was " + value;
    }
    return "duration_ms must be under 100000000000 (about 3 years) but was " + value;
  }

  static boolean letters(Scratch value) {
    if (value.length == 0 || value.length > 32) {
      return false;
    }
    for (int i = value.offset; i < value.end(); i++) {
      byte c = value.bytes[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------ helpers

  static int skipWhitespace(byte[] b, int from, int to) {
    int i = from;
    while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static boolean startsWithBom(byte[] b, int at, int to) {
    return at + 3 <= to
        && b[at] == (byte) 0xEF
        && b[at + 1] == (byte) 0xBB
        && b[at + 2] == (byte) 0xBF;
  }

  static String show(byte[] b, int from, int to) {
    return abbreviate(new String(b, from, Math.max(0, to - from), StandardCharsets.UTF_8));
  }

  /** {@code b[from..to)} in double quotes, for messages: control characters as ?, cut at 80. */
  static String quote(byte[] b, int from, int to) {
    return '"' + show(b, from, to) + '"';
  }

  static String abbreviate(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(cp -> out.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
    return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
  }

  /**
   * One decoded value: {@code bytes[offset..offset + length)}. It is either a copy in the scratch's
   * own buffer ({@link #set}, {@link #append}) or a view of the line it was read from ({@link
   * #view}), valid until the next line is read. Either way at least {@value #READABLE} bytes can be
   * read from {@code offset}, and whole words up to the value's last byte: the value can be read a
   * word at a time ({@link ByteScan#longAt}) without a bounds check per byte.
   */
  static final class Scratch {
    /** Bytes readable from {@link #offset}, whatever the length: {@value}. */
    static final int READABLE = 24;

    byte[] bytes;
    int offset;
    int length;
    private byte[] own;

    /**
     * @param capacity the initial capacity: a multiple of 8, at least {@value #READABLE}
     */
    Scratch(int capacity) {
      if (capacity < READABLE || capacity % Long.BYTES != 0) {
        throw new IllegalArgumentException(
            "capacity must be a multiple of 8 of at least " + READABLE + " but was " + capacity);
      }
      own = new byte[capacity];
      bytes = own;
    }

    /** The index after the value's last byte: {@code offset + length}. */
    int end() {
      return offset + length;
    }

    /** Copies {@code b[from..to)} into the own buffer. */
    void set(byte[] b, int from, int to) {
      int n = to - from;
      if (n > own.length) {
        own = new byte[(Math.max(n, own.length * 2) + 7) & -Long.BYTES];
      }
      System.arraycopy(b, from, own, 0, n);
      bytes = own;
      offset = 0;
      length = n;
    }

    /** Copies another scratch's value into the own buffer (a view's line moves on). */
    void copy(Scratch value) {
      set(value.bytes, value.offset, value.end());
    }

    /**
     * Views {@code b[from..to)} in place when enough of {@code b} follows it (see the class
     * comment), else copies it. The view is valid while {@code b} holds the line.
     */
    void view(byte[] b, int from, int to) {
      if (to + READABLE > b.length) {
        set(b, from, to);
        return;
      }
      bytes = b;
      offset = from;
      length = to - from;
    }

    /** Empties the value, in the own buffer, for {@link #append}. */
    void clear() {
      bytes = own;
      offset = 0;
      length = 0;
    }

    /** Appends to a value that {@link #clear} began. */
    void append(byte c) {
      if (length == own.length) {
        own = java.util.Arrays.copyOf(own, own.length * 2);
        bytes = own;
      }
      own[length++] = c;
    }

    void appendCodePoint(int codePoint) {
      if (codePoint < 0x80) {
        append((byte) codePoint);
      } else if (codePoint < 0x800) {
        append((byte) (0xC0 | codePoint >> 6));
        append((byte) (0x80 | (codePoint & 0x3F)));
      } else if (codePoint < 0x10000) {
        append((byte) (0xE0 | codePoint >> 12));
        append((byte) (0x80 | (codePoint >> 6 & 0x3F)));
        append((byte) (0x80 | (codePoint & 0x3F)));
      } else {
        append((byte) (0xF0 | codePoint >> 18));
        append((byte) (0x80 | (codePoint >> 12 & 0x3F)));
        append((byte) (0x80 | (codePoint >> 6 & 0x3F)));
        append((byte) (0x80 | (codePoint & 0x3F)));
      }
    }

    /** The value in double quotes, for messages. */
    String quoted() {
      return quote(bytes, offset, end());
    }

    /** The value as UTF-8 text. */
    String text() {
      return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return abbreviate(text());
    }
  }
}
