package io.sre4j.benchmarks.replay;

import io.sre4j.benchmarks.Inputs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code replay} throughput: generates access logs of {@code --lines} lines of sre4j's own
 * {@code access} JSON lines (eight routes, the latency and status mix of {@link Inputs}, a trace id
 * on half the lines), one per simulated span in {@code --spans} (1 h, 24 h and 30 d at 2 requests/s
 * by default: the same lines from a busy service and from a quiet one, and a month of a quiet one;
 * replay's fixed work per simulated minute, the reports, alert evaluations and histogram flips,
 * grows with the span). A span is {@code 24h} or {@code 7d} ({@code --lines} lines over it) or
 * {@code 30d@2} (2 requests per second over it: 5,184,000 lines). It then times, each command in a fresh process
 * pinned to one core ({@code taskset -c}) and alternating, {@code --repeat} times: {@code wc -l}, a
 * plain Java line-reading loop ({@link LineCount}), {@code sre4j replay --config ... FILE} (output to
 * {@code /dev/null}), and {@code sre4j budget} (a command that reads nothing: the CLI's JVM
 * start-up). Lines per second are over the median wall time; "net" subtracts the median start-up.
 *
 * <pre>
 * java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.benchmarks.replay.ReplayRun \
 *     --cli sre-cli/target/sre4j.jar --lines 1000000 --spans 1h,24h,30d@2 --out sre-benchmarks/results/replay.md
 * </pre>
 */
public final class ReplayRun {

  private static final String[][] ROUTES = {
    {"GET", "/api/orders/{id}"}, {"GET", "/api/orders"}, {"POST", "/api/orders"},
    {"GET", "/api/products/{id}"}, {"GET", "/api/products"}, {"PUT", "/api/cart/{id}"},
    {"POST", "/api/checkout"}, {"GET", "/health"},
  };
  private static final String CONFIG = """
      service=shop
      slo.availability.objective=99.9%
      slo.latency.sli=latency
      slo.latency.threshold=800ms
      slo.latency.objective=99%
      slo.latency.exclude=/health
      """;

  /** The lines of a span without a rate, unless {@code --lines} says otherwise. */
  public static final long DEFAULT_LINES = 1_000_000;

  private ReplayRun() {}

