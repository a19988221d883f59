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
 * object are rejected. Bodies over {@value #MAX_BODY_BYTES} bytes are rejected without being read
 * further.
 *
 * <p><b>Thread safety:</b> one request's thread. <b>Cost:</b> reads and parses the body once.
 */
final class RequestBody {

  /** The largest JSON body read: {@value} bytes. */
  static final int MAX_BODY_BYTES = 16 * 1024;

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
      for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
        String[] values = entry.getValue();
        if (values.length != 1) {
          throw new BadRequest(400, "parameter " + entry.getKey() + " must be given once");
        }
        out.put(entry.getKey(), values[0]);
      }
    }
    for (String name : out.keySet()) {
      if (!java.util.List.of(names).contains(name)) {
        throw new BadRequest(400, "unknown parameter " + name + "; expected "
            + String.join(", ", names));
      }
    }
    return out;
  }

  private static String readBody(HttpServletRequest request) throws BadRequest, IOException {
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw new BadRequest(413, "the body must be at most " + MAX_BODY_BYTES + " bytes");
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BadRequest(413, "the body must be at most " + MAX_BODY_BYTES + " bytes");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest(400, "the body must be UTF-8");
    }
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
