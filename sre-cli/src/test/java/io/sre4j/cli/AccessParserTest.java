package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AccessParserTest {

  private static long timestamp(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Timestamps.parse(bytes, 0, bytes.length);
  }

  @Test
  void timestampsAgreeWithJavaTime() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(0, Timestamps.MAX_MILLIS - 86_400_000L);
      int offsetMinutes = random.nextInt(-18 * 60 + 1, 18 * 60) / 15 * 15;
      OffsetDateTime time =
          Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
      String text = time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
      assertThat(timestamp(text)).as(text).isEqualTo(millis);
      assertThat(timestamp(String.valueOf(millis))).isEqualTo(millis);
    }
  }

  @Test
  void theReaderAgreesWithParseLineAfterLine() {
    SplittableRandom random = new SplittableRandom(5);
    Timestamps.Reader reader = new Timestamps.Reader();
    long millis = Instant.parse("2026-11-27T03:18:32Z").toEpochMilli();
    String[] zones = {"Z", "z", "+01:00", "-05:30", "+1:00", "Q", ""};
    for (int i = 0; i < 50_000; i++) {
      millis += random.nextInt(3) == 0 ? random.nextLong(0, 7_200_000) : random.nextInt(900);
      String text =
          Instant.ofEpochMilli(millis).toString().substring(0, 19)
              + (random.nextBoolean() ? "." + random.nextInt(1000) : "")
              + zones[random.nextInt(zones.length)];
      if (random.nextInt(50) == 0) {
        text = text.substring(0, 17) + "6" + text.substring(18); // seconds 6x: bad from 60..69
      }
      if (random.nextInt(20) == 0) { // a byte of the seconds, fraction or zone next to a digit
        int at = random.nextInt(16, text.length());
        String near = "/:09.Z a";
        text = text.substring(0, at) + near.charAt(random.nextInt(near.length()))
            + text.substring(at + 1);
      }
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      assertThat(reader.parse(bytes, 0, bytes.length))
          .as(text)
          .isEqualTo(Timestamps.parse(bytes, 0, bytes.length));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-27T03:18:32Z, 2026-11-27T03:18:32Z",
    "2026-11-27t03:18:32.1z, 2026-11-27T03:18:32.100Z",
    "2026-11-27 03:18:32.123456789Z, 2026-11-27T03:18:32.123Z",
    "2026-11-27T04:18:32-00:00, 2026-11-27T04:18:32Z",
    "2026-11-27T00:00:00+05:45, 2026-11-26T18:15:00Z",
    "2024-02-29T12:00:00Z, 2024-02-29T12:00:00Z",
    "2016-12-31T23:59:60Z, 2016-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
  })
  void readsRfc3339(String text, String expected) {
    assertThat(Instant.ofEpochMilli(timestamp(text))).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2026-11-27",
        "2026-11-27T03:18:32",
        "2026-02-29T00:00:00Z",
        "2026-11-31T00:00:00Z",
        "2026-11-27T24:00:00Z",
        "2026-11-27T03:18:32.Z",
        "2026-11-27T03:18:32+1:00",
        "1969-12-31T23:59:59Z",
        "2026-11-27T03:18:32Z ",
        "12345678901234567",
        "10000-01-01T00:00:00Z",
        "2026/11/27T03:18:32Z"
      })
  void rejectsWhatIsNotATimestamp(String text) {
    assertThat(timestamp(text)).isEqualTo(Timestamps.INVALID);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "12, 12000000",
    "12.5, 12500000",
    "0.000001, 1",
    "1.0000019, 1000001",
    "1e3, 1000000000",
    "2.5E-3, 2500",
    "-1, -1",
    "1., -1",
    ".5, -1",
    "1x, -1",
    "'', -1",
    "99999999999, -1"
  })
  void readsDurationsInMilliseconds(String text, long nanos) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(AccessParser.durationNanos(bytes, 0, bytes.length)).isEqualTo(nanos);
  }

  @Test
  void decodesJsonEscapesIntoTheRoute() {
    AccessParser parser = new AccessParser();
    byte[] line =
        ("{\"ts\":\"2026-11-27T03:18:32Z\",\"route\":\"/a\\\"b\\\\c\\/d\\u00e9\\ud83d\\ude00\\ud800\","
             + "\"method\":\"GET\",\"status\":200,\"duration_ms\":1}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(line, 0, line.length)).isEqualTo(AccessParser.Result.RECORD);
    AccessParser.Scratch route = parser.route();
    assertThat(route.text())
        .isEqualTo("/a\"b\\c/d\u00e9\uD83D\uDE00\uFFFD");
  }

  @Test
  void skipsNestedValuesAndIgnoresOtherLineTypes() {
    AccessParser parser = new AccessParser();
    byte[] nested =
        ("{\"a\":{\"b\":[1,{\"c\":\"}]\"}]},\"ts\":1,\"route\":\"/r\",\"method\":\"PUT\","
                + "\"status\":204,\"duration_ms\":3,\"z\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] report = "{\"ts\":\"x\",\"type\":\"sli_report\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(nested, 0, nested.length)).isEqualTo(AccessParser.Result.RECORD);
    assertThat(parser.status()).isEqualTo(204);
    assertThat(parser.parse(report, 0, report.length)).isEqualTo(AccessParser.Result.IGNORED);
  }

  @Test
  void readsTheColumnsAmongKeysThatLookLikeThemInAnyOrderAndSpacing() {
    // the known keys are matched a word at a time: keys one byte longer or shorter, prefixes and
    // keys at the end of the line (fewer bytes left than the longest key) must read as before
    String[] lookalikes = {
      "t", "tsx", "types", "typ", "timestam", "timestampx", "duration", "duration_m",
      "duration_msx", "duration_ns", "statuses", "statu", "method_", "metho", "routes", "rout",
      "errors", "erro", "trace_id", "service", "ts\\u0073"
    };
    SplittableRandom random = new SplittableRandom(12);
    AccessParser parser = new AccessParser();
    for (int round = 0; round < 5_000; round++) {
      java.util.List<String> fields = new java.util.ArrayList<>(java.util.List.of(
          "\"ts\"" + colon(random) + "\"2026-11-27T03:18:32.125Z\"",
          "\"route\"" + colon(random) + "\"/r/" + round + "\"",
          "\"method\"" + colon(random) + "\"PATCH\"",
          "\"status\"" + colon(random) + "503",
          "\"duration_ms\"" + colon(random) + "12.5"));
      if (random.nextBoolean()) {
        fields.add("\"type\"" + colon(random) + "\"access\"");
      }
      boolean thrown = random.nextBoolean();
      if (thrown) {
        fields.add("\"error\"" + colon(random) + "\"java.io.IOException\"");
      }
      for (int k = random.nextInt(4); k > 0; k--) {
        String value = random.nextBoolean() ? "\"x\"" : random.nextBoolean() ? "7" : "{\"ts\":1}";
        fields.add("\"" + lookalikes[random.nextInt(lookalikes.length)] + "\"" + colon(random) + value);
      }
      java.util.Collections.shuffle(fields, new java.util.Random(round));
      String text = "{" + String.join(random.nextBoolean() ? "," : " , ", fields) + "}";
      byte[] line = text.getBytes(StandardCharsets.UTF_8);

      assertThat(parser.parse(line, 0, line.length)).as(text).isEqualTo(AccessParser.Result.RECORD);
      assertThat(Instant.ofEpochMilli(parser.epochMillis())).as(text)
          .isEqualTo(Instant.parse("2026-11-27T03:18:32.125Z"));
      assertThat(parser.route()).as(text).hasToString("/r/" + round);
      assertThat(parser.method()).as(text).hasToString("PATCH");
      assertThat(parser.status()).as(text).isEqualTo(503);
      assertThat(parser.durationNanos()).as(text).isEqualTo(12_500_000L);
      assertThat(parser.thrown()).as(text).isEqualTo(thrown);
    }
  }

  private static String colon(SplittableRandom random) {
    return random.nextInt(4) == 0 ? " : " : ":";
  }
}
