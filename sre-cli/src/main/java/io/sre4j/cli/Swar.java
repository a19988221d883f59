package io.sre4j.cli;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte scans eight bytes at a time ("SIMD within a register"): each method skips the whole words
 * of 8 bytes that hold none of the bytes looked for and returns where a byte-by-byte scan should
 * go on. A word that might hold one stops the skip (the tests may flag a word that does not,
 * never miss one that does), so the caller's own loop decides.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> a few arithmetic operations per 8 bytes.
 */
final class Swar {

  private static final VarHandle WORD =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Swar() {}

  /**
   * @return the index, from {@code from}, of the first word of {@code b[from..to)} that may hold
   *     a quote, a backslash or a control character (below 0x20), or of the bytes after the last
   *     whole word
   */
  static int skipPlain(byte[] b, int from, int to) {
    int i = from;
    while (i + 8 <= to) {
      long w = (long) WORD.get(b, i);
      if ((zero(w ^ 0x2222222222222222L) | zero(w ^ 0x5C5C5C5C5C5C5C5CL) | below(w, 0x20)) != 0) {
        break;
      }
      i += 8;
    }
    return i;
  }

  /**
   * @return the index, from {@code from}, of the first word of {@code b[from..to)} that may hold
   *     {@code c}, or of the bytes after the last whole word
   */
  static int skipNot(byte[] b, int from, int to, byte c) {
    long pattern = (c & 0xffL) * ONES;
    int i = from;
    while (i + 8 <= to) {
      if (zero((long) WORD.get(b, i) ^ pattern) != 0) {
        break;
      }
      i += 8;
    }
    return i;
  }

  /** Non-zero if a byte of {@code w} is zero. */
  private static long zero(long w) {
    return (w - ONES) & ~w & HIGHS;
  }

  /** Non-zero if a byte of {@code w} is below {@code n} (1..128), read unsigned. */
  private static long below(long w, int n) {
    return (w - ONES * n) & ~w & HIGHS;
  }
}
