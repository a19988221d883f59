package io.sre4j.cli;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes in a {@code byte[]} eight at a time (SIMD within a register): a little-endian
 * {@code long} read of eight bytes, and the classic zero-byte test {@code (v - 0x01..) & ~v &
 * 0x80..}, whose lowest flagged byte is always a true match (a borrow only propagates upwards, to
 * later bytes). Replay's line splitting and JSON string scanning spend most of their time here.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> about one eighth of a byte loop's comparisons on
 * long runs; no allocation.
 */
final class ByteScan {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long NEWLINES = ONES * '\n';
  private static final long SPACES = ONES * 0x20;
  private static final long HIGH_NIBBLES = ONES * 0xF0;
  private static final long SIXES = ONES * 6;
  private static final long THREES = ONES * 0x33;

  private ByteScan() {}

  /**
   * The eight bytes at {@code b[at..at + 8)} as a little-endian {@code long}: the first byte in the
   * lowest eight bits.
   *
   * @throws IndexOutOfBoundsException if fewer than eight bytes follow {@code at}
   */
  static long longAt(byte[] b, int at) {
    return (long) LONGS.get(b, at);
  }

  /**
   * An ASCII text of at most eight characters as {@link #longAt} reads it, to compare with a
   * masked word.
   */
  static long word(String ascii) {
    if (ascii.length() > Long.BYTES) {
      throw new IllegalArgumentException("at most 8 characters but was " + ascii.length());
    }
    long word = 0;
    for (int k = ascii.length() - 1; k >= 0; k--) {
      word = word << 8 | (ascii.charAt(k) & 0xff);
    }
    return word;
  }

  /**
   * The mask of the lowest {@code bytes} bytes of a word: 0 for 0 bytes or fewer, every bit for 8
   * or more. Without a branch, so that a value's words can be masked whatever its length.
   */
  static long mask(int bytes) {
    int bits = Math.min(Math.max(bytes, 0), Long.BYTES) << 3; // 0..64
    return ((1L << (bits & 63)) - 1) | -(long) (bits >>> 6);
  }

  /** Index of the first {@code '\n'} in {@code b[from..to)}, or -1. */
  static int newline(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long found = zeroBytes((long) LONGS.get(b, i) ^ NEWLINES);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the first byte in {@code b[from..to)} that ends or interrupts a JSON string's plain
   * run: a double quote, a backslash or a control character (below 0x20); -1 if none.
   */
  static int stringSpecial(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long v = (long) LONGS.get(b, i);
      long found = zeroBytes(v ^ QUOTES) | zeroBytes(v ^ BACKSLASHES) | belowSpace(v);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first byte of {@code word} equal to {@code c}, 0..7; 8 if none is. */
  static int indexOf(long word, byte c) {
    return Long.numberOfTrailingZeros(zeroBytes(word ^ (ONES * (c & 0xff)))) >>> 3;
  }

  /**
   * Whether every byte of {@code word} is an ASCII digit: its high nibble is 3 and adding 6 to it
   * leaves the high nibble 3 (a byte of 0xFA or more carries into the next, but fails itself).
   */
  static boolean digits(long word) {
    long nibbles = (word & HIGH_NIBBLES) | ((word + SIXES) & HIGH_NIBBLES) >>> 4;
    return nibbles == THREES;
  }

  /**
   * The value of eight ASCII digits ({@link #digits}), the most significant in the lowest byte, as
   * {@link #longAt} reads text: 0..99,999,999. Pairs, then fours, then the eight are combined by
   * three multiplications (D. Lemire's method).
   */
  static long eightDigits(long word) {
    long v = (word & 0x0F0F_0F0F_0F0F_0F0FL) * 2561 >>> 8;
    v = (v & 0x00FF_00FF_00FF_00FFL) * 6553601 >>> 16;
    return (v & 0x0000_FFFF_0000_FFFFL) * 42949672960001L >>> 32;
  }

  /** The high bit of each byte that may be zero; the lowest one set is exact. */
  private static long zeroBytes(long v) {
    return (v - ONES) & ~v & HIGHS;
  }

  /** The high bit of each byte that may be below 0x20; the lowest one set is exact. */
  private static long belowSpace(long v) {
    return (v - SPACES) & ~v & HIGHS;
  }
}
