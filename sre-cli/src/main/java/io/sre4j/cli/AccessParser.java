package io.sre4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <p>JSON is read by a small parser for flat objects (nested values are skipped): string escapes,
 * {@code \}{@code u} escapes and surrogate pairs are decoded; lone surrogates become U+FFFD.
 *
 * <p><b>Thread safety:</b> none. <b>Cost:</b> no allocation per line on the common path; the
 * method and route are decoded into reused byte buffers ({@link #method()}, {@link #route()}).
 */
final class AccessParser {

  enum Result {
    RECORD,
    BLANK,
    IGNORED,
    MALFORMED
  }

  private static final int UNKNOWN = 0;
  private static final int JSON = 1;
  private static final int CSV = 2;
  private static final int NO_HEADER = 3;

  private static final byte[] K_TS = bytes("ts");
  private static final byte[] K_TIMESTAMP = bytes("timestamp");
  private static final byte[] K_TYPE = bytes("type");
  private static final byte[] K_ROUTE = bytes("route");
  private static final byte[] K_METHOD = bytes("method");
  private static final byte[] K_STATUS = bytes("status");
  private static final byte[] K_DURATION = bytes("duration_ms");
  private static final byte[] K_ERROR = bytes("error");
  private static final byte[] V_ACCESS = bytes("access");

  static final List<String> CSV_COLUMNS =
      List.of("timestamp", "route", "method", "status", "duration_ms");

  private int format = UNKNOWN;
  private @Nullable String reason;

  // the record
  private long epochMillis;
  private int status;
  private long durationNanos;
  private boolean thrown;
  private final Scratch method = new Scratch(16);
  private final Scratch route = new Scratch(128);

  // JSON field positions of the line being parsed: {start, end, kind}
  private static final int STRING = 1;
  private static final int STRING_ESCAPED = 2;
  private static final int NUMBER = 3;
  private static final int LITERAL = 4;
  private final int[] ts = new int[3];
  private final int[] type = new int[3];
  private final int[] routeField = new int[3];
  private final int[] methodField = new int[3];
  private final int[] statusField = new int[3];
  private final int[] durationField = new int[3];
  private final int[] errorField = new int[3];
  private final Scratch scratch = new Scratch(64);

  // CSV
  private int csvTimestamp;
  private int csvRoute;
  private int csvMethod;
  private int csvStatus;
  private int csvDuration;
  private int csvError;
  private int csvColumns;
  private int[] fieldStart = new int[16];
  private int[] fieldEnd = new int[16];
  private boolean[] fieldQuoted = new boolean[16];

  /** Starts a new file: its first non-blank line chooses the format. */
  void beginFile() {
    format = UNKNOWN;
  }

  /**
   * @return why the last line was malformed
   */
  @Nullable String reason() {
    return reason;
  }

  long epochMillis() {
    return epochMillis;
  }

  int status() {
    return status;
  }

  long durationNanos() {
    return durationNanos;
  }

  boolean thrown() {
    return thrown;
  }

  Scratch method() {
    return method;
  }

  Scratch route() {
    return route;
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
      } else {
        return header(b, start, to);
      }
    }
    return switch (format) {
      case JSON -> json(b, start, to);
      case CSV -> csv(b, start, to);
      default -> malformed("the file has no usable CSV header (see the first line)");
    };
  }

  // ------------------------------------------------------------------------------------ JSON

  private Result json(byte[] b, int from, int to) {
    if (b[from] != '{') {
      return malformed("not a JSON object");
    }
    ts[2] = 0;
    type[2] = 0;
    routeField[2] = 0;
    methodField[2] = 0;
    statusField[2] = 0;
    durationField[2] = 0;
    errorField[2] = 0;
    int i = skipWhitespace(b, from + 1, to);
    if (i < to && b[i] == '}') {
      i++;
    } else {
      for (; ; ) {
        if (i >= to || b[i] != '"') {
          return malformed("expected a quoted key at column " + (i - from + 1));
        }
        int keyStart = i + 1;
        int keyEnd = stringEnd(b, keyStart, to);
        if (keyEnd < 0) {
          return malformed("unterminated string at column " + (i - from + 1));
        }
        i = skipWhitespace(b, keyEnd + 1, to);
        if (i >= to || b[i] != ':') {
          return malformed("expected ':' at column " + (i - from + 1));
        }
        i = skipWhitespace(b, i + 1, to);
        if (i >= to) {
          return malformed("missing value at the end of the line");
        }
        int[] field = field(b, keyStart, keyEnd);
        int valueStart = i;
        int kind;
        byte c = b[i];
        if (c == '"') {
          int valueEnd = stringEnd(b, i + 1, to);
          if (valueEnd < 0) {
            return malformed("unterminated string at column " + (i - from + 1));
          }
          kind = contains(b, i + 1, valueEnd, (byte) '\\') ? STRING_ESCAPED : STRING;
          valueStart = i + 1;
          i = valueEnd;
          if (field != null) {
            field[0] = valueStart;
            field[1] = valueEnd;
            field[2] = kind;
          }
          i++;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          while (i < to && isNumberChar(b[i])) {
            i++;
          }
          if (field != null) {
            field[0] = valueStart;
            field[1] = i;
            field[2] = NUMBER;
          }
        } else if (c == 't' || c == 'f' || c == 'n') {
          int length = c == 'f' ? 5 : 4;
          if (i + length > to || !literal(b, i, length)) {
            return malformed("bad literal at column " + (i - from + 1));
          }
          i += length;
          if (field != null) {
            field[0] = valueStart;
            field[1] = i;
            field[2] = LITERAL;
          }
        } else if (c == '{' || c == '[') {
          i = skipNested(b, i, to);
          if (i < 0) {
            return malformed("unterminated nested value at column " + (valueStart - from + 1));
          }
          if (field != null) {
            field[2] = 0; // a nested value where a column was expected: treated as absent
          }
        } else {
          return malformed("unexpected '" + (char) (c & 0xff) + "' at column " + (i - from + 1));
        }
        i = skipWhitespace(b, i, to);
        if (i < to && b[i] == ',') {
          i = skipWhitespace(b, i + 1, to);
          continue;
        }
        if (i < to && b[i] == '}') {
          i++;
          break;
        }
        return malformed("expected ',' or '}' at column " + (i - from + 1));
      }
    }
    if (skipWhitespace(b, i, to) != to) {
      return malformed("text after the JSON object");
    }
    if (type[2] != 0 && !(type[2] == STRING && equal(b, type[0], type[1], V_ACCESS))) {
      return Result.IGNORED;
    }
    // timestamp
    if (ts[2] == STRING || ts[2] == NUMBER) {
      epochMillis = Timestamps.parse(b, ts[0], ts[1]);
      if (epochMillis == Timestamps.INVALID) {
        return malformed(
            "timestamp must be RFC 3339 or epoch milliseconds but was " + show(b, ts[0], ts[1]));
      }
    } else if (ts[2] == STRING_ESCAPED) {
      return malformed(
          "timestamp must be RFC 3339 or epoch milliseconds but was " + show(b, ts[0], ts[1]));
    } else {
      return malformed("missing ts (or timestamp)");
    }
    if (!jsonString(b, routeField, route) || route.length == 0) {
      return malformed(routeField[2] == 0 ? "missing route" : "route must be a non-empty string");
    }
    if (!jsonString(b, methodField, method) || !letters(method)) {
      return malformed(
          methodField[2] == 0
              ? "missing method"
              : "method must be letters such as GET but was "
                  + show(b, methodField[0], methodField[1]));
    }
    if (statusField[2] != NUMBER && statusField[2] != STRING) {
      return malformed("missing status");
    }
    status = status(b, statusField[0], statusField[1]);
    if (status < 0) {
      return malformed(
          "status must be an integer 100..599 but was " + show(b, statusField[0], statusField[1]));
    }
    if (durationField[2] != NUMBER && durationField[2] != STRING) {
      return malformed("missing duration_ms");
    }
    durationNanos = durationNanos(b, durationField[0], durationField[1]);
    if (durationNanos < 0) {
      return malformed(
          "duration_ms must be a non-negative number but was "
              + show(b, durationField[0], durationField[1]));
    }
    thrown =
        (errorField[2] == STRING || errorField[2] == STRING_ESCAPED)
            && errorField[1] > errorField[0];
    return Result.RECORD;
  }

  private int @Nullable [] field(byte[] b, int keyStart, int keyEnd) {
    int length = keyEnd - keyStart;
    switch (length) {
      case 2:
        return equal(b, keyStart, keyEnd, K_TS) ? ts : null;
      case 4:
        return equal(b, keyStart, keyEnd, K_TYPE) ? type : null;
      case 5:
        if (equal(b, keyStart, keyEnd, K_ROUTE)) {
          return routeField;
        }
        return equal(b, keyStart, keyEnd, K_ERROR) ? errorField : null;
      case 6:
        if (equal(b, keyStart, keyEnd, K_METHOD)) {
          return methodField;
        }
        return equal(b, keyStart, keyEnd, K_STATUS) ? statusField : null;
      case 9:
        return equal(b, keyStart, keyEnd, K_TIMESTAMP) ? ts : null;
      case 11:
        return equal(b, keyStart, keyEnd, K_DURATION) ? durationField : null;
      default:
        return null;
    }
  }

  /** Decodes a JSON string field into {@code into}; false if it is absent or not a string. */
  private boolean jsonString(byte[] b, int[] field, Scratch into) {
    if (field[2] == STRING) {
      into.set(b, field[0], field[1]);
      return true;
    }
    if (field[2] == STRING_ESCAPED) {
      return unescape(b, field[0], field[1], into);
    }
    return false;
  }

  /** Index of the closing quote of a string whose content starts at {@code from}, or -1. */
  private static int stringEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        i++;
      } else if (c >= 0 && c < 0x20) {
        return -1; // a raw control character: not JSON
      }
    }
    return -1;
  }

  private static int skipNested(byte[] b, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"') {
        int end = stringEnd(b, i + 1, to);
        if (end < 0) {
          return -1;
        }
        i = end;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }

  private static boolean literal(byte[] b, int at, int length) {
    byte c = b[at];
    String word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    for (int k = 0; k < length; k++) {
      if (b[at + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNumberChar(byte c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Decodes JSON escapes into UTF-8. */
  private static boolean unescape(byte[] b, int from, int to, Scratch into) {
    into.length = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != '\\') {
        into.append(c);
        continue;
      }
      if (++i >= to) {
        return false;
      }
      switch (b[i]) {
        case '"' -> into.append((byte) '"');
        case '\\' -> into.append((byte) '\\');
        case '/' -> into.append((byte) '/');
        case 'b' -> into.append((byte) '\b');
        case 'f' -> into.append((byte) '\f');
        case 'n' -> into.append((byte) '\n');
        case 'r' -> into.append((byte) '\r');
        case 't' -> into.append((byte) '\t');
        case 'u' -> {
          int unit = hex4(b, i + 1, to);
          if (unit < 0) {
            return false;
          }
          i += 4;
          int codePoint = unit;
          if (Character.isHighSurrogate((char) unit)) {
            int low = i + 2 < to && b[i + 1] == '\\' && b[i + 2] == 'u' ? hex4(b, i + 3, to) : -1;
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
              codePoint = Character.toCodePoint((char) unit, (char) low);
              i += 6;
            } else {
              codePoint = 0xFFFD;
            }
          } else if (Character.isLowSurrogate((char) unit)) {
            codePoint = 0xFFFD;
          }
          into.appendCodePoint(codePoint);
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  private static int hex4(byte[] b, int at, int to) {
    if (at + 4 > to) {
      return -1;
    }
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      int digit = Character.digit(b[i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  // ------------------------------------------------------------------------------------ CSV

  private Result header(byte[] b, int from, int to) {
    int count = splitCsv(b, from, to);
    csvTimestamp = -1;
    csvRoute = -1;
    csvMethod = -1;
    csvStatus = -1;
    csvDuration = -1;
    csvError = -1;
    List<String> names = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String name =
          new String(b, fieldStart[k], fieldEnd[k] - fieldStart[k], StandardCharsets.UTF_8)
              .strip()
              .toLowerCase(Locale.ROOT);
      names.add(name);
      switch (name) {
        case "timestamp", "ts" -> csvTimestamp = k;
        case "route" -> csvRoute = k;
        case "method" -> csvMethod = k;
        case "status" -> csvStatus = k;
        case "duration_ms" -> csvDuration = k;
        case "error" -> csvError = k;
        default -> {} // other columns are ignored
      }
    }
    if (count < 0
        || csvTimestamp < 0
        || csvRoute < 0
        || csvMethod < 0
        || csvStatus < 0
        || csvDuration < 0) {
      format = NO_HEADER;
      return malformed(
          "not a JSON object, nor a CSV header naming the columns "
              + String.join(", ", CSV_COLUMNS)
              + " (it was: "
              + abbreviate(String.join(",", names))
              + ")");
    }
    csvColumns = count;
    format = CSV;
    return Result.IGNORED;
  }

  private Result csv(byte[] b, int from, int to) {
    int count = splitCsv(b, from, to);
    if (count < 0) {
      return malformed("unterminated quoted CSV field");
    }
    if (count != csvColumns) {
      return malformed("expected " + csvColumns + " CSV fields but found " + count);
    }
    if (!csvValue(b, csvTimestamp, scratch)) {
      return malformed("bad quoting in the timestamp field");
    }
    epochMillis = Timestamps.parse(scratch.bytes, 0, scratch.length);
    if (epochMillis == Timestamps.INVALID) {
      return malformed("timestamp must be RFC 3339 or epoch milliseconds but was " + scratch);
    }
    if (!csvValue(b, csvRoute, route) || route.length == 0) {
      return malformed("route must not be empty");
    }
    if (!csvValue(b, csvMethod, method) || !letters(method)) {
      return malformed("method must be letters such as GET but was " + method);
    }
    if (!csvValue(b, csvStatus, scratch)) {
      return malformed("bad quoting in the status field");
    }
    status = status(scratch.bytes, 0, scratch.length);
    if (status < 0) {
      return malformed("status must be an integer 100..599 but was " + scratch);
    }
    if (!csvValue(b, csvDuration, scratch)) {
      return malformed("bad quoting in the duration_ms field");
    }
    durationNanos = durationNanos(scratch.bytes, 0, scratch.length);
    if (durationNanos < 0) {
      return malformed("duration_ms must be a non-negative number but was " + scratch);
    }
    thrown = csvError >= 0 && csvValue(b, csvError, scratch) && scratch.length > 0;
    return Result.RECORD;
  }

  /** Splits a CSV row into {@link #fieldStart}/{@link #fieldEnd}; -1 on an unterminated quote. */
  private int splitCsv(byte[] b, int from, int to) {
    int count = 0;
    int i = from;
    for (; ; ) {
      if (count == fieldStart.length) {
        fieldStart = java.util.Arrays.copyOf(fieldStart, count * 2);
        fieldEnd = java.util.Arrays.copyOf(fieldEnd, count * 2);
        fieldQuoted = java.util.Arrays.copyOf(fieldQuoted, count * 2);
      }
      int s = i;
      while (s < to && (b[s] == ' ' || b[s] == '\t')) {
        s++;
      }
      if (s < to && b[s] == '"') {
        int j = s + 1;
        for (; ; ) {
          if (j >= to) {
            return -1;
          }
          if (b[j] == '"') {
            if (j + 1 < to && b[j + 1] == '"') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        fieldStart[count] = s + 1;
        fieldEnd[count] = j;
        fieldQuoted[count] = true;
        i = j + 1;
        while (i < to && b[i] != ',') {
          i++;
        }
      } else {
        int j = i;
        while (j < to && b[j] != ',') {
          j++;
        }
        fieldStart[count] = i;
        fieldEnd[count] = j;
        fieldQuoted[count] = false;
        i = j;
      }
      count++;
      if (i >= to) {
        return count;
      }
      i++; // the comma
    }
  }

  /** Copies CSV field {@code k}, trimmed (unquoted) or with {@code ""} unescaped (quoted). */
  private boolean csvValue(byte[] b, int k, Scratch into) {
    int s = fieldStart[k];
    int e = fieldEnd[k];
    if (fieldQuoted[k]) {
      into.length = 0;
      for (int i = s; i < e; i++) {
        into.append(b[i]);
        if (b[i] == '"') {
          i++; // the second quote of a pair
        }
      }
      return true;
    }
    while (s < e && (b[s] == ' ' || b[s] == '\t')) {
      s++;
    }
    while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
      e--;
    }
    into.set(b, s, e);
    return true;
  }

  // ------------------------------------------------------------------------------------ values

  /** An integer status 100..599, or -1. */
  private static int status(byte[] b, int from, int to) {
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
    long fraction = 0;
    int scale = 100_000;
    int fractionDigits = 0;
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        fraction += (b[i] - '0') * (long) scale;
        scale /= 10;
        fractionDigits++;
        i++;
      }
      if (fractionDigits == 0) {
        return -1;
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

  private static boolean letters(Scratch value) {
    if (value.length == 0 || value.length > 32) {
      return false;
    }
    for (int i = 0; i < value.length; i++) {
      byte c = value.bytes[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------ helpers

  private Result malformed(String why) {
    reason = why;
    return Result.MALFORMED;
  }

  private static int skipWhitespace(byte[] b, int from, int to) {
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

  private static boolean contains(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(byte[] b, int from, int to, byte[] word) {
    if (to - from != word.length) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[from + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  private static String show(byte[] b, int from, int to) {
    return abbreviate(new String(b, from, Math.max(0, to - from), StandardCharsets.UTF_8));
  }

  static String abbreviate(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(cp -> out.appendCodePoint(cp < 0x20 || cp == 0x7f ? '?' : cp));
    return text.codePointCount(0, text.length()) > 80 ? out + "…" : out.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A reusable byte buffer holding one decoded value. */
  static final class Scratch {
    byte[] bytes;
    int length;

    Scratch(int capacity) {
      bytes = new byte[capacity];
    }

    void set(byte[] b, int from, int to) {
      int n = to - from;
      if (n > bytes.length) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
      }
      System.arraycopy(b, from, bytes, 0, n);
      length = n;
    }

    void append(byte c) {
      if (length == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = c;
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

    int hash() {
      int h = 1;
      for (int i = 0; i < length; i++) {
        h = 31 * h + bytes[i];
      }
      return h;
    }

    boolean sameAs(byte[] other) {
      if (other.length != length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (bytes[i] != other[i]) {
          return false;
        }
      }
      return true;
    }

    byte[] copy() {
      return java.util.Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
      return abbreviate(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
  }
}
