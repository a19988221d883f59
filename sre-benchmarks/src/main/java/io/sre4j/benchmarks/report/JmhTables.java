package io.sre4j.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's CSV results ({@code -rf csv}, with {@code -prof gc}) into the markdown tables of
 * BENCHMARKS.md: recording one request at 1, 2 and 4 threads with ratios to Micrometer's
 * {@code publishPercentiles} timer measured in the same run, the filter's per-request cost, and
 * the reads. A benchmark missing from the files shows as "–".
 *
 * <pre>
 * java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.benchmarks.report.JmhTables \
 *     --out sre-benchmarks/results/jmh.md results/jmh-t1.csv results/jmh-t2.csv
 * </pre>
 */
public final class JmhTables {

  private static final String BASELINE = "RecordBenchmark.record|micrometerPercentiles";
  private static final String SRE4J = "RecordBenchmark.record|sre4j";
  private static final String PLAIN_TIMER = "RecordBenchmark.record|micrometerTimer";
  private static final int[] RECORD_THREADS = {1, 2, 4};

  private final Map<String, Row> rows = new HashMap<>();

  /** One CSV row: a primary or secondary result. */
  record Row(String name, String param, int threads, int samples, double score, double error, String unit) {
    /** @return the score in nanoseconds per operation, if it is a time per operation */
    double nanos() {
      return score * scale(unit);
    }

    double errorNanos() {
      return Double.isNaN(error) ? 0 : error * scale(unit);
    }

    private static double scale(String unit) {
      return switch (unit) {
        case "ns/op" -> 1;
        case "us/op" -> 1e3;
        case "ms/op" -> 1e6;
        case "s/op" -> 1e9;
        default -> Double.NaN;
      };
    }
  }

