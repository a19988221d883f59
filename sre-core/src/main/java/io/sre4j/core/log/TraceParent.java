package io.sre4j.core.log;

import org.jspecify.annotations.Nullable;

/**
 * Reads the trace id of a W3C {@code traceparent} header value,
 * {@code <version>-<trace-id>-<parent-id>-<flags>} such as
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}: two lowercase hex digits of
 * version (not {@code ff}), 32 of trace id (not all zero), 16 of parent id (not all zero), 2 of
 * flags; version {@code 00} is exactly 55 chars, a later version may go on after a {@code -}.
 * Anything else is invalid and gives no trace id.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> one pass over at most 55 chars; no allocation
 * (the id is returned as two longs).
 */
final class TraceParent {

  private static final int LENGTH = 55;

  private TraceParent() {}

  /** @return whether {@code header} is a valid {@code traceparent} value */
  static boolean valid(@Nullable CharSequence header) {
    if (header == null || header.length() < LENGTH) {
      return false;
    }
    if (header.charAt(2) != '-' || header.charAt(35) != '-' || header.charAt(52) != '-') {
      return false;
    }
    if (!hex(header, 0, 2) || !hex(header, 3, 35) || !hex(header, 36, 52) || !hex(header, 53, 55)) {
      return false;
    }
    boolean version00 = header.charAt(0) == '0' && header.charAt(1) == '0';
    if (header.charAt(0) == 'f' && header.charAt(1) == 'f') {
      return false;
    }
    if (version00 ? header.length() != LENGTH : header.length() > LENGTH && header.charAt(LENGTH) != '-') {
      return false;
    }
    return (traceHigh(header) | traceLow(header)) != 0 && parse(header, 36, 52) != 0;
  }

  /** @return the high 64 bits of the trace id of a {@link #valid} header */
  static long traceHigh(CharSequence header) {
    return parse(header, 3, 19);
  }

  /** @return the low 64 bits of the trace id of a {@link #valid} header */
  static long traceLow(CharSequence header) {
    return parse(header, 19, 35);
  }

  /** Appends the 32 lowercase hex digits of a trace id. */
  static void appendHex(long high, long low, StringBuilder out) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((int) (high >>> shift) & 0xf, 16));
    }
    for (int shift = 60; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((int) (low >>> shift) & 0xf, 16));
    }
  }

  private static boolean hex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static long parse(CharSequence s, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      value = (value << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return value;
  }
}