  /**
   * Generates the input, runs the commands, writes the table.
   *
   * @param args {@code --cli JAR --lines N --spans 1h,24h,30d@2 --repeat N --cpu N --work DIR --out FILE}
   * @throws Exception if a command fails
   */
  public static void main(String[] args) throws Exception {
    String cli = "sre-cli/target/sre4j.jar";
    long lines = DEFAULT_LINES;
    String spans = "1h,24h,30d@2";
    int repeat = 3;
    String cpu = "1";
    Path work = Path.of("sre-benchmarks/target/replay");
    Path out = Path.of("sre-benchmarks/results/replay.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--cli" -> cli = args[i + 1];
        case "--lines" -> lines = Long.parseLong(args[i + 1]);
        case "--spans" -> spans = args[i + 1];
        case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
        case "--cpu" -> cpu = args[i + 1];
        case "--work" -> work = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(work);
    Path config = work.resolve("slo.properties");
    Files.writeString(config, CONFIG);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> pin = cpu.isEmpty() || !onPath("taskset") ? List.of() : List.of("taskset", "-c", cpu);
    String classpath = System.getProperty("java.class.path");

    List<Command> commands = new ArrayList<>();
    List<Long> inputLines = new ArrayList<>();
    List<String> spanList = List.of(spans.split(","));
    for (String spec : spanList) {
      String span = spanOf(spec);
      long spanMillis = hours(span) * 3_600_000L;
      long count = lineCount(spec, lines);
      Path input = input(work, spec, lines);
      String label = String.format(Locale.ROOT, "%,d lines (%.0f MB) over %s (%,.0f requests/s)", count,
          Files.size(input) / 1e6, span, count * 1000.0 / spanMillis);
      inputLines.addAll(List.of(count, count, count)); // WC, LOOP, REPLAY
      commands.add(new Command(label, "`wc -l`", concat(pin, List.of("wc", "-l", input.toString())), Kind.WC));
      commands.add(new Command(label, "Java line-reading loop (`BufferedReader.readLine`)",
          concat(pin, List.of(java, "-cp", classpath, LineCount.class.getName(), input.toString())), Kind.LOOP));
      commands.add(new Command(label, "**`sre4j replay --config slo.properties FILE`**",
          concat(pin, List.of(java, "-jar", cli, "replay", "--config", config.toString(), input.toString())),
          Kind.REPLAY));
    }
    inputLines.add(0L);
    commands.add(new Command("–", "`sre4j budget 99.9% 30d` (the CLI's JVM start-up; reads nothing)",
        concat(pin, List.of(java, "-jar", cli, "budget", "99.9%", "30d")), Kind.STARTUP));

    long[][] millis = new long[commands.size()][repeat];
    long[][] cpuMillis = new long[commands.size()][repeat];
    // GNU time gives each command's CPU time (user + system, JIT and GC threads included): on a
    // shared machine a steadier measure than wall time, which waits for other work on the core
    boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
    Path cpuFile = work.resolve("cpu.txt");
    String replayErr = "";
    for (int r = 0; r < repeat; r++) {
      for (int c = 0; c < commands.size(); c++) {
        Command command = commands.get(c);
        long started = System.nanoTime();
        List<String> argv = timed
            ? concat(List.of("/usr/bin/time", "-o", cpuFile.toString(), "-f", "%U %S"), command.argv)
            : command.argv;
        Process process = new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        String err;
        try (InputStream in = process.getErrorStream()) {
          err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IOException("timed out: " + command.argv);
        }
        millis[c][r] = (System.nanoTime() - started) / 1_000_000;
        if (process.exitValue() != 0) {
          throw new IOException("exit " + process.exitValue() + ": " + command.argv + "\n" + err);
        }
        if (timed) {
          String[] times = Files.readString(cpuFile).trim().split("\\s+");
          cpuMillis[c][r] = Math.round((Double.parseDouble(times[times.length - 2])
              + Double.parseDouble(times[times.length - 1])) * 1000);
        }
        if (command.kind == Kind.REPLAY) {
          replayErr = err;
        }
        System.err.printf(Locale.ROOT, "[replay] %s, %s: %d ms (CPU %d ms)%n", command.input, command.label,
            millis[c][r], cpuMillis[c][r]);
      }
    }

    long startup = median(millis[commands.size() - 1]);
    long cpuStartup = median(cpuMillis[commands.size() - 1]);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Input: sre4j's access JSON lines, 8 routes, the status "
            + "and latency mix of the microbenchmarks, a trace id on half; 2 SLOs (availability 99.9%%, latency "
            + "800 ms at 99%%). Each command runs in a fresh process%s; median of %d runs, commands alternating. "
            + "\"Net\" subtracts the CLI's JVM start-up (the `budget` row) from replay's time; \"÷ Java loop\" is "
            + "replay's time over the plain line-reading loop's on the same file in the same run.%n%n",
        pin.isEmpty() ? " (not pinned: taskset missing)"
            : " pinned to one core (`taskset -c " + cpu + "`: JIT and GC threads share it)", repeat));
    if (timed) {
      md.append("CPU time is the process's user + system time (GNU `time`): on a shared machine it leaves out the "
          + "time spent waiting for the core, which wall time does not. The target is read on CPU time: lines per "
          + "second of one core's work.\n\n");
    }
    md.append("| input | command | wall time, median (min..max) | lines/s | lines/s net of start-up | time ÷ Java loop |"
        + (timed ? " CPU time, median | lines per CPU second | lines per CPU second net of start-up | CPU ÷ Java loop's CPU |" : "") + "\n");
    md.append("|---|---|---|---:|---:|---:|" + (timed ? "---:|---:|---:|---:|" : "") + "\n");
    boolean metWall = true;
    boolean metNet = true;
    boolean metCpu = true;
    for (int c = 0; c < commands.size(); c++) {
      Command command = commands.get(c);
      long count = inputLines.get(c);
      long t = median(millis[c]);
      long cpuT = median(cpuMillis[c]);
      // each input's three commands are WC, LOOP, REPLAY in that order
      int loopIndex = c - command.kind.ordinal() + Kind.LOOP.ordinal();
      long loop = command.kind == Kind.STARTUP ? 0 : median(millis[loopIndex]);
      long cpuLoop = command.kind == Kind.STARTUP ? 0 : median(cpuMillis[loopIndex]);
      String rate = command.kind == Kind.STARTUP ? "–" : fmt("%,.0f", count * 1000.0 / t);
      double net = count * 1000.0 / Math.max(1, t - startup);
      String netRate = command.kind == Kind.REPLAY ? fmt("%,.0f", net) : "–";
      String ratio = command.kind == Kind.REPLAY ? fmt("%.2f", (double) t / loop) : "–";
      if (command.kind == Kind.REPLAY) {
        metWall &= count * 1000.0 / t >= 1_000_000;
        metNet &= net >= 1_000_000;
        metCpu &= count * 1000.0 / Math.max(1, cpuT) >= 1_000_000;
      }
      md.append(String.format(Locale.ROOT, "| %s | %s | %d ms (%d..%d) | %s | %s | %s |", command.input,
          command.label, t, Arrays.stream(millis[c]).min().orElse(0), Arrays.stream(millis[c]).max().orElse(0),
          rate, netRate, ratio));
      if (timed) {
        md.append(String.format(Locale.ROOT, " %d ms | %s | %s | %s |", cpuT,
            command.kind == Kind.STARTUP ? "–" : fmt("%,.0f", count * 1000.0 / Math.max(1, cpuT)),
            command.kind == Kind.REPLAY ? fmt("%,.0f", count * 1000.0 / Math.max(1, cpuT - cpuStartup)) : "–",
            command.kind == Kind.REPLAY ? fmt("%.2f", (double) cpuT / Math.max(1, cpuLoop)) : "–"));
      }
      md.append('\n');
    }
    md.append(String.format(Locale.ROOT, "%nTarget ≥ 1,000,000 lines/s on one core: %s%n",
        timed ? (metCpu ? "met in CPU time ✅" : "missed in CPU time ❌") + (metWall ? ", and in wall time" : "")
            : metWall ? "met ✅" : metNet ? "met net of JVM start-up only ⚠️" : "missed ❌"));
    String summary = replayErr.lines().filter(l -> l.startsWith("sre4j replay:")).findFirst().orElse("");
    if (!summary.isEmpty()) {
      md.append("\nreplay's own summary (last input): `").append(summary.trim()).append("`\n");
    }
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  /**
   * How many lines a span of the {@code --spans} list holds: {@code 24h} holds {@code lines},
   * {@code 30d@2} two per second of 30 days.
   *
   * @param spec a span such as {@code 1h}, {@code 7d} or {@code 30d@2}
   * @param lines the lines of a span without a rate
   * @return the lines
   */
  public static long lineCount(String spec, long lines) {
    String s = spec.trim();
    if (!s.contains("@")) {
      return lines;
    }
    long perSecond = Long.parseLong(s.substring(s.indexOf('@') + 1));
    return perSecond * hours(spanOf(s)) * 3_600L;
  }