  /**
   * Writes the tables.
   *
   * @param args {@code --out FILE} then the CSV files
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    JmhTables tables = new JmhTables();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out")) {
        out = Path.of(args[++i]);
      } else if (Files.exists(Path.of(args[i]))) {
        tables.read(Path.of(args[i]));
      } else {
        System.err.println("[jmh-tables] no such file, skipped: " + args[i]);
      }
    }
    String md = tables.markdown();
    if (out != null) {
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, md);
    }
    System.out.print(md);
  }

  /** Reads one JMH CSV file; later files replace equal keys. */
  void read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return;
    }
    List<String> header = split(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      String benchmark = cells.get(0);
      String name = benchmark.replaceFirst("^.*\\.(\\w+Benchmark\\.)", "$1");
      StringBuilder param = new StringBuilder();
      for (int c = 7; c < cells.size() && c < header.size(); c++) {
        if (!cells.get(c).isEmpty()) {
          param.append(param.length() == 0 ? "" : ",").append(cells.get(c));
        }
      }
      Row row = new Row(name, param.toString(), Integer.parseInt(cells.get(2)), Integer.parseInt(cells.get(3)),
          number(cells.get(4)), number(cells.get(5)), cells.get(6));
      rows.put(key(row.name, row.param, row.threads), row);
    }
  }

  private static String key(String name, String param, int threads) {
    return name + "|" + param + "|" + threads;
  }

  private Row row(String nameAndParam, int threads) {
    int bar = nameAndParam.indexOf('|');
    String name = bar < 0 ? nameAndParam : nameAndParam.substring(0, bar);
    String param = bar < 0 ? "" : nameAndParam.substring(bar + 1);
    return rows.get(key(name, param, threads));
  }

  private Row secondary(String nameAndParam, String metric, int threads) {
    int bar = nameAndParam.indexOf('|');
    String name = bar < 0 ? nameAndParam : nameAndParam.substring(0, bar);
    String param = bar < 0 ? "" : nameAndParam.substring(bar + 1);
    return rows.get(key(name + ":" + metric, param, threads));
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    recording(md);
    filter(md);
    reads(md);
    parsing(md);
    return md.toString();
  }

  // ---- recording ----

  private void recording(StringBuilder md) {
    String[][] cases = {
      {"`System.nanoTime()` pair (floor: timing a request)", "FloorBenchmark.nanoTimePair"},
      {"`System.currentTimeMillis()`", "FloorBenchmark.currentTimeMillis"},
      {"shared `LongAdder.increment()` (floor: counting it)", "FloorBenchmark.longAdderIncrement"},
      {"HdrHistogram `Recorder.recordValue` (shared)", "RecordBenchmark.record|hdrRecorder"},
      {"Micrometer `Timer.record`", "RecordBenchmark.record|micrometerTimer"},
      {"**Micrometer `Timer.record`, `publishPercentiles(0.5, 0.95, 0.99)`** (baseline)", BASELINE},
      {"Micrometer `Timer.record`, `serviceLevelObjectives(400ms, 800ms)`", "RecordBenchmark.record|micrometerSlos"},
      {"Micrometer, Spring-style `Timer.builder(..).tags(..).register(..)` per request",
          "RecordBenchmark.record|micrometerPerRequest"},
      {"**sre4j `Endpoint.record`** (2 SLOs + percentiles + bands)", "RecordBenchmark.record|sre4j"},
      {"sre4j `Endpoint.record` + `AccessLog.log` (enqueue, sink discards)", "AccessLogBenchmark.recordAndLog|1.0"},
    };
    md.append("### Recording one request (ns/op, lower is better)\n\n");
    md.append("Ratio: the row's time over Micrometer's `publishPercentiles` timer measured in the same run at the same "
        + "thread count. B/op: `gc.alloc.rate.norm` from `-prof gc` (all threads' allocation divided by operations). "
        + "Score ± the 99.9 % confidence half-width JMH reports.\n\n");
    md.append("| what | 1 thread ns/op | B/op | ratio | 2 threads ns/op | B/op | ratio "
        + "| 4 threads ns/op | B/op | ratio |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] c : cases) {
      md.append("| ").append(c[0]);
      for (int threads : RECORD_THREADS) {
        Row r = row(c[1], threads);
        Row base = row(BASELINE, threads);
        md.append(" | ").append(time(r)).append(" | ").append(bytes(secondary(c[1], "gc.alloc.rate.norm", threads)))
            .append(" | ").append(r == null || base == null ? "–" : fmt("%.2f", r.nanos() / base.nanos()));
      }
      md.append(" |\n");
    }
    String access = "AccessLogBenchmark.recordAndLog|1.0";
    for (int threads = 1; threads <= 2; threads++) {
      Row queued = secondary(access, "queued", threads);
      Row dropped = secondary(access, "dropped", threads);
      if (queued != null && dropped != null && queued.score + dropped.score > 0) {
        md.append(String.format(Locale.ROOT, "%nAccess log at %d thread%s: %.1f %% of the lines offered were dropped "
                + "(queue full: the one writer thread fell behind; a drop is cheaper than an enqueue).",
            threads, threads == 1 ? "" : "s", 100 * dropped.score / (queued.score + dropped.score)));
      }
    }
    md.append("\n\n**Targets** (PRODUCT.md):");
    for (int threads = 1; threads <= 2; threads++) {
      Row ours = row("RecordBenchmark.record|sre4j", threads);
      Row base = row(BASELINE, threads);
      Row alloc = secondary("RecordBenchmark.record|sre4j", "gc.alloc.rate.norm", threads);
      if (ours == null || base == null) {
        md.append(String.format(Locale.ROOT, " %d thread(s): not measured.", threads));
        continue;
      }
      double ratio = ours.nanos() / base.nanos();
      // gc.alloc.rate.norm divides every thread's allocation (JMH's, the registry's tick thread) by
      // the operations: one object per record would show as 16 B/op or more
      boolean zero = alloc != null && alloc.score < 1.0;
      md.append(String.format(Locale.ROOT, " %d thread%s: %.1f ns = %.2f× Micrometer percentiles (target ≤ 0.50) %s, "
              + "%s B/op (target 0: under 1 B/op from all threads) %s;", threads, threads == 1 ? "" : "s", ours.nanos(), ratio,
          ratio <= 0.5 ? "✅" : "❌", alloc == null ? "–" : fmt("%.3f", alloc.score), zero ? "✅" : "❌"));
    }
    Row one = row(SRE4J, 1);
    Row two = row(SRE4J, 2);
    Row plainTwo = row(PLAIN_TIMER, 2);
    if (one != null && two != null && plainTwo != null) {
      double scaling = two.nanos() / one.nanos();
      double overPlain = two.nanos() / plainTwo.nanos();
      md.append(String.format(Locale.ROOT, " at 2 threads sre4j takes %.2f× its 1-thread time (target ≤ 2) %s and "
              + "%.2f× a plain Micrometer `Timer.record` at 2 threads (target ≤ 2) %s;", scaling,
          scaling <= 2 ? "✅" : "❌", overPlain, overPlain <= 2 ? "✅" : "❌"));
    }
    md.append(" the request thread's own allocation is exactly 0 bytes (record, record + access log, and the filter; "
        + "`BenchmarkPartsTest.recordingAllocatesNothingOnTheRequestThread`, `ThreadMXBean`).\n\n");
  }

  // ---- filter ----

  private void filter(StringBuilder md) {
    String[][] cases = {
      {"no filter (chain only)", "FilterBenchmark.doFilter|none"},
      {"**sre4j `SloFilter`**, access log off", "FilterBenchmark.doFilter|sre4j"},
      {"sre4j `SloFilter`, access log on (sink discards)", "FilterBenchmark.doFilter|sre4jAccessLog"},
      {"Micrometer timing filter (`publishPercentiles`)", "FilterBenchmark.doFilter|micrometer"},
    };
    md.append("### The filter's own cost per request (stub request/response, ns/op)\n\n");
    md.append("| filter | 1 thread ns/op | B/op | added over no filter | 2 threads ns/op | B/op | added over no filter |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String[] c : cases) {
      md.append("| ").append(c[0]);
      for (int threads = 1; threads <= 2; threads++) {
        Row r = row(c[1], threads);
        Row none = row(cases[0][1], threads);
        md.append(" | ").append(time(r)).append(" | ").append(bytes(secondary(c[1], "gc.alloc.rate.norm", threads)))
            .append(" | ").append(r == null || none == null ? "–" : fmt("%+.1f ns", r.nanos() - none.nanos()));
      }
      md.append(" |\n");
    }
    md.append("\n");
  }

  // ---- reads ----

  private void reads(StringBuilder md) {
    String[][] cases = {
      {"snapshot of a 30-day SLO (`registry.snapshot`), every bucket filled", "ReadBenchmark.snapshot30d"},
      {"status of a 30-day SLO (`registry.status`: snapshot + burn rates)", "ReadBenchmark.status30d"},
      {"alert evaluation (`registry.evaluate()`, 3 rules × 2 SLOs)", "ReadBenchmark.evaluateAlerts"},
      {"report of 100 endpoints × 60 intervals (`endpointSnapshots`)", "ReadBenchmark.report100Endpoints"},
      {"snapshot while another thread records (`mixed` group, reader)", "ReadBenchmark.mixed:mixedSnapshot"},
      {"close one interval of 100 endpoints, 1 request each (`tick`)", "IntervalCloseBenchmark.close100Endpoints|1"},
      {"close one interval of 100 endpoints, 1,000 requests each (`tick`)",
          "IntervalCloseBenchmark.close100Endpoints|1000"},
    };
    md.append("### Reads (1 thread, µs/op)\n\n");
    md.append("| read | µs/op | B/op | target |\n|---|---:|---:|---|\n");
    for (String[] c : cases) {
      Row r = row(c[1], c[1].contains("mixed") ? 2 : 1);
      Row alloc = c[1].contains("mixed") ? null : secondary(c[1], "gc.alloc.rate.norm", 1);
      String target = "";
      if (c[1].equals("ReadBenchmark.snapshot30d") && r != null) {
        target = "< 1 ms " + (r.nanos() < 1e6 ? "✅" : "❌");
      }
      md.append("| ").append(c[0]).append(" | ")
          .append(r == null ? "–" : fmt("%.2f", r.nanos() / 1e3) + " ± " + fmt("%.2f", r.errorNanos() / 1e3))
          .append(" | ").append(bytes(alloc)).append(" | ").append(target).append(" |\n");
    }
    Row writer = row("ReadBenchmark.mixed:mixedRecord", 2);
    Row alone = row("RecordBenchmark.record|sre4j", 1);
    if (writer != null) {
      md.append(String.format(Locale.ROOT, "%nIn the `mixed` group the recording thread took %.1f ns per record while "
              + "the other thread snapshotted in a loop%s: writers never wait for readers.%n", writer.nanos(),
          alone == null ? "" : String.format(Locale.ROOT, " (%.1f ns alone, 1 thread)", alone.nanos())));
    }
    md.append("\n");
  }

  // ---- parsing ----

  private void parsing(StringBuilder md) {
    String[][] cases = {
      {"sre4j's hand-written parser (`AccessParser.parse`: timestamp, status, duration decoded)",
          "ParseBenchmark.handWritten"},
      {"the same, as `replay` reads a file (`AccessLines`: one pass per line up to its newline,"
          + " sre4j's own layout read in its fixed order)", "ParseBenchmark.handWrittenInOnePass"},
      {"jackson-core `JsonParser`, one per line (fields read, timestamp not decoded)", "ParseBenchmark.jacksonPerLine"},
      {"jackson-core `JsonParser`, one over all lines (its best case; one bad line would end it)",
          "ParseBenchmark.jacksonStream"},
    };
    Row baseline = row("ParseBenchmark.jacksonPerLine", 1);
    if (row(cases[0][1], 1) == null) {
      return;
    }
    md.append("### Parsing an access line (1 thread, ns per line)\n\n");
    md.append("| parser | ns/line | B/line | ÷ jackson-core per line |\n|---|---:|---:|---:|\n");
    for (String[] c : cases) {
      Row r = row(c[1], 1);
      md.append("| ").append(c[0]).append(" | ").append(time(r)).append(" | ")
          .append(bytes(secondary(c[1], "gc.alloc.rate.norm", 1))).append(" | ")
          .append(r == null || baseline == null ? "–" : fmt("%.2f", r.nanos() / baseline.nanos())).append(" |\n");
    }
    md.append("\n");
  }

  // ---- formatting ----

  private static String time(Row r) {
    if (r == null) {
      return "–";
    }
    double ns = r.nanos();
    String format = ns >= 100 ? "%.0f" : "%.1f";
    return fmt(format, ns) + " ± " + fmt(format, r.errorNanos());
  }

  private static String bytes(Row r) {
    if (r == null) {
      return "–";
    }
    return r.score < 0.5 ? fmt("%.2f", r.score) : fmt("%.0f", r.score);
  }

  private static String fmt(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  private static double number(String cell) {
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Splits one CSV line (JMH quotes strings, never numbers; no embedded quotes). */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (ch == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
