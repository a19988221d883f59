package io.sre4j.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a request to a mutating endpoint: a flat JSON object when the content type is
 * {@code application/json}, else the form or query parameters.
 *
 * <p>The JSON accepted is one object whose values are strings, numbers, booleans, {@code null} or
 * arrays of strings (joined with {@code ,}); nested objects, duplicate names and anything after the
 * object are rejected. Bodies over {@value #MAX_BODY_BYTES} bytes are rejected with 413, after the
 * rest of the body is read and dropped if it is at most {@value #MAX_DRAINED_BYTES} bytes (so the
 * client reads the 413), else without reading it.
 *
 * <p>Form parameters ({@code application/x-www-form-urlencoded} bodies and the query string) are
 * decoded here, not by the container, so that a bad one is a 400 naming its parameter rather than
 * a container exception: percent escapes must decode to UTF-8 ({@code version=%FF} and the encoded
 * surrogate {@code %ED%A0%80} are rejected). A JSON string with the escape of an unpaired
 * surrogate (such as U+D800) is rejected the same way. Only when the body was consumed before the
 * endpoints saw it (another filter read the parameters) are the container's parameters used, and a
 * failure of the container to decode them is a 400 too.
 *
 * <p><b>Thread safety:</b> one request's thread. <b>Cost:</b> reads and parses the body once.
 */
final class RequestBody {

  /** The largest JSON body read: {@value} bytes. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  /** The largest rejected body read to its end before the 413 (see {@link #drain}): {@value} bytes. */
  static final int MAX_DRAINED_BYTES = 1024 * 1024;

  private static final int MAX_MEMBERS = 64;

  /** A request the endpoints reject with 400 (or 413); the message is shown to the client. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private RequestBody() {}

  /**
   * @param request the request
   * @param names the parameter names the endpoint knows; others are rejected
   * @return the parameters given, by name
   * @throws BadRequest if the body is malformed, too large, or names an unknown parameter
   * @throws IOException if the body cannot be read
   */
  static Map<String, String> read(HttpServletRequest request, String... names)
      throws BadRequest, IOException {
    String contentType = request.getContentType();
    Map<String, String> out;
    if (contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      out = parseJson(readBody(request));
    } else {
      out = new LinkedHashMap<>();
      String query = request.getQueryString();
      if (query != null) {
        parseForm(query.getBytes(StandardCharsets.UTF_8), out);
      }
      if (contentType != null && contentType.toLowerCase(Locale.ROOT)
          .startsWith("application/x-www-form-urlencoded")) {
        byte[] body = readBytes(request);
        if (body.length > 0) {
          parseForm(body, out);
        } else if (request.getContentLengthLong() != 0) {
          out = containerParameters(request); // another filter consumed the body
        }
      }
    }
    for (String name : out.keySet()) {
      if (!java.util.List.of(names).contains(name)) {
        throw new BadRequest(400, "unknown parameter " + abbreviate(name) + "; expected "
            + String.join(", ", names));
      }
    }
    return out;
  }

  /** The parameters as the container decoded them; its failure to decode them is a 400. */
  private static Map<String, String> containerParameters(HttpServletRequest request)
      throws BadRequest {
    Map<String, String[]> parameters;
    try {
      parameters = request.getParameterMap();
    } catch (RuntimeException e) { // Jetty's BadMessageException, Tomcat's InvalidParameterException
      throw new BadRequest(400, "the form parameters must be UTF-8 text, percent-encoded");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
      String[] values = entry.getValue();
      if (values.length != 1) {
        throw new BadRequest(400, "parameter " + abbreviate(entry.getKey())
            + " must be given once");
      }
      out.put(entry.getKey(), values[0]);
    }
    return out;
  }

  /**
   * Decodes {@code application/x-www-form-urlencoded} text into {@code out}: {@code &}-separated
   * {@code name=value} pairs, {@code +} for a space, {@code %XX} escapes of UTF-8 bytes.
   *
   * @throws BadRequest naming the parameter, if a name or value is not UTF-8 once decoded, has a
   *     bad escape, or a name is given twice
   */
  static void parseForm(byte[] form, Map<String, String> out) throws BadRequest {
    int start = 0;
    while (start <= form.length) {
      int end = start;
      while (end < form.length && form[end] != '&') {
        end++;
      }
      if (end > start) {
        int equals = start;
        while (equals < end && form[equals] != '=') {
          equals++;
        }
        String name = decode(form, start, equals, null);
        String value = equals < end ? decode(form, equals + 1, end, name) : "";
        if (out.containsKey(name)) {
          throw new BadRequest(400, "parameter " + abbreviate(name) + " must be given once");
        }
        if (out.size() >= MAX_MEMBERS) {
          throw new BadRequest(400, "at most " + MAX_MEMBERS + " parameters");
        }
        out.put(name, value);
      }
      start = end + 1;
    }
  }

  /**
   * Decodes one percent-encoded name or value.
   *
   * @param name the parameter's name when decoding its value; null when decoding a name
   */
  private static String decode(byte[] form, int from, int to, @Nullable String name)
      throws BadRequest {
    byte[] bytes = new byte[to - from];
    int length = 0;
    for (int i = from; i < to; i++) {
      byte b = form[i];
      if (b == '+') {
        bytes[length++] = ' ';
      } else if (b == '%') {
        int high = i + 1 < to ? Character.digit(form[i + 1], 16) : -1;
        int low = i + 2 < to ? Character.digit(form[i + 2], 16) : -1;
        if (high < 0 || low < 0) {
          throw badForm(form, from, to, name, "a % followed by two hex digits");
        }
        bytes[length++] = (byte) (high * 16 + low);
        i += 2;
      } else {
        bytes[length++] = b;
      }
    }
    try {
      return strictUtf8(ByteBuffer.wrap(bytes, 0, length));
    } catch (CharacterCodingException e) {
      throw badForm(form, from, to, name, "UTF-8 text, percent-encoded");
    }
  }

  private static BadRequest badForm(byte[] form, int from, int to, @Nullable String name,
      String rule) {
    StringBuilder shown = new StringBuilder();
    for (int i = from; i < to && shown.length() <= 64; i++) {
      int b = form[i] & 0xff;
      if (b < 0x20 || b >= 0x7f) { // raw bytes are shown escaped: the message stays ASCII
        shown.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      } else {
        shown.append((char) b);
      }
    }
    return new BadRequest(400, (name == null ? "a parameter name" : "parameter " + abbreviate(name))
        + " must be " + rule + ", but was " + abbreviate(shown.toString()));
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "\u2026";
  }

  private static String readBody(HttpServletRequest request) throws BadRequest, IOException {
    try {
      return strictUtf8(ByteBuffer.wrap(readBytes(request)));
    } catch (CharacterCodingException e) {
      throw new BadRequest(400, "the body must be UTF-8");
    }
  }

  static byte[] readBytes(HttpServletRequest request) throws BadRequest, IOException {
    long declared = request.getContentLengthLong();
    try (InputStream in = request.getInputStream()) {
      if (declared > MAX_BODY_BYTES) {
        if (declared <= MAX_DRAINED_BYTES) {
          drain(in);
        }
        throw tooLarge();
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        drain(in);
        throw tooLarge();
      }
      return bytes;
    }
  }

  private static BadRequest tooLarge() {
    return new BadRequest(413, "the body must be at most " + MAX_BODY_BYTES + " bytes");
  }

  /**
   * Reads and drops what is left of a rejected body, up to {@value #MAX_DRAINED_BYTES} bytes: a
   * connection closed with request bytes unread is reset, and a client still sending then sees a
   * broken pipe instead of the 413. A larger body is left unread (the container closes the
   * connection), so a client cannot hold a request thread for long.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] dropped = new byte[8192];
    long left = MAX_DRAINED_BYTES;
    for (int n; left > 0 && (n = in.read(dropped, 0, (int) Math.min(dropped.length, left))) > 0; ) {
      left -= n;
    }
  }

  private static String strictUtf8(ByteBuffer bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(bytes)
        .toString();
  }

  /** @return the index of the first unpaired surrogate in {@code text}, or -1 */
  static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Parses one flat JSON object. */
  static Map<String, String> parseJson(String text) throws BadRequest {
    Parser parser = new Parser(text);
    Map<String, String> out = parser.object();
    parser.skipWhitespace();
    if (parser.pos != text.length()) {
      throw parser.bad("nothing after the object");
    }
    return out;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Map<String, String> object() throws BadRequest {
      skipWhitespace();
      expect('{');
      Map<String, String> out = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return out;
      }
      while (true) {
        skipWhitespace();
        String name = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        String value = value();
        if (unpairedSurrogate(name) >= 0) {
          throw new BadRequest(400, "a parameter name must be Unicode text, but has an unpaired"
              + " surrogate escape");
        }
        if (value != null && unpairedSurrogate(value) >= 0) {
          throw new BadRequest(400, "parameter " + abbreviate(name) + " must be Unicode text, but"
              + " has an unpaired surrogate escape \\u" + Integer.toHexString(
                  value.charAt(unpairedSurrogate(value))).toUpperCase(Locale.ROOT));
        }
        if (out.containsKey(name)) {
          throw bad("each name once, but " + name + " is repeated");
        }
        if (out.size() >= MAX_MEMBERS) {
          throw bad("at most " + MAX_MEMBERS + " members");
        }
        if (value != null) {
          out.put(name, value);
        }
        skipWhitespace();
        char c = next();
        if (c == '}') {
          return out;
        }
        if (c != ',') {
          throw bad("',' or '}'");
        }
      }
    }

    /** A member's value as text; null for JSON null. */
    private @Nullable String value() throws BadRequest {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '[') {
        pos++;
        StringBuilder joined = new StringBuilder();
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          return "";
        }
        while (true) {
          skipWhitespace();
          if (joined.length() > 0) {
            joined.append(',');
          }
          joined.append(string());
          skipWhitespace();
          char d = next();
          if (d == ']') {
            return joined.toString();
          }
          if (d != ',') {
            throw bad("',' or ']'");
          }
        }
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return "true";
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return "false";
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String number = s.substring(start, pos);
      try {
        Double.parseDouble(number);
      } catch (NumberFormatException e) {
        throw bad("a string, number, boolean, null or array of strings");
      }
      if (number.isEmpty() || !Character.isDigit(number.charAt(number.length() - 1))) {
        throw bad("a string, number, boolean, null or array of strings");
      }
      return number;
    }

    private String string() throws BadRequest {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw bad("a closing '\"'");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw bad("no raw control character in a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw bad("four hex digits after \\u");
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(s.charAt(pos++), 16);
              if (digit < 0) {
                throw bad("four hex digits after \\u");
              }
              code = code * 16 + digit;
            }
            out.append((char) code);
          }
          default -> throw bad("a valid escape");
        }
      }
    }

    void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private char peek() throws BadRequest {
      if (pos >= s.length()) {
        throw bad("more input");
      }
      return s.charAt(pos);
    }

    private char next() throws BadRequest {
      char c = peek();
      pos++;
      return c;
    }

    private void expect(char c) throws BadRequest {
      if (next() != c) {
        throw bad("'" + c + "'");
      }
    }

    BadRequest bad(String expected) {
      return new BadRequest(400, "the body must be a flat JSON object: expected " + expected
          + " at offset " + Math.min(pos, s.length()));
    }
  }
}
