package io.sre4j.benchmarks.e2e;

/**
 * What one load phase gave, from the client's side: requests completed, how long it ran, errors,
 * and latency percentiles in microseconds.
 *
 * @param requests responses received
 * @param durationMicros how long the phase ran
 * @param errors connection, read, write, timeout or non-2xx errors
 * @param p50 median latency, µs
 * @param p90 90th percentile latency, µs
 * @param p99 99th percentile latency, µs
 * @param p999 99.9th percentile latency, µs
 * @param max slowest request, µs
 */
public record LoadResult(long requests, long durationMicros, long errors, long p50, long p90,
    long p99, long p999, long max) {

  /** @return requests per second */
  public double throughput() {
    return durationMicros == 0 ? 0 : requests * 1e6 / durationMicros;
  }

  /**
   * Parses the line the wrk script prints: {@code WRK_RESULT requests=.. duration_us=.. errors=..
   * p50=.. p90=.. p99=.. p999=.. max=..}.
   *
   * @param line the line
   * @return the result
   * @throws IllegalArgumentException if a field is missing
   */
  public static LoadResult parseWrk(String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 1 || !parts[0].equals("WRK_RESULT")) {
      throw new IllegalArgumentException("not a WRK_RESULT line: " + line);
    }
    java.util.Map<String, Long> fields = new java.util.HashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq > 0) {
        fields.put(parts[i].substring(0, eq), (long) Double.parseDouble(parts[i].substring(eq + 1)));
      }
    }
    return new LoadResult(get(fields, "requests", line), get(fields, "duration_us", line),
        get(fields, "errors", line), get(fields, "p50", line), get(fields, "p90", line),
        get(fields, "p99", line), get(fields, "p999", line), get(fields, "max", line));
  }

  private static long get(java.util.Map<String, Long> fields, String key, String line) {
    Long value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("no " + key + " in " + line);
    }
    return value;
  }
}