  /**
   * The generated input of a span in {@code dir}, generated first if it is not there (the inputs
   * are large: they are reused between runs).
   *
   * @param dir where the inputs are kept
   * @param spec a span such as {@code 1h} or {@code 30d@2}
   * @param lines the lines of a span without a rate
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path input(Path dir, String spec, long lines) throws IOException {
    String span = spanOf(spec);
    long count = lineCount(spec, lines);
    Path input = dir.resolve("access-" + count + "-" + span + ".jsonl");
    if (!Files.exists(input)) {
      Files.createDirectories(dir);
      Path partial = dir.resolve(input.getFileName() + ".partial");
      generate(partial, count, hours(span) * 3_600_000L);
      Files.move(partial, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return input;
  }

  /** The configuration every replay case runs with: 2 SLOs, as the table's header says. */
  public static String config() {
    return CONFIG;
  }

  private static String spanOf(String spec) {
    String s = spec.trim();
    return s.contains("@") ? s.substring(0, s.indexOf('@')) : s;
  }

  private static long hours(String span) {
    String s = span.trim();
    if (s.endsWith("h")) {
      return Long.parseLong(s.substring(0, s.length() - 1));
    }
    if (s.endsWith("d")) {
      return 24 * Long.parseLong(s.substring(0, s.length() - 1));
    }
    throw new IllegalArgumentException("span must be like 1h or 7d but was " + span);
  }

  private static String fmt(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  /** Writes {@code lines} access lines spread evenly over {@code spanMillis}. */
  static void generate(Path file, long lines, long spanMillis) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      generate(out, lines, spanMillis);
    }
  }

  /**
   * Appends {@code lines} access lines spread evenly over {@code spanMillis} from 2026-11-01, each
   * ending in a newline: the input of every replay case, and of {@code ParseBenchmark}.
   *
   * @param out where the lines go
   * @param lines how many
   * @param spanMillis the time they span
   * @throws IOException if {@code out} fails
   */
  public static void generate(Appendable out, long lines, long spanMillis) throws IOException {
    SplittableRandom random = new SplittableRandom(2026);
    long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    StringBuilder line = new StringBuilder(256);
    for (long i = 0; i < lines; i++) {
      long time = start + i * spanMillis / lines;
      String[] route = ROUTES[random.nextInt(ROUTES.length)];
      int status = Inputs.status(random);
      long nanos = Inputs.duration(random);
      boolean threw = random.nextInt(2000) == 0;
      line.setLength(0);
      line.append("{\"ts\":\"").append(ts.format(Instant.ofEpochMilli(time)))
          .append("\",\"type\":\"access\",\"service\":\"shop\",\"route\":\"").append(route[1])
          .append("\",\"method\":\"").append(route[0])
          .append("\",\"status\":").append(threw ? 500 : status)
          .append(",\"duration_ms\":").append(nanos / 1_000_000).append('.')
          .append(String.format(Locale.ROOT, "%06d", nanos % 1_000_000));
      if (random.nextBoolean()) {
        line.append(",\"trace_id\":\"").append(String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong()))
            .append('"');
      }
      if (threw) {
        line.append(",\"error\":\"java.io.UncheckedIOException\"");
      }
      line.append("}\n");
      out.append(line);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private enum Kind { WC, LOOP, REPLAY, STARTUP }

  private record Command(String input, String label, List<String> argv, Kind kind) { }
}
