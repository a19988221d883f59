package io.sre4j.cli;

import io.sre4j.benchmarks.replay.LineCount;
import io.sre4j.benchmarks.replay.ReplayRun;
import io.sre4j.core.Sre4jConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code replay}'s throughput once the JVM is warm: the inputs {@code ReplayRun} generates (1 M
 * lines over 1 h, 1 M over 24 h, 2 requests/s over 30 days), replayed in this process by the CLI's
 * own {@code Replay} (the registry, its ticks, alert evaluations and {@code sli_report} lines,
 * formatted and written to a null stream), alternating with a plain {@code BufferedReader.readLine}
 * loop over the same file: the baseline of the same run. Each file is replayed {@code --warmup}
 * times first, then {@code --rounds} times measured.
 *
 * <p>Measured per round: the process's CPU time (every thread: the replay, the log's writer, the
 * GC, what is left of JIT compilation), which on a shared machine leaves out the waits for the
 * core, and the wall time. {@code run.sh} pins this JVM to one core ({@code taskset}). What a cold
 * {@code sre4j replay} adds to this, the JVM's start-up and its JIT compilation, is {@code
 * ReplayRun}'s table.
 *
 * <pre>
 * taskset -c 1 java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.cli.WarmReplay \
 *     --spans 1h,24h,30d@2 --work sre-benchmarks/target/replay --out sre-benchmarks/results/replay-warm.md
 * </pre>
 */
public final class WarmReplay {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private WarmReplay() {}

  /**
   * Measures and writes the table.
   *
   * @param args {@code --spans 1h,24h,30d@2 --lines N --warmup N --rounds N --work DIR --out FILE}
   * @throws IOException if an input cannot be generated or read
   */
  public static void main(String[] args) throws IOException {
    String spans = "1h,24h,30d@2";
    long lines = ReplayRun.DEFAULT_LINES;
    int warmup = 2;
    int rounds = 5;
    Path work = Path.of("sre-benchmarks/target/replay");
    Path out = Path.of("sre-benchmarks/results/replay-warm.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--spans" -> spans = args[i + 1];
        case "--lines" -> lines = Long.parseLong(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--work" -> work = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Sre4jConfig config = config();
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Once the JVM is warm (`io.sre4j.cli.WarmReplay`, one JVM pinned to one core): "
        + "the CLI's `Replay` over each file (reports formatted and written to a null stream) and a plain "
        + "`BufferedReader.readLine` loop over the same file, alternating; %d warm-up replays, then the median of %d. "
        + "CPU time is the whole process's (replay, log writer, GC, what is left of JIT compilation).%n%n",
        warmup, rounds));
    md.append("| input | replay: CPU ns/line | lines per CPU second | replay: wall ns/line | `readLine` loop: CPU ns/line "
        + "| replay ÷ loop (CPU) | ≥ 1 M lines per CPU second |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    boolean met = true;
    for (String spec : List.of(spans.split(","))) {
      Path input = ReplayRun.input(work, spec, lines);
      long count = ReplayRun.lineCount(spec, lines);
      for (int w = 0; w < warmup; w++) {
        replay(config, input, count);
        readLines(input, count);
      }
      long[] replayCpu = new long[rounds];
      long[] replayWall = new long[rounds];
      long[] loopCpu = new long[rounds];
      for (int r = 0; r < rounds; r++) {
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        replay(config, input, count);
        replayWall[r] = System.nanoTime() - wall;
        replayCpu[r] = OS.getProcessCpuTime() - cpu;
        cpu = OS.getProcessCpuTime();
        readLines(input, count);
        loopCpu[r] = OS.getProcessCpuTime() - cpu;
        System.err.printf(Locale.ROOT, "[warm-replay] %s round %d: replay %.0f ns/line CPU, %.0f wall; loop %.0f CPU%n",
            spec, r, replayCpu[r] / (double) count, replayWall[r] / (double) count, loopCpu[r] / (double) count);
      }
      double cpuPerLine = median(replayCpu) / (double) count;
      double loopPerLine = median(loopCpu) / (double) count;
      met &= cpuPerLine <= 1000;
      md.append(String.format(Locale.ROOT, "| %,d lines over %s | %.0f (%.0f..%.0f) | %,.0f | %.0f | %.0f | %.2f | %s |%n",
          count, spec.replace("@", " at ") + (spec.contains("@") ? " requests/s" : ""), cpuPerLine,
          Arrays.stream(replayCpu).min().orElse(0) / (double) count,
          Arrays.stream(replayCpu).max().orElse(0) / (double) count, 1e9 / cpuPerLine,
          median(replayWall) / (double) count, loopPerLine, cpuPerLine / loopPerLine, cpuPerLine <= 1000 ? "✅" : "❌"));
    }
    md.append(String.format(Locale.ROOT, "%nTarget ≥ 1,000,000 lines/s on one core, warm: %s%n%n",
        met ? "met ✅" : "missed ❌"));
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md.toString());
    System.out.print(md);
  }

  private static Sre4jConfig config() throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(ReplayRun.config()));
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
    return Sre4jConfig.from(map);
  }

  /** Replays the file as {@code sre4j replay --config slo.properties FILE > /dev/null} does. */
  private static void replay(Sre4jConfig config, Path input, long lines) throws IOException {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    Replay replay = new Replay(config, OutputStream.nullOutputStream(), nowhere, null, Duration.ofHours(1));
    try (InputStream in = Files.newInputStream(input)) {
      replay.replay(input.toString(), in);
    }
    replay.finish();
    if (replay.records() != lines || replay.droppedLines() != 0) {
      throw new IllegalStateException("replayed " + replay.records() + " of " + lines + " lines, "
          + replay.droppedLines() + " output lines dropped");
    }
  }

  /** The baseline ({@link LineCount#count}): every line of the file as a {@code String}. */
  private static void readLines(Path input, long lines) throws IOException {
    long[] counted = LineCount.count(input);
    if (counted[0] != lines || counted[1] == 0) {
      throw new IllegalStateException("read " + counted[0] + " of " + lines + " lines");
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
