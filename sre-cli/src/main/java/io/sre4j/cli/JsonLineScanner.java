package io.sre4j.cli;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON Lines access line: a small scanner for flat objects (nested values are skipped)
 * that records where each known column's value lies, then decodes only those values into the
 * {@link AccessRecord}. String escapes, {@code \}{@code u} escapes and surrogate pairs are decoded;
 * lone surrogates become U+FFFD. Lines with a {@code type} other than {@code access} are ignored.
 *
 * <p><b>Thread safety:</b> none; one parser's. <b>Cost:</b> one pass over the line; no allocation
 * on the common path (method and route are decoded into the record's reused buffers).
 */
final class JsonLineScanner {

  private static final byte[] K_TS = bytes("ts");
  private static final byte[] K_TIMESTAMP = bytes("timestamp");
  private static final byte[] K_TYPE = bytes("type");
  private static final byte[] K_ROUTE = bytes("route");
  private static final byte[] K_METHOD = bytes("method");
  private static final byte[] K_STATUS = bytes("status");
  private static final byte[] K_DURATION = bytes("duration_ms");
  private static final byte[] K_ERROR = bytes("error");
  private static final byte[] V_ACCESS = bytes("access");

  // JSON field positions of the line being parsed: {start, end, kind}
  private static final int STRING = 1;
  private static final int STRING_ESCAPED = 2;
  private static final int NUMBER = 3;
  private static final int LITERAL = 4;
  private static final int NESTED = 5;
  private final int[] ts = new int[3];
  private final int[] type = new int[3];
  private final int[] routeField = new int[3];
  private final int[] methodField = new int[3];
  private final int[] statusField = new int[3];
  private final int[] durationField = new int[3];
  private final int[] errorField = new int[3];
  /** Where {@link #knownKey} puts the values of sre4j's own columns that replay does not read. */
  private final int[] unread = new int[3];
  /** Where the duration {@link #ownDuration} read ends. */
  private int ownDurationEnd;
  private static final long ZEROS = 0x3030_3030_3030_3030L;

  // the known keys with their closing quote as little-endian words (ByteScan.longAt), for knownKey
  private static final int KNOWN_KEY_BYTES = 12; // "duration_ms" and its quote: the longest
  private static final long MASK_3 = ByteScan.mask(3);
  private static final long MASK_5 = ByteScan.mask(5);
  private static final long MASK_6 = ByteScan.mask(6);
  private static final long MASK_7 = ByteScan.mask(7);
  private static final long W_TS = ByteScan.word("ts\"");
  private static final long W_TYPE = ByteScan.word("type\"");
  private static final long W_TIMESTAM = ByteScan.word("timestam");
  private static final long W_ROUTE = ByteScan.word("route\"");
  private static final long W_ERROR = ByteScan.word("error\"");
  private static final long W_METHOD = ByteScan.word("method\"");
  private static final long W_STATUS = ByteScan.word("status\"");
  private static final long W_DURATION = ByteScan.word("duration");
  private static final long W_MS = ByteScan.word("_ms\"");
  private static final long W_SERVICE = ByteScan.word("service\"");
  private static final long W_TRACE_ID = ByteScan.word("trace_id");

  // the text around the values of sre4j's own access line (ownLayout), in order
  private static final int OWN_TS_BYTES = 24; // 2026-11-27T03:18:32.123Z
  private static final Text OWN_TS = new Text("{\"ts\":\"");
  private static final Text OWN_TYPE = new Text("\",\"type\":\"access\",\"service\":\"");
  private static final Text OWN_ROUTE = new Text("\",\"route\":\"");
  private static final Text OWN_METHOD = new Text("\",\"method\":\"");
  private static final Text OWN_STATUS = new Text("\",\"status\":");
  private static final Text OWN_DURATION = new Text(",\"duration_ms\":");
  private static final Text OWN_TRACE_ID = new Text(",\"trace_id\":\"");
  private static final Text OWN_ERROR = new Text(",\"error\":\"");

  private final AccessRecord record;
  /** The closing quote of the key {@link #knownKey} last matched. */
  private int knownKeyEnd;
  /** The newline that ended the line {@link #scanToNewline} last read. */
  private int lineEnd;
  /** Whether the string {@link #stringEnd} last read holds an escape. */
  private boolean escaped;

  JsonLineScanner(AccessRecord record) {
    this.record = record;
  }

  /** Scans {@code b[from..to)}, which starts with its first non-blank byte. */
  AccessParser.Result scan(byte[] b, int from, int to) {
    AccessParser.Result result = scan(b, from, to, false);
    return result == null ? record.malformed("text after the JSON object") : result;
  }

  /**
   * Scans the line that starts at {@code b[from]}, its first non-blank byte, as one JSON object
   * followed by a newline somewhere in {@code b[from..limit)}, without looking for the newline
   * first: the object's own end finds it. A line is one JSON object or malformed, and no part of an
   * object holds a raw newline (JSON escapes it in strings; it is not whitespace here), so when
   * this returns a result it is exactly what {@link #scan(byte[], int, int)} returns for the line
   * up to the newline, {@link #lineEnd()}.
   *
   * @return the line's result; null when it is not a well-formed object followed by a newline
   *     before {@code limit} (malformed, or not all read yet): the caller then finds the line's
   *     end and scans it as usual, which reports what is wrong
   */
  AccessParser.@Nullable Result scanToNewline(byte[] b, int from, int limit) {
    if (ownLayout(b, from, limit)) {
      return AccessParser.Result.RECORD;
    }
    AccessParser.Result result = scan(b, from, limit, true);
    return result == AccessParser.Result.MALFORMED ? null : result;
  }

  /** The newline that ended the line {@link #scanToNewline} last read. */
  int lineEnd() {
    return lineEnd;
  }

  /**
   * Reads the line at {@code b[from]} when it is a good access line laid out exactly as sre4j's own
   * logger writes it (the replay's usual input): {@code {"ts":"<24-byte time>","type":"access",
   * "service":"…","route":"…","method":"…","status":ddd,"duration_ms":…} then optional {@code
   * "trace_id"} and {@code "error"} strings, no spaces, and a newline. Each value is checked as the
   * general scan checks it, so a line this accepts gets the record the general scan gives it; any
   * other line, good or bad, is left to the general scan.
   *
   * @return true when the line was read: the record holds it and {@link #lineEnd} is its newline
   */
  private boolean ownLayout(byte[] b, int from, int limit) {
    if (!OWN_TS.at(b, from, limit)) {
      return false;
    }
    int ts = from + OWN_TS.length;
    int typeEnd = ts + OWN_TS_BYTES;
    if (!OWN_TYPE.at(b, typeEnd, limit)) {
      return false;
    }
    long millis = record.timestampMillis(b, ts, typeEnd);
    if (millis < 0) {
      return false; // not a time (which has no quote, backslash or control byte), or out of range
    }
    int service = typeEnd + OWN_TYPE.length;
    int serviceEnd = stringEnd(b, service, limit);
    if (serviceEnd < 0 || !OWN_ROUTE.at(b, serviceEnd, limit)) {
      return false;
    }
    int route = serviceEnd + OWN_ROUTE.length;
    int routeEnd = stringEnd(b, route, limit);
    if (routeEnd <= route || escaped || !OWN_METHOD.at(b, routeEnd, limit)) {
      return false;
    }
    int method = routeEnd + OWN_METHOD.length;
    int methodEnd = stringEnd(b, method, limit);
    if (methodEnd < 0 || escaped || !OWN_STATUS.at(b, methodEnd, limit)) {
      return false;
    }
    int status = methodEnd + OWN_STATUS.length;
    int statusValue = AccessParser.status(b, status, status + 3);
    int duration = status + 3 + OWN_DURATION.length;
    if (statusValue < 0 || !OWN_DURATION.at(b, status + 3, limit)) {
      return false;
    }
    long nanos = ownDuration(b, duration, limit);
    int i;
    if (nanos >= 0) {
      i = ownDurationEnd;
    } else {
      i = numberEnd(b, duration, limit);
      nanos = AccessParser.durationNanos(b, duration, i);
      if (nanos < 0) {
        return false;
      }
    }
    if (OWN_TRACE_ID.at(b, i, limit)) {
      i = stringEnd(b, i + OWN_TRACE_ID.length, limit);
      if (i < 0) {
        return false;
      }
      i++;
    }
    boolean thrown = false;
    if (OWN_ERROR.at(b, i, limit)) {
      int error = i + OWN_ERROR.length;
      i = stringEnd(b, error, limit);
      if (i < 0) {
        return false;
      }
      thrown = i > error;
      i++;
    }
    if (i + 1 >= limit || b[i] != '}' || b[i + 1] != '\n') {
      return false;
    }
    record.route.view(b, route, routeEnd); // read before the next line: no copy
    record.method.view(b, method, methodEnd);
    if (!AccessParser.letters(record.method)) {
      return false;
    }
    record.epochMillis = millis;
    record.status = statusValue;
    record.durationNanos = nanos;
    record.thrown = thrown;
    lineEnd = i + 1;
    return true;
  }

  /**
   * A duration as sre4j's logger writes it, read as two words: 1 to 4 digits, a point and exactly 6
   * decimals, then {@code ,} or {@code }}. Any other text gives -1, and the caller reads it the
   * general way ({@link #numberEnd}, {@link AccessParser#durationNanos}), which gives a text of
   * this shape the same value.
   *
   * @return the duration in nanoseconds, its end in {@link #ownDurationEnd}; or -1
   */
  private long ownDuration(byte[] b, int at, int limit) {
    if (at + 2 * Long.BYTES > limit) {
      return -1;
    }
    long head = ByteScan.longAt(b, at);
    int point = ByteScan.indexOf(head, (byte) '.');
    if (point == 0 || point > 4) {
      return -1;
    }
    long tail = ByteScan.longAt(b, at + point + 1); // six decimals and the byte after them
    byte after = (byte) (tail >>> 48);
    long whole = head << (Long.SIZE - 8 * point) | ZEROS >>> (8 * point); // '0's in front
    long decimals = tail << 16 | (ZEROS & 0xFFFF);
    if ((after != ',' && after != '}') || !ByteScan.digits(whole) || !ByteScan.digits(decimals)) {
      return -1;
    }
    ownDurationEnd = at + point + 7;
    return ByteScan.eightDigits(whole) * 1_000_000L + ByteScan.eightDigits(decimals);
  }

  private AccessParser.@Nullable Result scan(byte[] b, int from, int to, boolean toNewline) {
    if (b[from] != '{') {
      return record.malformed("not a JSON object");
    }
    ts[2] = 0;
    type[2] = 0;
    routeField[2] = 0;
    methodField[2] = 0;
    statusField[2] = 0;
    durationField[2] = 0;
    errorField[2] = 0;
    int i = AccessParser.skipWhitespace(b, from + 1, to);
    if (i < to && b[i] == '}') {
      i++;
    } else {
      for (; ; ) {
        if (i >= to || b[i] != '"') {
          return record.malformed("expected a quoted key at column " + (i - from + 1));
        }
        int keyStart = i + 1;
        int[] field = knownKey(b, keyStart, to);
        int keyEnd;
        if (field != null) {
          keyEnd = knownKeyEnd;
        } else {
          keyEnd = stringEnd(b, keyStart, to);
          if (keyEnd < 0) {
            return record.malformed("unterminated string at column " + (i - from + 1));
          }
          field = field(b, keyStart, keyEnd);
        }
        i = keyEnd + 1;
        if (i >= to || b[i] != ':') {
          i = AccessParser.skipWhitespace(b, i, to);
          if (i >= to || b[i] != ':') {
            return record.malformed("expected ':' at column " + (i - from + 1));
          }
        }
        i = AccessParser.skipWhitespace(b, i + 1, to);
        if (i >= to) {
          return record.malformed("missing value at the end of the line");
        }
        int valueStart = i;
        int kind;
        byte c = b[i];
        if (c == '"') {
          int valueEnd = stringEnd(b, i + 1, to);
          if (valueEnd < 0) {
            return record.malformed("unterminated string at column " + (i - from + 1));
          }
          kind = escaped ? STRING_ESCAPED : STRING;
          valueStart = i + 1;
          i = valueEnd;
          if (field != null) {
            field[0] = valueStart;
            field[1] = valueEnd;
            field[2] = kind;
          }
          i++;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
          i = numberEnd(b, i, to);
          if (field != null) {
            field[0] = valueStart;
            field[1] = i;
            field[2] = NUMBER;
          }
        } else if (c == 't' || c == 'f' || c == 'n') {
          int length = c == 'f' ? 5 : 4;
          if (i + length > to || !literal(b, i, length)) {
            return record.malformed("bad literal at column " + (i - from + 1));
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
            return record.malformed(
                "unterminated nested value at column " + (valueStart - from + 1));
          }
          if (field != null) {
            field[0] = valueStart;
            field[1] = i;
            field[2] = NESTED; // where a column was expected: reported as the wrong kind
          }
        } else {
          return record.malformed(
              "unexpected '" + (char) (c & 0xff) + "' at column " + (i - from + 1));
        }
        i = AccessParser.skipWhitespace(b, i, to);
        if (i < to && b[i] == ',') {
          i = AccessParser.skipWhitespace(b, i + 1, to);
          continue;
        }
        if (i < to && b[i] == '}') {
          i++;
          break;
        }
        return record.malformed("expected ',' or '}' at column " + (i - from + 1));
      }
    }
    if (toNewline) {
      int after = i < to && b[i] == '\n' ? i : AccessParser.skipWhitespace(b, i, to);
      if (after >= to || b[after] != '\n') {
        return null;
      }
      lineEnd = after;
    } else if (AccessParser.skipWhitespace(b, i, to) != to) {
      return null; // text after the JSON object
    }
    if (type[2] != 0 && type[2] != NESTED && !(type[2] == STRING && equal(b, type[0], type[1], V_ACCESS))) {
      return AccessParser.Result.IGNORED;
    }
    // timestamp
    if (ts[2] == STRING || ts[2] == NUMBER) {
      AccessParser.Result bad = record.timestamp(b, ts[0], ts[1]);
      if (bad != null) {
        return bad;
      }
    } else if (ts[2] == 0) {
      return record.malformed("missing ts (or timestamp)");
    } else {
      return record.malformed(
          "timestamp must be RFC 3339 or epoch milliseconds but was " + shown(b, ts));
    }
    if (!jsonString(b, routeField, record.route) || record.route.length == 0) {
      return record.malformed(
          routeField[2] == 0
              ? "missing route"
              : routeField[2] == STRING && routeField[0] == routeField[1]
                  ? "route must be a non-empty string"
                  : "route must be a non-empty string but was " + shown(b, routeField));
    }
    if (!jsonString(b, methodField, record.method) || !AccessParser.letters(record.method)) {
      return record.malformed(
          methodField[2] == 0
              ? "missing method"
              : "method must be letters such as GET but was " + shown(b, methodField));
    }
    if (statusField[2] == 0) {
      return record.malformed("missing status");
    }
    record.status =
        statusField[2] == NUMBER || statusField[2] == STRING
            ? AccessParser.status(b, statusField[0], statusField[1])
            : -1;
    if (record.status < 0) {
      return record.malformed(
          "status must be an integer 100..599 but was " + shown(b, statusField));
    }
    if (durationField[2] == 0) {
      return record.malformed("missing duration_ms");
    }
    record.durationNanos =
        durationField[2] == NUMBER || durationField[2] == STRING
            ? AccessParser.durationNanos(b, durationField[0], durationField[1])
            : -1;
    if (record.durationNanos < 0) {
      return record.malformed(
          durationField[2] == NUMBER || durationField[2] == STRING
              ? AccessParser.durationProblem(b, durationField[0], durationField[1])
              : "duration_ms must be a number of milliseconds such as 12.5 but was "
                  + shown(b, durationField));
    }
    record.thrown =
        (errorField[2] == STRING || errorField[2] == STRING_ESCAPED)
            && errorField[1] > errorField[0];
    return AccessParser.Result.RECORD;
  }

  /** A field's value for a message: its text in double quotes, or "an object" / "an array". */
  private static String shown(byte[] b, int[] field) {
    if (field[2] == NESTED) {
      return b[field[0]] == '{' ? "an object" : "an array";
    }
    return AccessParser.quote(b, field[0], field[1]);
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

  /**
   * The field of the key whose text starts at {@code b[at]} when it is one of the columns spelled
   * plainly ({@code ts"}, {@code route"}...: the common case, matched a word at a time without
   * scanning for the closing quote), or {@link #unread} for sre4j's {@code service} and {@code
   * trace_id}, with {@link #knownKeyEnd} set to its closing quote; null otherwise, when {@link
   * #stringEnd} and {@link #field} decide as for any key.
   */
  private int @Nullable [] knownKey(byte[] b, int at, int to) {
    if (at + KNOWN_KEY_BYTES > to) {
      return null;
    }
    long w = ByteScan.longAt(b, at);
    switch ((int) w & 0xff) {
      case 't':
        if ((w & MASK_3) == W_TS) {
          return known(ts, at + 2);
        }
        if ((w & MASK_5) == W_TYPE) {
          return known(type, at + 4);
        }
        if (w == W_TRACE_ID && b[at + 8] == '"') {
          return known(unread, at + 8);
        }
        return w == W_TIMESTAM && b[at + 8] == 'p' && b[at + 9] == '"' ? known(ts, at + 9) : null;
      case 'r':
        return (w & MASK_6) == W_ROUTE ? known(routeField, at + 5) : null;
      case 'e':
        return (w & MASK_6) == W_ERROR ? known(errorField, at + 5) : null;
      case 'm':
        return (w & MASK_7) == W_METHOD ? known(methodField, at + 6) : null;
      case 's':
        if ((w & MASK_7) == W_STATUS) {
          return known(statusField, at + 6);
        }
        return w == W_SERVICE ? known(unread, at + 7) : null;
      case 'd':
        return w == W_DURATION && (ByteScan.longAt(b, at + 4) >>> 32) == W_MS
            ? known(durationField, at + 11)
            : null;
      default:
        return null;
    }
  }

  private int[] known(int[] field, int closingQuote) {
    knownKeyEnd = closingQuote;
    return field;
  }

  /** Decodes a JSON string field into {@code into}; false if it is absent or not a string. */
  private boolean jsonString(byte[] b, int[] field, AccessParser.Scratch into) {
    if (field[2] == STRING) {
      into.set(b, field[0], field[1]);
      return true;
    }
    if (field[2] == STRING_ESCAPED) {
      return unescape(b, field[0], field[1], into);
    }
    return false;
  }

  /**
   * Index of the closing quote of a string whose content starts at {@code from}, or -1; sets
   * {@link #escaped} to whether the string holds a backslash escape.
   */
  private int stringEnd(byte[] b, int from, int to) {
    escaped = false;
    for (int i = from; ; i += 2) {
      i = ByteScan.stringSpecial(b, i, to);
      if (i < 0) {
        return -1;
      }
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c != '\\') {
        return -1; // a raw control character: not JSON
      }
      escaped = true; // and the escaped byte is skipped
    }
  }

  private int skipNested(byte[] b, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '\n') {
        return -1; // a line ends inside (only scanToNewline sees past a line)
      }
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

  /** The end of the run of number characters (digits, sign, point, exponent) from {@code from}. */
  private static int numberEnd(byte[] b, int from, int to) {
    int i = from;
    while (i < to && isNumberChar(b[i])) {
      i++;
    }
    return i;
  }

  private static boolean isNumberChar(byte c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Decodes JSON escapes into UTF-8. */
  private static boolean unescape(byte[] b, int from, int to, AccessParser.Scratch into) {
    into.clear();
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

  /**
   * An ASCII text of 1 to 32 bytes compared a word at a time ({@link ByteScan#longAt}), without a
   * loop: the words are fields, the unused ones masked out.
   */
  private static final class Text {
    final int length;
    private final int span;
    private final long first;
    private final long second;
    private final long third;
    private final long fourth;
    private final long firstMask;
    private final long secondMask;
    private final long thirdMask;
    private final long fourthMask;

    Text(String ascii) {
      length = ascii.length();
      if (length < 1 || length > 4 * Long.BYTES) {
        throw new IllegalArgumentException("1 to 32 bytes but was " + length);
      }
      span = (length + 7) & -Long.BYTES;
      first = word(ascii, 0);
      second = word(ascii, 1);
      third = word(ascii, 2);
      fourth = word(ascii, 3);
      firstMask = mask(length, 0);
      secondMask = mask(length, 1);
      thirdMask = mask(length, 2);
      fourthMask = mask(length, 3);
    }

    private static long word(String ascii, int k) {
      int from = Math.min(ascii.length(), k * Long.BYTES);
      return ByteScan.word(ascii.substring(from, Math.min(ascii.length(), from + Long.BYTES)));
    }

    private static long mask(int length, int k) {
      int bytes = Math.min(Long.BYTES, length - k * Long.BYTES);
      return bytes <= 0 ? 0 : ByteScan.mask(bytes);
    }

    /** Whether {@code b[at..)} starts with this text, reading only below {@code limit}. */
    boolean at(byte[] b, int at, int limit) {
      if (at + span > limit) {
        return false;
      }
      long differ = (ByteScan.longAt(b, at) & firstMask) ^ first;
      if (span > Long.BYTES) {
        differ |= (ByteScan.longAt(b, at + 8) & secondMask) ^ second;
        if (span > 2 * Long.BYTES) {
          differ |= (ByteScan.longAt(b, at + 16) & thirdMask) ^ third;
          if (span > 3 * Long.BYTES) {
            differ |= (ByteScan.longAt(b, at + 24) & fourthMask) ^ fourth;
          }
        }
      }
      return differ == 0;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
