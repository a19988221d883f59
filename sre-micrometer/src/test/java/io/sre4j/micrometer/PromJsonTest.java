package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class PromJsonTest {

  @Test
  void readsAPrometheusVectorAnswer() throws PromJson.Malformed {
    Object parsed =
        PromJson.parse(
            " {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                + "{\"slo\":\"a\\u00e9\\\"\\\\\\/\\n\"},\"value\":[1764559200.123,\"-1.5e-3\"]}],"
                + "\"x\":[true,false,null,-0,12.5E+2,{}]}}\n");

    assertThat(parsed)
        .isEqualTo(
            Map.of(
                "status",
                "success",
                "data",
                Map.of(
                    "resultType",
                    "vector",
                    "result",
                    List.of(
                        Map.of(
                            "metric",
                            Map.of("slo", "aé\"\\/\n"),
                            "value",
                            List.of(1764559200.123, "-1.5e-3"))),
                    "x",
                    List.of(true, false, PromJson.NULL, -0.0, 1250.0, Map.of()))));
  }

  @Test
  void readsSampleValuesAsPrometheusWritesThem() throws PromJson.Malformed {
    assertThat(PromJson.sampleValue("0.25")).isEqualTo(0.25);
    assertThat(PromJson.sampleValue("NaN")).isNaN();
    assertThat(PromJson.sampleValue("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(PromJson.sampleValue("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> PromJson.sampleValue(0.25))
        .isInstanceOf(PromJson.Malformed.class)
        .hasMessage("a sample value must be a number in a string but was 0.25");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                | not JSON: expected a value at the end (offset 0)",
        "{\"a\":1,}         | not JSON: expected a member name at offset 7",
        "{\"a\" 1}          | not JSON: expected ':' at offset 5",
        "[1 2]             | not JSON: expected ',' or ']' at offset 3",
        "\"abc             | not JSON: expected the end of the string at the end (offset 4)",
        "\"a\\x\"           | not JSON: expected an escape such as \\n or \\u00e9 at offset 3",
        "\"\\u12g4\"        | not JSON: expected a hex digit at offset 5",
        "01x               | not JSON: expected end of text at offset 1",
        "-                 | not JSON: expected a digit at the end (offset 1)",
        "1.                | not JSON: expected a digit at the end (offset 2)",
        "tru               | not JSON: expected a value at offset 0",
        "{} {}             | not JSON: expected end of text at offset 3",
      })
  void rejectsWhatIsNotJsonSayingWhereAndWhat(String text, String message) {
    assertThatThrownBy(() -> PromJson.parse(text.strip()))
        .isInstanceOf(PromJson.Malformed.class)
        .hasMessage(message.strip());
  }

  @Test
  void rejectsDeepNesting() {
    assertThatThrownBy(() -> PromJson.parse("[".repeat(100)))
        .isInstanceOf(PromJson.Malformed.class)
        .hasMessage("not JSON: nested deeper than 64 levels at offset 64");
  }

  @Test
  void quotesStringsForJson() {
    assertThat(PromJson.quote("a\"b\\c\nd\te\u0001\u2028"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\\u2028\"");
  }
}
