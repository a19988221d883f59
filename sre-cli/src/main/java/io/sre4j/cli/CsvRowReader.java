package io.sre4j.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads CSV access rows: the header row names the columns (any order, other columns ignored), then
 * each row is split on commas, with RFC 4180 quoting ({@code ""} inside quotes), and its values
 * are decoded into the {@link AccessRecord}.
 *
 * <p><b>Thread safety:</b> none; one parser's. <b>Cost:</b> one pass to split a row into reused
 * field arrays, then one copy per value read; no allocation per row on the common path.
 */
final class CsvRowReader {

  static final List<String> CSV_COLUMNS =
      List.of("timestamp", "route", "method", "status", "duration_ms");

  private final AccessRecord record;
  private final AccessParser.Scratch scratch = new AccessParser.Scratch(64);
  private int csvTimestamp;
  private int csvRoute;
  private int csvMethod;
  private int csvStatus;
  private int csvDuration;
  private int csvError;
  private int csvColumns;
  private int[] fieldStart = new int[16];
  private int[] fieldEnd = new int[16];
  private boolean[] fieldQuoted = new boolean[16];

  CsvRowReader(AccessRecord record) {
    this.record = record;
  }

  /**
   * Reads the header row, whose first byte is {@code b[from]}.
   *
   * @return whether it names every required column; if not, the record's reason says why
   */
  boolean header(byte[] b, int from, int to) {
    int count = splitCsv(b, from, to);
    csvTimestamp = -1;
    csvRoute = -1;
    csvMethod = -1;
    csvStatus = -1;
    csvDuration = -1;
    csvError = -1;
    List<String> names = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      String name =
          new String(b, fieldStart[k], fieldEnd[k] - fieldStart[k], StandardCharsets.UTF_8)
              .strip()
              .toLowerCase(Locale.ROOT);
      names.add(name);
      switch (name) {
        case "timestamp", "ts" -> csvTimestamp = k;
        case "route" -> csvRoute = k;
        case "method" -> csvMethod = k;
        case "status" -> csvStatus = k;
        case "duration_ms" -> csvDuration = k;
        case "error" -> csvError = k;
        default -> {} // other columns are ignored
      }
    }
    if (count < 0
        || csvTimestamp < 0
        || csvRoute < 0
        || csvMethod < 0
        || csvStatus < 0
        || csvDuration < 0) {
      record.malformed(
          "not a JSON object, nor a CSV header naming the columns "
              + String.join(", ", CSV_COLUMNS)
              + " (it was: "
              + AccessParser.abbreviate(String.join(",", names))
              + ")");
      return false;
    }
    csvColumns = count;
    return true;
  }

  /** Reads one row after the header, whose first non-blank byte is {@code b[from]}. */
  AccessParser.Result row(byte[] b, int from, int to) {
    int count = splitCsv(b, from, to);
    if (count < 0) {
      return record.malformed("unterminated quoted CSV field");
    }
    if (count != csvColumns) {
      return record.malformed("expected " + csvColumns + " CSV fields but found " + count);
    }
    if (!csvValue(b, csvTimestamp, scratch)) {
      return record.malformed("bad quoting in the timestamp field");
    }
    AccessParser.Result bad = record.timestamp(scratch.bytes, scratch.offset, scratch.end());
    if (bad != null) {
      return bad;
    }
    if (!csvValue(b, csvRoute, record.route) || record.route.length == 0) {
      return record.malformed("route must not be empty");
    }
    if (!csvValue(b, csvMethod, record.method) || !AccessParser.letters(record.method)) {
      return record.malformed(
          "method must be letters such as GET but was " + record.method.quoted());
    }
    if (!csvValue(b, csvStatus, scratch)) {
      return record.malformed("bad quoting in the status field");
    }
    record.status = AccessParser.status(scratch.bytes, scratch.offset, scratch.end());
    if (record.status < 0) {
      return record.malformed("status must be an integer 100..599 but was " + scratch.quoted());
    }
    if (!csvValue(b, csvDuration, scratch)) {
      return record.malformed("bad quoting in the duration_ms field");
    }
    record.durationNanos =
        AccessParser.durationNanos(scratch.bytes, scratch.offset, scratch.end());
    if (record.durationNanos < 0) {
      return record.malformed(
          AccessParser.durationProblem(scratch.bytes, scratch.offset, scratch.end()));
    }
    record.thrown = csvError >= 0 && csvValue(b, csvError, scratch) && scratch.length > 0;
    return AccessParser.Result.RECORD;
  }

  /** Splits a CSV row into {@link #fieldStart}/{@link #fieldEnd}; -1 on an unterminated quote. */
  private int splitCsv(byte[] b, int from, int to) {
    int count = 0;
    int i = from;
    for (; ; ) {
      if (count == fieldStart.length) {
        fieldStart = java.util.Arrays.copyOf(fieldStart, count * 2);
        fieldEnd = java.util.Arrays.copyOf(fieldEnd, count * 2);
        fieldQuoted = java.util.Arrays.copyOf(fieldQuoted, count * 2);
      }
      int s = i;
      while (s < to && (b[s] == ' ' || b[s] == '\t')) {
        s++;
      }
      if (s < to && b[s] == '"') {
        int j = s + 1;
        for (; ; ) {
          if (j >= to) {
            return -1;
          }
          if (b[j] == '"') {
            if (j + 1 < to && b[j + 1] == '"') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        fieldStart[count] = s + 1;
        fieldEnd[count] = j;
        fieldQuoted[count] = true;
        i = j + 1;
        while (i < to && b[i] != ',') {
          i++;
        }
      } else {
        int j = i;
        while (j < to && b[j] != ',') {
          j++;
        }
        fieldStart[count] = i;
        fieldEnd[count] = j;
        fieldQuoted[count] = false;
        i = j;
      }
      count++;
      if (i >= to) {
        return count;
      }
      i++; // the comma
    }
  }

  /** Copies CSV field {@code k}, trimmed (unquoted) or with {@code ""} unescaped (quoted). */
  private boolean csvValue(byte[] b, int k, AccessParser.Scratch into) {
    int s = fieldStart[k];
    int e = fieldEnd[k];
    if (fieldQuoted[k]) {
      into.clear();
      for (int i = s; i < e; i++) {
        into.append(b[i]);
        if (b[i] == '"') {
          i++; // the second quote of a pair
        }
      }
      return true;
    }
    while (s < e && (b[s] == ' ' || b[s] == '\t')) {
      s++;
    }
    while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
      e--;
    }
    into.set(b, s, e);
    return true;
  }
}
