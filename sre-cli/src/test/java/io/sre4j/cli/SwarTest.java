package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time skips never pass a byte they look for, and skip every word without one. */
final class SwarTest {

  private static final byte[] ALPHABET = {
    'a', 'Z', '0', ' ', '"', '\\', '\n', 0x1f, 0x20, 0x21, 0x7f, (byte) 0x80, (byte) 0xa2,
    (byte) 0xdc, (byte) 0xff, 0
  };

  private static boolean plain(byte c) {
    return c != '"' && c != '\\' && (c < 0 || c >= 0x20);
  }

  @Test
  void skipsExactlyTheWordsWithoutTheBytesLookedFor() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(0, 40)];
      int rare = random.nextInt(1, 30); // from dense to sparse special bytes
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(rare) == 0
            ? ALPHABET[random.nextInt(ALPHABET.length)]
            : (byte) (random.nextBoolean() ? 'x' : 0xc3);
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length);
      int to = random.nextInt(from, b.length + 1);

      int plainEnd = from;
      while (plainEnd < to && plain(b[plainEnd])) {
        plainEnd++;
      }
      int skipped = Swar.skipPlain(b, from, to);
      assertThat(skipped).isBetween(from, plainEnd);
      assertThat((skipped - from) % 8).isZero();
      assertThat(skipped + 8 > plainEnd || skipped + 8 > to).isTrue();

      int newline = from;
      while (newline < to && b[newline] != '\n') {
        newline++;
      }
      int next = Swar.skipNot(b, from, to, (byte) '\n');
      assertThat(next).isBetween(from, newline);
      assertThat((next - from) % 8).isZero();
      assertThat(next + 8 > newline || next + 8 > to).isTrue();
    }
  }
}
