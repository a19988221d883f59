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

  @Test
  void aTooLargeBodyIsReadToItsEndUpToTheDrainLimitThenRejected() {
    int large = 40_000; // over MAX_BODY_BYTES, under MAX_DRAINED_BYTES
    int huge = RequestBody.MAX_DRAINED_BYTES + 1_000_000;
    // declared length: read to the end (the client then reads the 413, not a reset); past the
    // drain limit: not read at all
    assertThat(bytesReadBefore413(large, large)).isEqualTo(large);
    assertThat(bytesReadBefore413(huge, huge)).isZero();
    // no declared length (chunked): read to the end, or up to the limit past what was kept
    assertThat(bytesReadBefore413(-1, large)).isEqualTo(large);
    assertThat(bytesReadBefore413(-1, huge))
        .isEqualTo(RequestBody.MAX_BODY_BYTES + 1 + RequestBody.MAX_DRAINED_BYTES);
  }

  /** Bytes of a {@code size}-byte body that {@link RequestBody#readBytes} read before its 413. */
  private static long bytesReadBefore413(long declared, int size) {
    int[] read = {0};
    jakarta.servlet.ServletInputStream body = new jakarta.servlet.ServletInputStream() {
      @Override
      public int read() {
        if (read[0] == size) {
          return -1;
        }
        read[0]++;
        return 'x';
      }

      @Override
      public boolean isFinished() {
        return read[0] == size;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(jakarta.servlet.ReadListener listener) {
        throw new UnsupportedOperationException();
      }
    };
    jakarta.servlet.http.HttpServletRequest request = (jakarta.servlet.http.HttpServletRequest)
        java.lang.reflect.Proxy.newProxyInstance(RequestBodyTest.class.getClassLoader(),
            new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "getContentLengthLong" -> declared;
              case "getInputStream" -> body;
              default -> throw new UnsupportedOperationException(method.getName());
            });
    assertThatThrownBy(() -> RequestBody.readBytes(request))
        .isInstanceOf(RequestBody.BadRequest.class)
        .hasMessage("the body must be at most 16384 bytes");
    return read[0];
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
