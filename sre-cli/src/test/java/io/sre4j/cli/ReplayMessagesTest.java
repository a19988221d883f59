package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A malformed line's message says what was wrong with which value, quoted (issue 14, bug 9): a
 * duration too large is not "negative", a status of the wrong kind is not "missing".
 */
final class ReplayMessagesTest {

  private static String reason(String line) {
    AccessParser parser = new AccessParser();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(AccessParser.Result.MALFORMED);
    return parser.reason();
  }

  private static String json(String status, String duration) {
    return "{\"ts\":\"2026-11-01T10:00:00Z\",\"route\":\"/a\",\"method\":\"GET\",\"status\":"
        + status + ",\"duration_ms\":" + duration + "}";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1e20     | duration_ms must be under 100000000000 (about 3 years) but was \"1e20\"",
        "123456789012 | duration_ms must be under 100000000000 (about 3 years) but was \"123456789012\"",
        "-1       | duration_ms must not be negative but was \"-1\"",
        "-2.5e3   | duration_ms must not be negative but was \"-2.5e3\"",
        "\"abc\"  | duration_ms must be a number of milliseconds such as 12.5 but was \"abc\"",
        "\"1.\"   | duration_ms must be a number of milliseconds such as 12.5 but was \"1.\"",
        "true     | duration_ms must be a number of milliseconds such as 12.5 but was \"true\"",
        "null     | duration_ms must be a number of milliseconds such as 12.5 but was \"null\"",
        "[1]      | duration_ms must be a number of milliseconds such as 12.5 but was an array",
      })
  void badDurationsSayWhatIsWrong(String duration, String message) {
    assertThat(reason(json("200", duration))).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"abc\"  | status must be an integer 100..599 but was \"abc\"",
        "true     | status must be an integer 100..599 but was \"true\"",
        "null     | status must be an integer 100..599 but was \"null\"",
        "{\"a\":1} | status must be an integer 100..599 but was an object",
        "200.0    | status must be an integer 100..599 but was \"200.0\"",
        "99       | status must be an integer 100..599 but was \"99\"",
      })
  void badStatusesSayWhatIsWrong(String status, String message) {
    assertThat(reason(json(status, "1"))).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ts,route,method,status,duration_ms | 1761991200000,/a,GET,200,1e20"
            + " | duration_ms must be under 100000000000 (about 3 years) but was \"1e20\"",
        "ts,route,method,status,duration_ms | 1761991200000,/a,GET,ok,1"
            + " | status must be an integer 100..599 but was \"ok\"",
        "ts,route,method,status,duration_ms | 2026-11-01T10:00:00,/a,GET,200,1"
            + " | timestamp must be RFC 3339 or epoch milliseconds but was \"2026-11-01T10:00:00\"",
      })
  void csvRowsSayTheSame(String header, String row, String message) {
    AccessParser parser = new AccessParser();
    byte[] head = header.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(head, 0, head.length)).isEqualTo(AccessParser.Result.IGNORED);
    assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(AccessParser.Result.MALFORMED);
    assertThat(parser.reason()).isEqualTo(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3000-01-01T00:00:00Z",
        "2200-01-01T00:00:00Z",
        "2199-12-31T23:00:00-01:00",
        "7258118400000",
      })
  void timesAfter2199AreOutOfRange(String ts) {
    AccessParser parser = new AccessParser();
    String quoted = ts.chars().allMatch(Character::isDigit) ? ts : "\"" + ts + "\"";
    byte[] bytes =
        ("{\"ts\":" + quoted + ",\"route\":\"/a\",\"method\":\"GET\",\"status\":200,"
                + "\"duration_ms\":1}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(parser.parse(bytes, 0, bytes.length)).isEqualTo(AccessParser.Result.OUT_OF_RANGE);
    assertThat(parser.reason())
        .isEqualTo(
            "timestamp must be from 1970-01-01T00:00:00Z to 2199-12-31T23:59:59.999Z but was \""
                + ts + "\"");
  }
}
