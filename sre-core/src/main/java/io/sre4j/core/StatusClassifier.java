package io.sre4j.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Sorts requests into good, bad and excluded by HTTP status, for the availability SLI (and to find
 * the failures a latency SLI leaves out).
 *
 * <p>The default calls every 5xx status and every thrown exception bad, and excludes nothing.
 * Statuses are written as single codes ({@code 429}) or classes ({@code 5xx}). An excluded request
 * (for example {@code 499}, the client went away) is neither good nor bad: it is not a valid event.
 *
 * <p><b>Thread safety:</b> immutable. <b>Cost:</b> compiled once into a 601-entry lookup table per
 * SLO; a request costs one array read.
 *
 * @param badStatuses statuses counted bad, as codes or classes
 * @param excludedStatuses statuses that are not valid events; excluded wins over bad
 * @since 0.1
 */
public record StatusClassifier(List<String> badStatuses, List<String> excludedStatuses) {

  /** The index of "the request threw" in {@link #table()}; statuses use 100..599. */
  static final int THREW = 600;

  static final byte EXCLUDED = 0;
  static final byte GOOD = 1;
  static final byte BAD = 2;

  private static final StatusClassifier DEFAULT = new StatusClassifier(List.of("5xx"), List.of());

  /** Validates the status lists. */
  public StatusClassifier {
    badStatuses = List.copyOf(Objects.requireNonNull(badStatuses, "badStatuses"));
    excludedStatuses = List.copyOf(Objects.requireNonNull(excludedStatuses, "excludedStatuses"));
    badStatuses.forEach(s -> parse("bad-statuses", s));
    excludedStatuses.forEach(s -> parse("excluded-statuses", s));
  }

  /**
   * 5xx and thrown are bad, nothing is excluded.
   *
   * @return the default classifier
   */
  public static StatusClassifier defaults() {
    return DEFAULT;
  }

  /**
   * A classifier from comma-separated lists, as written in configuration: {@code "5xx,429"}.
   *
   * @param badStatuses statuses counted bad
   * @param excludedStatuses statuses excluded; may be empty
   * @return the classifier
   */
  public static StatusClassifier of(String badStatuses, String excludedStatuses) {
    return new StatusClassifier(split(badStatuses), split(excludedStatuses));
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String part : Objects.requireNonNull(list, "list").split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** One byte per status 100..599 at its own index, plus {@link #THREW}. */
  byte[] table() {
    BitSet bad = bits(badStatuses);
    BitSet excluded = bits(excludedStatuses);
    byte[] table = new byte[THREW + 1];
    for (int status = 100; status <= 599; status++) {
      table[status] = excluded.get(status) ? EXCLUDED : bad.get(status) ? BAD : GOOD;
    }
    table[THREW] = BAD;
    return table;
  }

  private static BitSet bits(List<String> statuses) {
    BitSet bits = new BitSet(600);
    for (String status : statuses) {
      int[] range = parse("status", status);
      bits.set(range[0], range[1] + 1);
    }
    return bits;
  }

  private static int[] parse(String key, String status) {
    String s = status.trim().toLowerCase(Locale.ROOT);
    if (s.length() == 3 && s.endsWith("xx") && s.charAt(0) >= '1' && s.charAt(0) <= '5') {
      int base = (s.charAt(0) - '0') * 100;
      return new int[] {base, base + 99};
    }
    try {
      int code = Integer.parseInt(s);
      if (code >= 100 && code <= 599) {
        return new int[] {code, code};
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw ConfigValues.reject(key, "an HTTP status 100..599 or a class 1xx..5xx", status);
  }
}
