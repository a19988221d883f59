package io.sre4j.micrometer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A minimal JSON reader for the answers of Prometheus' HTTP API, and the string quoting of the
 * JSON the gate prints.
 *
 * <p>{@link #parse} reads one JSON text (RFC 8259) into plain values: {@link Map} (insertion
 * order) for objects, {@link List} for arrays, {@link String}, {@link Double} for numbers, {@link
 * Boolean}, and {@link #NULL} for {@code null}. Prometheus writes sample values as strings ({@code
 * "0.25"}, {@code "NaN"}, {@code "+Inf"}), read by {@link #sampleValue}.
 *
 * <p>Why not the access-log parser: {@code AccessParser} reads flat access lines in place without
 * allocating; a Prometheus answer is a small nested document. Why not Jackson: the runnable jar
 * stays free of a JSON library for three small documents per decision.
 *
 * <p><b>Thread safety:</b> stateless; safe. <b>Cost:</b> one pass, one object per value; nesting is
 * limited to {@value #MAX_DEPTH} levels.
 */
final class PromJson {

  /** JSON's {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** The deepest nesting read; Prometheus' answers nest 5 levels. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int at;

  private PromJson(String text) {
    this.text = text;
  }

  /** Not JSON, with what and where. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads one JSON text.
   *
   * @param text the document; leading and trailing whitespace allowed
   * @return its value
   * @throws Malformed if {@code text} is not one JSON value, such as {@code not JSON: expected ','
   *     or '}' at offset 12}
   */
  static Object parse(String text) throws Malformed {
    PromJson reader = new PromJson(text);
    reader.skipWhitespace();
    Object value = reader.value(0);
    reader.skipWhitespace();
    if (reader.at != text.length()) {
      throw reader.malformed("end of text");
    }
    return value;
  }

  /**
   * Reads a sample value as Prometheus writes it: a decimal string, {@code NaN}, {@code +Inf} or
   * {@code -Inf}.
   *
   * @param value the value as parsed
   * @return the number
   * @throws Malformed if it is not such a string
   */
  static double sampleValue(Object value) throws Malformed {
    if (value instanceof String s) {
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            // fall through to the message
          }
      }
    }
    throw new Malformed("a sample value must be a number in a string but was " + show(value));
  }

  /** {@code text} as a JSON string, quotes included. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    quote(out, text);
    return out.toString();
  }

  /** Appends {@code text} as a JSON string, quotes included. */
  static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A short rendering of a parsed value, for messages. */
  static String show(@Nullable Object value) {
    String shown =
        value instanceof String s ? quote(s) : value instanceof Map ? "an object" : value == null
            ? "nothing" : value instanceof List ? "an array" : String.valueOf(value);
    return shown.length() > 60 ? shown.substring(0, 57) + "..." : shown;
  }

  private Object value(int depth) throws Malformed {
    if (depth >= MAX_DEPTH) {
      throw new Malformed("not JSON: nested deeper than " + MAX_DEPTH + " levels at offset " + at);
    }
    if (at >= text.length()) {
      throw malformed("a value");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw malformed("a value");
    }
  }

  private Map<String, Object> object(int depth) throws Malformed {
    at++; // {
    Map<String, Object> out = new LinkedHashMap<>();
    skipWhitespace();
    if (peek('}')) {
      at++;
      return out;
    }
    while (true) {
      skipWhitespace();
      if (!peek('"')) {
        throw malformed("a member name");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      out.put(name, value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else if (peek('}')) {
        at++;
        return out;
      } else {
        throw malformed("',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws Malformed {
    at++; // [
    List<Object> out = new ArrayList<>();
    skipWhitespace();
    if (peek(']')) {
      at++;
      return Collections.unmodifiableList(out);
    }
    while (true) {
      skipWhitespace();
      out.add(value(depth + 1));
      skipWhitespace();
      if (peek(',')) {
        at++;
      } else if (peek(']')) {
        at++;
        return Collections.unmodifiableList(out);
      } else {
        throw malformed("',' or ']'");
      }
    }
  }

  private String string() throws Malformed {
    at++; // "
    StringBuilder out = new StringBuilder();
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        at--;
        throw malformed("no control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        break;
      }
      char escaped = text.charAt(at++);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw malformed("4 hex digits");
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0) {
              at += i;
              throw malformed("a hex digit");
            }
            code = code * 16 + digit;
          }
          at += 4;
          out.append((char) code);
        }
        default -> {
          at--;
          throw malformed("an escape such as \\n or \\u00e9");
        }
      }
    }
    throw malformed("the end of the string");
  }

  private Double number() throws Malformed {
    int start = at;
    if (peek('-')) {
      at++;
    }
    if (peek('0')) {
      at++; // no leading zeros: 01 is 0 followed by 1
    } else if (!digits()) {
      throw malformed("a digit");
    }
    if (peek('.')) {
      at++;
      if (!digits()) {
        throw malformed("a digit");
      }
    }
    if (peek('e') || peek('E')) {
      at++;
      if (peek('+') || peek('-')) {
        at++;
      }
      if (!digits()) {
        throw malformed("a digit");
      }
    }
    return Double.valueOf(text.substring(start, at));
  }

  private boolean digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at > start;
  }

  private Object literal(String word, Object value) throws Malformed {
    if (!text.startsWith(word, at)) {
      throw malformed("a value");
    }
    at += word.length();
    return value;
  }

  private void expect(char c) throws Malformed {
    if (!peek(c)) {
      throw malformed("'" + c + "'");
    }
    at++;
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void skipWhitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private Malformed malformed(String expected) {
    return new Malformed(
        "not JSON: expected "
            + expected
            + (at >= text.length() ? " at the end (offset " + at + ")" : " at offset " + at));
  }
}
