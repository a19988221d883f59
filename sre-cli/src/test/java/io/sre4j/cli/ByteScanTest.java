package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time scans against a byte loop, on random bytes biased towards the ones they look
 * for and their neighbours (0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff), at every alignment and length.
 */
final class ByteScanTest {

  private static final byte[] TRICKY = {
    '"', '\\', '\n', 0x00, 0x01, 0x1f, 0x20, 0x21, '!', '#', '[', ']', 0x0b, 0x09, 0x7f,
    (byte) 0x80, (byte) 0xa2, (byte) 0xdc, (byte) 0xff, 'a', '0'
  };

  private static int newlineLoop(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int stringSpecialLoop(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsWhatAByteLoopFindsAtEveryAlignmentAndLength() {
    SplittableRandom random = new SplittableRandom(16);
    int checked = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(1, 40)];
      int density = random.nextInt(1, 30); // one special in `density` bytes, on average
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(density) == 0
            ? TRICKY[random.nextInt(TRICKY.length)]
            : (byte) random.nextInt(0x23, 0x5b); // plain printable, no quote or backslash
      }
      int from = random.nextInt(b.length + 1);
      int to = random.nextInt(from, b.length + 1);
      assertThat(ByteScan.newline(b, from, to)).as("newline %d..%d", from, to)
          .isEqualTo(newlineLoop(b, from, to));
      assertThat(ByteScan.stringSpecial(b, from, to)).as("stringSpecial %d..%d", from, to)
          .isEqualTo(stringSpecialLoop(b, from, to));
      checked++;
    }
    assertThat(checked).isEqualTo(20_000);
  }

  @Test
  void aSpecialByteAfterAnEarlierOneIsNeverReportedFirst() {
    // 0x00 makes the zero test borrow into the next byte: the byte after it must not win
    byte[] b = {'a', 'b', 0x00, 0x01, '"', 'c', 'd', 'e', 'f', 'g'};
    assertThat(ByteScan.stringSpecial(b, 0, b.length)).isEqualTo(2);
    byte[] quotes = {'a', 'b', 'c', '"' + 1, '"', '"', 'x', 'y', 'z'};
    assertThat(ByteScan.stringSpecial(quotes, 0, quotes.length)).isEqualTo(4);
    byte[] none = "abcdefghijklmnopqrstuvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(ByteScan.stringSpecial(none, 0, none.length)).isEqualTo(-1);
    assertThat(ByteScan.newline(none, 0, none.length)).isEqualTo(-1);
  }

  @Test
  void readsDigitsAndFindsBytesInAWordAsAByteLoopDoes() {
    SplittableRandom random = new SplittableRandom(17);
    byte[] near = {'0', '9', '/', ':', '.', ',', '}', 0x00, 0x0f, 0x3f, 0x40, (byte) 0xf9, (byte) 0xfa,
      (byte) 0xff, (byte) 0xb0};
    for (int round = 0; round < 100_000; round++) {
      byte[] b = new byte[8];
      for (int i = 0; i < 8; i++) {
        b[i] = random.nextInt(4) == 0 ? near[random.nextInt(near.length)] : (byte) ('0' + random.nextInt(10));
      }
      long word = ByteScan.longAt(b, 0);
      boolean digits = true;
      long value = 0;
      int point = 8;
      for (int i = 7; i >= 0; i--) {
        if (b[i] == '.') {
          point = i;
        }
      }
      for (byte c : b) {
        digits &= c >= '0' && c <= '9';
        value = value * 10 + (c - '0');
      }
      String text = java.util.Arrays.toString(b);
      assertThat(ByteScan.digits(word)).as(text).isEqualTo(digits);
      if (digits) {
        assertThat(ByteScan.eightDigits(word)).as(text).isEqualTo(value);
      }
      assertThat(ByteScan.indexOf(word, (byte) '.')).as(text).isEqualTo(point);
    }
    assertThat(ByteScan.eightDigits(ByteScan.word("99999999"))).isEqualTo(99_999_999L);
    assertThat(ByteScan.eightDigits(ByteScan.word("00000001"))).isEqualTo(1L);
  }

  @Test
  void readsWordsLittleEndianAsWordSpellsThem() {
    byte[] b = "xroute\"ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThat(ByteScan.longAt(b, 1) & ByteScan.mask(6)).isEqualTo(ByteScan.word("route\""));
    assertThat(ByteScan.longAt(b, 1)).isEqualTo(ByteScan.word("route\"ab"));
    assertThat(ByteScan.longAt(b, 0) & ByteScan.mask(6)).isNotEqualTo(ByteScan.word("route\""));
    assertThat(ByteScan.mask(8)).isEqualTo(-1L);
    assertThat(ByteScan.mask(1)).isEqualTo(0xffL);
    assertThat(ByteScan.mask(0)).isZero();
    assertThat(ByteScan.mask(-3)).isZero();
    assertThat(ByteScan.mask(12)).isEqualTo(-1L);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> ByteScan.word("duration_"))
        .withMessage("at most 8 characters but was 9");
  }
}
