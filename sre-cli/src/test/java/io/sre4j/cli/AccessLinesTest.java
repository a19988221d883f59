package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Parsing a JSON line up to its newline in one pass gives every line the result, fields and
 * message that finding its newline first and parsing it alone gives: on random mixes of good,
 * malformed, blank, CRLF and other-type lines, read in random small pieces so that lines straddle
 * the reader's refills.
 */
final class AccessLinesTest {

  private static final String GOOD =
      "{\"ts\":\"2026-11-27T03:18:%02d.%03dZ\",\"type\":\"access\",\"route\":\"/r/%d\","
          + "\"method\":\"GET\",\"status\":%d,\"duration_ms\":%d.5%s}";
  private static final String[] ODD = {
    "", "   ", "{}", "{", "}", "{\"ts\":1", "{\"a\":[1,", "{\"a\":{\"b\":[", "2]}}", "{\"ts\":\"x",
    "{\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1} tail",
    "{\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}   ",
    "{\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}\r",
    "{\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":999,\"duration_ms\":1}",
    "{\"ts\":\"3000-01-01T00:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
    "{\"ts\":\"2026-11-27T03:18:32Z\",\"type\":\"sli_report\"}",
    "{\"ts\":1,\"route\":\"/a\\u0041\",\"method\":\"get\",\"status\":\"200\",\"duration_ms\":\"1e2\"}",
    "{\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":-1}",
    "{\"ts\" : 1 , \"route\" : \"/a\" , \"method\" : \"GET\" , \"status\" : 200 , \"duration_ms\" : 1 }",
    "{\"nested\":{\"x\":\"}\\n{\"},\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
    "{\"ts\":true,\"route\":null,\"method\":false}",
    "\uFEFF{\"ts\":1}",
    // two lines that read as one object if a nested value could run past its line's end
    "{\"a\":[1,\n2],\"ts\":1,\"route\":\"/a\",\"method\":\"GET\",\"status\":200,\"duration_ms\":1}",
  };

  @Test
  void givesEveryLineWhatParsingItAloneGives() throws IOException {
    SplittableRandom random = new SplittableRandom(1609);
    int lines = 0;
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      int count = random.nextInt(1, 200);
      for (int i = 0; i < count; i++) {
        if (random.nextInt(4) == 0) {
          text.append(ODD[random.nextInt(ODD.length)]);
        } else {
          text.append(String.format(java.util.Locale.ROOT, GOOD, random.nextInt(60), random.nextInt(1000),
              random.nextInt(50), 200 + random.nextInt(4) * 100, random.nextInt(2000),
              random.nextBoolean() ? ",\"error\":\"E\"" : ""));
        }
        if (i + 1 < count || random.nextBoolean()) {
          text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      List<String> expected = read(new AccessLines(new ByteArrayInputStream(bytes), begun(), false));
      List<String> oneRead = read(new AccessLines(new ByteArrayInputStream(bytes), begun()));
      List<String> pieces = read(new AccessLines(new Trickle(bytes, random.split()), begun()));

      assertThat(oneRead).as(text.toString()).isEqualTo(expected);
      assertThat(pieces).as(text.toString()).isEqualTo(expected);
      lines += expected.size();
    }
    assertThat(lines).isGreaterThan(20_000);
  }

  private static AccessParser begun() {
    AccessParser parser = new AccessParser();
    parser.beginFile();
    return parser;
  }

  /** Each line as its number, result and fields or reason. */
  private static List<String> read(AccessLines lines) throws IOException {
    List<String> read = new ArrayList<>();
    AccessParser parser = lines.parser();
    for (AccessParser.Result result = lines.next(); result != null; result = lines.next()) {
      read.add(lines.lineNumber() + " " + result + " " + switch (result) {
        case RECORD -> parser.epochMillis() + " " + parser.method() + " " + parser.route() + " "
            + parser.status() + " " + parser.durationNanos() + " " + parser.thrown();
        case MALFORMED, OUT_OF_RANGE -> parser.reason();
        default -> "";
      });
    }
    return read;
  }

  /** Gives at most a few random bytes per read. */
  private static final class Trickle extends InputStream {
    private final byte[] bytes;
    private final SplittableRandom random;
    private int position;

    Trickle(byte[] bytes, SplittableRandom random) {
      this.bytes = bytes;
      this.random = random;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, random.nextInt(1, 300)), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
