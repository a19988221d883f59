package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class RequestBodyTest {

  @Test
  void parsesAFlatObject() throws Exception {
    Map<String, String> parsed = RequestBody.parseJson(
        " {\"version\" : \"v1\\u00e9\\n\", \"n\": -1.5e3, \"b\": true, \"x\": null,"
            + " \"slos\": [\"a\", \"b\"], \"empty\": []} ");
    assertThat(parsed).containsExactly(
        Map.entry("version", "v1\u00e9\n"), Map.entry("n", "-1.5e3"), Map.entry("b", "true"),
        Map.entry("slos", "a,b"), Map.entry("empty", ""));
    assertThat(RequestBody.parseJson("{}")).isEmpty();
  }

  @Test
  void decodesFormParametersStrictly() throws Exception {
    Map<String, String> parsed = new java.util.LinkedHashMap<>();
    RequestBody.parseForm("a=1+2&b=&c&&d=%C3%A9%e2%82%ac".getBytes(StandardCharsets.UTF_8), parsed);
    assertThat(parsed).containsExactly(Map.entry("a", "1 2"), Map.entry("b", ""),
        Map.entry("c", ""), Map.entry("d", "\u00e9\u20ac"));
    assertThatThrownBy(() -> RequestBody.parseForm(new byte[] {'v', '=', (byte) 0xff},
            new java.util.HashMap<>()))
        .isInstanceOf(RequestBody.BadRequest.class)
        .hasMessage("parameter v must be UTF-8 text, percent-encoded, but was %FF");
    assertThatThrownBy(() -> RequestBody.parseForm("v=%zz".getBytes(StandardCharsets.UTF_8),
            new java.util.HashMap<>()))
        .hasMessage("parameter v must be a % followed by two hex digits, but was %zz");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "}", "[]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
      "{\"a\":1}x", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":\"b\",\"a\":\"c\"}", "{'a':1}",
      "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":tru}", "{\"a\":-}", "{\"a\":\"\u0001\"}",
      "{\"a\":1.}", "{a:1}"})
  void rejectsAnythingElse(String body) {
    assertThatThrownBy(() -> RequestBody.parseJson(body))
        .isInstanceOf(RequestBody.BadRequest.class)
        .hasMessageStartingWith("the body must be a flat JSON object");
  }
}
