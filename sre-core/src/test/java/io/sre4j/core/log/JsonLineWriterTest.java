package io.sre4j.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class JsonLineWriterTest {

  private static String line(java.util.function.Consumer<JsonLineWriter> fields) {
    JsonLineWriter json = new JsonLineWriter(16);
    json.beginObject();
    fields.accept(json);
    json.endLine();
    return json.toString();
  }

  private static String stringValue(String value) {
    String line = line(json -> json.string("v", value));
    return line.substring("{\"v\":".length(), line.length() - "}\n".length());
  }

  @Test
  void aWriterThatRemembersNamesWritesTheSameBytesAsOneThatEscapesEachTime() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3 * JsonLineWriter.NAME_SLOTS; i++) { // more names than slots: collisions
      int length = 1 + random.nextInt(i % 3 == 0 ? 90 : 20); // some longer than a slot
      StringBuilder name = new StringBuilder();
      for (int k = 0; k < length; k++) {
        int kind = random.nextInt(10);
        name.append(kind == 0 ? '"' : kind == 1 ? '\\' : kind == 2 ? '\n' : kind == 3 ? '\u00e9'
            : kind == 4 ? '\u2028' : (char) ('a' + random.nextInt(26)));
      }
      names.add(name.append('_').append(i).toString());
    }
    names.add("latency_p99_ms");
    names.add(new String("latency_p99_ms")); // equal text, another object: remembered apart
    JsonLineWriter remembering = new JsonLineWriter(16, true);
    JsonLineWriter escaping = new JsonLineWriter(16);
    for (int line = 0; line < 200; line++) {
      List<String> order = new ArrayList<>(names);
      java.util.Collections.shuffle(order, new java.util.Random(line));
      for (JsonLineWriter json : List.of(remembering, escaping)) {
        json.reset();
        json.beginObject();
        for (int i = 0; i < 40; i++) {
          json.integer(order.get(i), i);
        }
        json.endLine();
      }
      assertThat(remembering.toString()).isEqualTo(escaping.toString());
    }
  }

  @Test
  void escapesQuotesBackslashesAndEveryControlCharacter() {
    assertThat(stringValue("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
    assertThat(stringValue("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
    for (char c = 0; c < 0x20; c++) {
      assertThat(stringValue(String.valueOf(c))).as("U+%04X", (int) c).matches("\"\\\\[nrtbfu][0-9a-f]{0,4}\"");
    }
    assertThat(stringValue("\u0000\u001f")).isEqualTo("\"\\u0000\\u001f\"");
  }

  @Test
  void escapesLineSeparatorsDelAndC1Controls() {
    assertThat(stringValue("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(stringValue("\u007f\u0085\u009f")).isEqualTo("\"\\u007f\\u0085\\u009f\"");
    assertThat(stringValue("\u00a0é")).isEqualTo("\"\u00a0é\"");
  }

  @Test
  void writesPairsAsUtf8AndReplacesLoneSurrogates() {
    String emoji = "\uD83D\uDE00";
    assertThat(stringValue(emoji)).isEqualTo("\"" + emoji + "\"");
    assertThat(stringValue("a\uD83Db")).isEqualTo("\"a\uFFFDb\"");
    assertThat(stringValue("a\uDE00b")).isEqualTo("\"a\uFFFDb\"");
    assertThat(stringValue("\uDE00\uD83D")).isEqualTo("\"\uFFFD\uFFFD\"");
    assertThat(stringValue("end\uD83D")).isEqualTo("\"end\uFFFD\"");
    byte[] bytes = line(json -> json.string("v", "x\uD83Dy" + emoji)).getBytes(StandardCharsets.UTF_8);
    assertThat(TestLines.utf8(bytes)).contains("\uFFFD");
  }

  @ParameterizedTest
  @CsvSource({
    "0.999, 0.999",
    "1.0, 1.0",
    "0.0, 0.0",
    "-0.0, 0.0",
    "-0.5, -0.5",
    "12.5, 12.5",
    "3, 3.0",
    "1e-16, 0.0",
    "2.5e-7, 0.00000025",
    "0.9999999999, 0.9999999999",
    "0.1, 0.1",
    "123456789.123, 123456789.123",
    "1e17, 100000000000000000.0",
    "1e20, 100000000000000000000",
    "-1.25e3, -1250.0",
    "NaN, null",
    "Infinity, null",
    "-Infinity, null",
  })
  void writesDecimalsPlainAndNonFiniteAsNull(double value, String expected) {
    assertThat(line(json -> json.decimal("v", value))).isEqualTo("{\"v\":" + expected + "}\n");
  }

  @Test
  void randomDecimalsParseBackCloselyAndNeverUseAnExponent() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      double value = switch (i % 4) {
        case 0 -> random.nextDouble();
        case 1 -> 1.0 - random.nextDouble() * 1e-6;
        case 2 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 18));
        default -> Double.longBitsToDouble(random.nextLong());
      };
      String text = line(json -> json.decimal("v", value));
      assertThat(text).doesNotContainPattern("[eE]");
      JsonNode node = TestLines.parse(text).get("v");
      if (!Double.isFinite(value)) {
        assertThat(node.isNull()).isTrue();
      } else {
        assertThat(node.isNumber()).as(text).isTrue();
        double back = node.asDouble();
        assertThat(back).as(text).isCloseTo(value, within(Math.max(1e-15, Math.abs(value) * 1e-14)));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "12345678, 12.345678",
    "0, 0.0",
    "1000000, 1.0",
    "1500, 0.0015",
    "-1500000, -1.5",
    "3600000000000, 3600000.0",
    "9223372036854775807, 9223372036854.775807",
  })
  void writesMillisecondsExactlyFromNanoseconds(long nanos, String expected) {
    assertThat(line(json -> json.millis("v", nanos))).isEqualTo("{\"v\":" + expected + "}\n");
  }

  @Test
  void writesIntegersIncludingExtremes() {
    assertThat(line(json -> {
      json.integer("a", 0);
      json.integer("b", -42);
      json.integer("c", Long.MAX_VALUE);
      json.integer("d", Long.MIN_VALUE);
      json.bool("e", true);
    })).isEqualTo("{\"a\":0,\"b\":-42,\"c\":9223372036854775807,\"d\":-9223372036854775808,\"e\":true}\n");
  }

  @Test
  void writesRandomIntegersAndMillisecondsDigitForDigit() {
    SplittableRandom random = new SplittableRandom(29);
    for (int round = 0; round < 20_000; round++) {
      long value = random.nextLong() >> random.nextInt(64); // every magnitude, both signs
      assertThat(line(json -> json.integer("v", value))).isEqualTo("{\"v\":" + value + "}\n");
      long nanos = Math.abs(value);
      String millis = new java.math.BigDecimal(nanos).movePointLeft(6).stripTrailingZeros()
          .toPlainString();
      assertThat(line(json -> json.millis("v", nanos)))
          .isEqualTo("{\"v\":" + (millis.contains(".") ? millis : millis + ".0") + "}\n");
    }
  }

  @Test
  void formatsTimestampsAsRfc3339UtcMillisecondsLikeJavaTime() {
    DateTimeFormatter reference =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    SplittableRandom random = new SplittableRandom(7);
    long[] fixed = {0, 951_782_400_000L /* 2000-02-29 */, 4_107_542_400_000L /* 2100-03-01 */,
        1_795_749_512_123L, 253_402_300_799_999L};
    for (long millis : fixed) {
      assertThat(JsonLineWriter.formatTimestamp(millis)).isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
    }
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong(0, 253_402_300_800_000L);
      assertThat(JsonLineWriter.formatTimestamp(millis)).isEqualTo(reference.format(Instant.ofEpochMilli(millis)));
    }
    assertThat(JsonLineWriter.formatTimestamp(-1)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(JsonLineWriter.formatTimestamp(Long.MAX_VALUE)).isEqualTo("9999-12-31T23:59:59.999Z");
    assertThat(line(json -> json.timestamp("ts", 1_795_749_512_123L)))
        .isEqualTo("{\"ts\":\"" + reference.format(Instant.ofEpochMilli(1_795_749_512_123L)) + "\"}\n");
  }

  @Test
  void cutsLongStringsToTheLimitWithAMarkNeverSplittingAPair() {
    assertThat(Truncated.cut("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Truncated.cut("abcdefg", 6)).isEqualTo("abcde\u2026").hasSize(6);
    assertThat(Truncated.cut("abcd\uD83D\uDE00xyz", 6)).isEqualTo("abcd\u2026");
    assertThat(Truncated.cut("abc\uD83D\uDE00xyz", 6)).isEqualTo("abc\uD83D\uDE00\u2026");
    Truncated view = new Truncated(16);
    String long1 = "x".repeat(100);
    CharSequence cut = view.of(long1);
    assertThat(cut.length()).isEqualTo(16);
    assertThat(cut.charAt(15)).isEqualTo('\u2026');
    assertThat(view.of("short")).isSameAs("short");
  }

  @Test
  void keepsLinesInOneBufferUntilReset() {
    JsonLineWriter json = new JsonLineWriter(4);
    for (int i = 0; i < 1000; i++) {
      json.beginObject();
      json.integer("i", i);
      json.endLine();
    }
    assertThat(json.toString().split("\n")).hasSize(1000);
    json.reset();
    assertThat(json.length()).isZero();
  }
}
