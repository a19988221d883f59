package io.sre4j.core.log;

import io.sre4j.core.log.LogSink.FieldVisitor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Writes JSON objects, one a line, as UTF-8 bytes into one growing, reused buffer: several lines
 * accumulate until {@link #writeTo} hands them to a stream and {@link #reset()} starts over.
 *
 * <p><b>Output rules.</b>
 *
 * <ul>
 *   <li>Strings (RFC 8259): {@code "} and {@code \} are escaped; control characters below U+0020
 *       become {@code \n \r \t \b \f} or {@code \}{@code u00XX}; DEL and the C1 controls
 *       (U+007F..U+009F, so also NEL) and U+2028/U+2029 are written as {@code \}{@code uXXXX} so
 *       that no tool sees a line break inside a line; a lone surrogate becomes U+FFFD; everything
 *       else is written as UTF-8. So every line is valid UTF-8 and has no raw line break. Strings
 *       are not cut here: {@link StructuredLog} cuts them before (see {@link Truncated}).
 *   <li>Decimals are plain (never an exponent, which Athena and some parsers mishandle), with at
 *       most 15 significant digits after the point and trailing zeros removed, always with a
 *       point: {@code 0.999}, {@code 12.5}, {@code 3.0}. Magnitudes under 1e-15 print as
 *       {@code 0.0}. NaN and infinities are written as {@code null} (sre4j never produces them).
 *   <li>Milliseconds from nanoseconds are exact: {@code 12.345678}.
 *   <li>Timestamps: RFC 3339 UTC with milliseconds, {@code 2026-11-27T03:18:32.123Z}, clamped to
 *       years 1970..9999.
 * </ul>
 *
 * <p>Member names are written once each by construction: the callers ({@link Line} and the sinks)
 * visit each name once per line.
 *
 * <p><b>Member names</b> are constants, so a long-lived writer (a sink's) may {@linkplain
 * #JsonLineWriter(int, boolean) remember} each name's encoded bytes, {@code "name":}, by identity
 * in a small open-addressing table (linear probing, at most {@value #NAME_PROBES} slots, never
 * evicted): a name is then escaped once and copied a word at a time after that. A name that does
 * not fit a slot, or finds no free slot, is escaped as before; the bytes written are the same
 * either way.
 *
 * <p><b>Thread safety:</b> not thread-safe; one writer thread owns it.
 *
 * <p><b>Cost:</b> no allocation once the buffer has grown to the largest batch, except for
 * decimals of magnitude 9.2e18 or more (a {@link BigDecimal}; no sre4j field gets there). The name
 * table, when asked for, is {@value #NAME_SLOTS} slots of {@value #NAME_SLOT_BYTES} bytes (about
 * 18 KiB), made once.
 */
final class JsonLineWriter implements FieldVisitor {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
  private static final long[] POW10 = new long[19];
  private static final int DECIMAL_DIGITS = 15;
  private static final long MAX_TIMESTAMP = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

  /** "00" to "99": the two digits of {@code n} at {@code 2n}. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    for (int n = 0; n < 100; n++) {
      DIGIT_PAIRS[2 * n] = (byte) ('0' + n / 10);
      DIGIT_PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
    }
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  static final int NAME_SLOTS = 256; // a power of two; sre4j's lines have about 80 names in all
  static final int NAME_PROBES = 4;
  static final int NAME_SLOT_BYTES = 64; // a multiple of 8: a name's bytes are copied as words

  private byte[] buf;
  private int len;
  private boolean first;
  /** Per slot, the name whose encoded bytes the slot holds; null for none. Null: no table. */
  private final String @Nullable [] names;
  /** Per slot, {@value #NAME_SLOT_BYTES} bytes: {@code "name":} as written. */
  private final byte[] nameBytes;
  private final int[] nameLengths;

  /** A writer that escapes every member name as it writes it: for short-lived writers. */
  JsonLineWriter(int initialCapacity) {
    this(initialCapacity, false);
  }

  /**
   * @param initialCapacity the buffer's first size in bytes
   * @param rememberNames whether to keep each member name's encoded bytes (see the class comment):
   *     for a writer that formats many lines
   */
  JsonLineWriter(int initialCapacity, boolean rememberNames) {
    this.buf = new byte[Math.max(64, initialCapacity)];
    this.names = rememberNames ? new String[NAME_SLOTS] : null;
    this.nameBytes = rememberNames ? new byte[NAME_SLOTS * NAME_SLOT_BYTES] : new byte[0];
    this.nameLengths = rememberNames ? new int[NAME_SLOTS] : new int[0];
  }

  // ---- lines ----

  /** Starts an object. */
  void beginObject() {
    ensure(1);
    buf[len++] = '{';
    first = true;
  }

  /** Ends the object and the line. */
  void endLine() {
    ensure(2);
    buf[len++] = '}';
    buf[len++] = '\n';
  }

  /** @return bytes buffered */
  int length() {
    return len;
  }

  /** Drops everything after {@code length}, such as a line that failed half-way. */
  void truncate(int length) {
    len = Math.min(len, Math.max(0, length));
  }

  /** Forgets the buffered bytes, keeping the buffer. */
  void reset() {
    len = 0;
  }

  /** Writes the buffered bytes to {@code out} (not flushing it). */
  void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }

  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  // ---- members ----

  /** Starts a member: comma if needed, then the quoted name and a colon. */
  void name(String name) {
    ensure(1 + NAME_SLOT_BYTES);
    if (first) {
      first = false;
    } else {
      buf[len++] = ',';
    }
    String[] known = names;
    if (known == null) {
      quotedName(name);
      return;
    }
    int home = System.identityHashCode(name);
    int free = -1;
    for (int probe = 0; probe < NAME_PROBES; probe++) { // linear probing: no two names evict each other
      int slot = (home + probe) & (NAME_SLOTS - 1);
      String kept = known[slot];
      if (kept == name) {
        int at = slot * NAME_SLOT_BYTES;
        int n = nameLengths[slot];
        byte[] b = buf; // ensured: a whole slot fits after len
        for (int k = 0; k < n; k += Long.BYTES) {
          LONGS.set(b, len + k, (long) LONGS.get(nameBytes, at + k));
        }
        len += n;
        return;
      }
      if (kept == null) {
        free = slot;
        break;
      }
    }
    int start = len;
    quotedName(name);
    int n = len - start;
    if (free >= 0 && n <= NAME_SLOT_BYTES) {
      System.arraycopy(buf, start, nameBytes, free * NAME_SLOT_BYTES, n);
      nameLengths[free] = n;
      known[free] = name;
    }
  }

  private void quotedName(String name) {
    quoted(name);
    ensure(1);
    buf[len++] = ':';
  }

  /** Appends pre-encoded JSON as is (for the EMF block). */
  void raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, buf, len, json.length);
    len += json.length;
  }

  /** Appends a quoted, escaped JSON string with no member name (for the EMF block). */
  void rawString(CharSequence value) {
    quoted(value);
  }

  /** Appends a JSON integer with no member name. */
  void rawLong(long value) {
    writeLong(value);
  }

  @Override
  public void string(String name, CharSequence value) {
    name(name);
    quoted(value);
  }

  @Override
  public void integer(String name, long value) {
    name(name);
    writeLong(value);
  }

  @Override
  public void decimal(String name, double value) {
    name(name);
    writeDouble(value);
  }

  @Override
  public void millis(String name, long nanos) {
    name(name);
    writeMillis(nanos);
  }

  @Override
  public void timestamp(String name, long epochMillis) {
    name(name);
    ensure(26);
    buf[len++] = '"';
    len = writeTimestamp(epochMillis, buf, len);
    buf[len++] = '"';
  }

  @Override
  public void bool(String name, boolean value) {
    name(name);
    raw(value ? TRUE : FALSE);
  }

  // ---- strings ----

  private void quoted(CharSequence s) {
    int n = s.length();
    ensure(n * 6 + 2); // worst case: every char as a six-byte escape
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
          b[p++] = (byte) c;
        } else {
          p = escape(b, p, c);
        }
      } else if (c < 0x800) {
        if (c <= 0x9f) {
          p = escape(b, p, c);
        } else {
          b[p++] = (byte) (0xc0 | (c >> 6));
          b[p++] = (byte) (0x80 | (c & 0x3f));
        }
      } else if (Character.isSurrogate(c)) {
        char low;
        if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(low = s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, low);
          b[p++] = (byte) (0xf0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
          b[p++] = (byte) (0x80 | (cp & 0x3f));
          i++;
        } else { // a lone surrogate: U+FFFD
          b[p++] = (byte) 0xef;
          b[p++] = (byte) 0xbf;
          b[p++] = (byte) 0xbd;
        }
      } else if (c == '\u2028' || c == '\u2029') {
        p = escape(b, p, c);
      } else {
        b[p++] = (byte) (0xe0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[p++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    b[p++] = '"';
    len = p;
  }

  private static int escape(byte[] b, int p, char c) {
    b[p++] = '\\';
    switch (c) {
      case '"' -> b[p++] = '"';
      case '\\' -> b[p++] = '\\';
      case '\n' -> b[p++] = 'n';
      case '\r' -> b[p++] = 'r';
      case '\t' -> b[p++] = 't';
      case '\b' -> b[p++] = 'b';
      case '\f' -> b[p++] = 'f';
      default -> {
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xf];
        b[p++] = HEX[(c >> 8) & 0xf];
        b[p++] = HEX[(c >> 4) & 0xf];
        b[p++] = HEX[c & 0xf];
      }
    }
    return p;
  }

  // ---- numbers ----

  private void writeLong(long value) {
    ensure(20);
    if (value == Long.MIN_VALUE) {
      raw(MIN_LONG);
      return;
    }
    if (value < 0) {
      buf[len++] = '-';
      value = -value;
    }
    writeDigits(value, digits(value));
  }

  /** Writes {@code value >= 0} as exactly {@code width} digits, zero-padded on the left. */
  /** Writes the lowest {@code width} decimal digits of {@code value} (not negative), two at a time. */
  private void writeDigits(long value, int width) {
    byte[] b = buf;
    int p = len + width;
    for (; p - len >= 2; value /= 100) {
      int pair = (int) (value % 100) << 1;
      b[--p] = DIGIT_PAIRS[pair + 1];
      b[--p] = DIGIT_PAIRS[pair];
    }
    if (p > len) {
      b[--p] = (byte) ('0' + value % 10);
    }
    len += width;
  }

  private static int digits(long value) {
    int d = 1;
    while (d < 19 && value >= POW10[d]) {
      d++;
    }
    return d;
  }

  private void writeMillis(long nanos) {
    ensure(28);
    long whole = nanos / 1_000_000;
    long frac = Math.abs(nanos % 1_000_000);
    if (nanos < 0) {
      buf[len++] = '-';
      whole = -whole;
    }
    writeDigits(whole, digits(whole));
    writeFraction(frac, 6);
  }

  /** Writes {@code .} and {@code frac} as {@code width} digits, trailing zeros dropped (one kept). */
  private void writeFraction(long frac, int width) {
    buf[len++] = '.';
    if (frac == 0) {
      buf[len++] = '0';
      return;
    }
    while (frac % 10 == 0) {
      frac /= 10;
      width--;
    }
    writeDigits(frac, width);
  }

  private void writeDouble(double value) {
    if (!Double.isFinite(value)) {
      raw(NULL);
      return;
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 9.0e18) {
      raw(new BigDecimal(value).toPlainString().getBytes(StandardCharsets.US_ASCII));
      return;
    }
    ensure(40);
    long whole = (long) magnitude;
    int wholeDigits = whole == 0 ? 0 : digits(whole);
    int decimals = Math.max(1, DECIMAL_DIGITS - wholeDigits);
    long scale = POW10[decimals];
    long frac = Math.round((magnitude - whole) * scale);
    if (frac >= scale) {
      whole++;
      frac -= scale;
    }
    if (value < 0 && (whole != 0 || frac != 0)) {
      buf[len++] = '-';
    }
    writeDigits(whole, digits(whole));
    writeFraction(frac, decimals);
  }

  // ---- timestamps ----

  /**
   * Writes {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (24 ASCII bytes) at {@code p}.
   *
   * @return the index after the last byte written
   */
  static int writeTimestamp(long epochMillis, byte[] b, int p) {
    long millis = Math.min(Math.max(epochMillis, 0L), MAX_TIMESTAMP);
    long days = millis / 86_400_000L;
    int msOfDay = (int) (millis % 86_400_000L);
    // civil from days (H. Hinnant), valid for the clamped range
    long z = days + 719_468;
    long era = z / 146_097;
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    p = two(b, two(b, p, year / 100), year % 100);
    b[p++] = '-';
    p = two(b, p, month);
    b[p++] = '-';
    p = two(b, p, day);
    b[p++] = 'T';
    p = two(b, p, msOfDay / 3_600_000);
    b[p++] = ':';
    p = two(b, p, (msOfDay / 60_000) % 60);
    b[p++] = ':';
    p = two(b, p, (msOfDay / 1000) % 60);
    b[p++] = '.';
    int ms = msOfDay % 1000;
    b[p++] = (byte) ('0' + ms / 100);
    p = two(b, p, ms % 100);
    b[p++] = 'Z';
    return p;
  }

  private static int two(byte[] b, int p, int value) {
    b[p++] = (byte) ('0' + value / 10);
    b[p++] = (byte) ('0' + value % 10);
    return p;
  }

  /** @return the RFC 3339 form of {@code epochMillis}; allocates (for the SLF4J sink) */
  static String formatTimestamp(long epochMillis) {
    byte[] b = new byte[24];
    writeTimestamp(epochMillis, b, 0);
    return new String(b, StandardCharsets.US_ASCII);
  }

  // ---- nested values, for documents such as StatusDocument ----

  /** Starts a member whose value is an object; end it with {@link #endObject()}. */
  void beginObject(String name) {
    name(name);
    ensure(1);
    buf[len++] = '{';
    first = true;
  }

  /** Starts a member whose value is an array; end it with {@link #endArray()}. */
  void beginArray(String name) {
    name(name);
    ensure(1);
    buf[len++] = '[';
    first = true;
  }

  /** Starts an object that is an element of the array being written. */
  void beginElementObject() {
    elementSeparator();
    ensure(1);
    buf[len++] = '{';
    first = true;
  }

  /** Writes a string that is an element of the array being written. */
  void stringElement(CharSequence value) {
    elementSeparator();
    quoted(value);
  }

  /** Ends a nested object (not the line's: that is {@link #endLine()}). */
  void endObject() {
    ensure(1);
    buf[len++] = '}';
    first = false;
  }

  /** Ends an array. */
  void endArray() {
    ensure(1);
    buf[len++] = ']';
    first = false;
  }

  private void elementSeparator() {
    if (first) {
      first = false;
    } else {
      ensure(1);
      buf[len++] = ',';
    }
  }

  // ---- buffer ----

  private void ensure(int more) {
    int needed = len + more;
    if (needed > buf.length) {
      int grown = Math.max(needed, buf.length * 2);
      buf = Arrays.copyOf(buf, grown);
    }
  }
}
