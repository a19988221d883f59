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

  /**
   * sre4j's own lines, which one pass reads by their fixed layout, and every kind of damage to them
   * (a byte replaced, dropped or doubled anywhere): each gets what the general scan gives it.
   */
  @Test
  void readsOwnLinesAndTheirDamagedCopiesAsTheGeneralScanDoes() throws IOException {
    SplittableRandom random = new SplittableRandom(2711);
    String noise = "\"\\ \t,:{}[]0123456789-.eE+abcGETZz\u0001\u00e9";
    int own = 0;
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        StringBuilder line = new StringBuilder(ownLine(random));
        switch (random.nextInt(4)) {
          case 0 -> line.setCharAt(random.nextInt(line.length()),
              noise.charAt(random.nextInt(noise.length())));
          case 1 -> line.deleteCharAt(random.nextInt(line.length()));
          case 2 -> {
            int at = random.nextInt(line.length());
            line.insert(at, line.charAt(at));
          }
          default -> own++;
        }
        text.append(line).append('\n');
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      List<String> expected = read(new AccessLines(new ByteArrayInputStream(bytes), begun(), false));
      List<String> oneRead = read(new AccessLines(new ByteArrayInputStream(bytes), begun()));

      assertThat(oneRead).as(text.toString()).isEqualTo(expected);
    }
    assertThat(own).isGreaterThan(4_000);
  }

  /** A line as sre4j's logger writes it, with random values. */
  private static String ownLine(SplittableRandom random) {
    String[] routes = {"/api/orders/{id}", "/", "/a\\\"b", "/caf\u00e9", "/x/y/z/0123456789"};
    String[] methods = {"GET", "post", "DELETE", "PATCH", "G"};
    String[] durations = {"0", "12", "12.5", "0.000001", "1.0000019", "14.712495", "99999.999999",
        ".123456", "-1.000000", "1.2345678", "12345.123456"};
    return String.format(java.util.Locale.ROOT,
        "{\"ts\":\"2026-11-%02dT%02d:%02d:%02d.%03dZ\",\"type\":\"access\",\"service\":\"%s\","
            + "\"route\":\"%s\",\"method\":\"%s\",\"status\":%d,\"duration_ms\":%s%s%s}",
        1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
        random.nextInt(1000), random.nextBoolean() ? "shop" : "s\\\"p",
        routes[random.nextInt(routes.length)], methods[random.nextInt(methods.length)],
        100 + random.nextInt(500),
        random.nextBoolean() ? durations[random.nextInt(durations.length)] : duration(random),
        random.nextBoolean() ? ",\"trace_id\":\"cdf6c4e563d8e22d55b871711a2012f4\"" : "",
        random.nextInt(4) == 0 ? ",\"error\":\"" + (random.nextBoolean() ? "E" : "") + "\"" : "");
  }

  /** A duration near the logger's shape: 1 to 6 digits, a point, 5 to 7 decimals, or an exponent. */
  private static String duration(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    int whole = random.nextInt(1, 7);
    for (int i = 0; i < whole; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    text.append('.');
    int decimals = random.nextInt(8) == 0 ? random.nextInt(5, 8) : 6;
    for (int i = 0; i < decimals; i++) {
      text.append((char) ('0' + random.nextInt(10)));
    }
    return random.nextInt(20) == 0 ? text + "e1" : text.toString();
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
