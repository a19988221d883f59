package io.sre4j.servlet;

import java.util.regex.Pattern;

/**
 * A configured route pattern such as {@code /api/orders/{id}} or {@code /static/**}, matched
 * against a request's path segment by segment: {@code {name}} and {@code *} match exactly one
 * non-empty segment, {@code **} matches any number of segments including none, and any other
 * segment matches itself exactly (case-sensitive). The pattern itself, as written, is the route.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> {@link #matches} walks the path once per pattern
 * segment (backtracking only at {@code **}) and allocates nothing.
 */
final class RouteTemplate {

  private static final byte LITERAL = 0;
  private static final byte ONE = 1;
  private static final byte ANY = 2;
  private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]{0,63}}");
  private static final Pattern LITERAL_SEGMENT = Pattern.compile("[^{}*\\s]{1,256}");
  private static final int MAX_SEGMENTS = 64;

  private final String pattern;
  private final String[] segments;
  private final byte[] kinds;

  private RouteTemplate(String pattern, String[] segments, byte[] kinds) {
    this.pattern = pattern;
    this.segments = segments;
    this.kinds = kinds;
  }

  /**
   * Parses and checks a pattern.
   *
   * @param key the configuration key, for messages
   * @param pattern the pattern, starting with {@code /}
   * @return the template
   * @throws IllegalArgumentException naming {@code key} and the pattern if it is malformed
   */
  static RouteTemplate parse(String key, String pattern) {
    if (pattern == null || !pattern.startsWith("/") || pattern.length() > 1024
        || (pattern.length() > 1 && pattern.endsWith("/"))) {
      throw bad(key, pattern);
    }
    String[] parts = pattern.length() == 1 ? new String[0] : pattern.substring(1).split("/", -1);
    if (parts.length > MAX_SEGMENTS) {
      throw bad(key, pattern);
    }
    byte[] kinds = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.equals("**")) {
        kinds[i] = ANY;
      } else if (part.equals("*") || VARIABLE.matcher(part).matches()) {
        kinds[i] = ONE;
      } else if (LITERAL_SEGMENT.matcher(part).matches()) {
        kinds[i] = LITERAL;
      } else {
        throw bad(key, pattern);
      }
    }
    return new RouteTemplate(pattern, parts, kinds);
  }

  private static IllegalArgumentException bad(String key, String pattern) {
    return ServletSettings.reject(key,
        "route patterns such as /api/orders/{id} or /static/** (segments of literal text, {name}, "
            + "* or **; no empty segment, no trailing /)",
        pattern == null ? "null" : pattern);
  }

  /** @return the pattern as written: the route */
  String route() {
    return pattern;
  }

  /**
   * @param path a context-relative, decoded path starting with {@code /}, such as the servlet
   *     path plus the path info
   * @return whether the pattern matches the whole path
   */
  boolean matches(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    return match(0, path, path.length() == 1 ? -1 : 1);
  }

  /**
   * Matches pattern segments from {@code p} against the path from the segment starting at {@code
   * start} ({@code -1} when no segment is left).
   */
  private boolean match(int p, String path, int start) {
    int at = start;
    for (int i = p; i < segments.length; i++) {
      if (kinds[i] == ANY) {
        if (i == segments.length - 1) {
          return true;
        }
        int from = at;
        while (true) {
          if (match(i + 1, path, from)) {
            return true;
          }
          if (from < 0) {
            return false;
          }
          from = next(path, from);
        }
      }
      if (at < 0) {
        return false;
      }
      int end = end(path, at);
      if (kinds[i] == ONE) {
        if (end == at) {
          return false;
        }
      } else {
        String literal = segments[i];
        if (end - at != literal.length() || !path.regionMatches(at, literal, 0, literal.length())) {
          return false;
        }
      }
      at = end < path.length() ? end + 1 : -1;
    }
    return at < 0;
  }

  private static int end(String path, int start) {
    int slash = path.indexOf('/', start);
    return slash < 0 ? path.length() : slash;
  }

  private static int next(String path, int start) {
    int slash = path.indexOf('/', start);
    return slash < 0 ? -1 : slash + 1;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
