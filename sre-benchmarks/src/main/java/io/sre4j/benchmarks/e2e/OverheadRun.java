package io.sre4j.benchmarks.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end overhead run: starts one {@link OverheadServer} JVM per variant (bare, sre4j,
 * sre4j with the access log, Micrometer), warms each up, then in each round loads every variant in
 * turn (the order rotates from round to round) on loopback and reads the server's process CPU time
 * and request count before and after each load phase.
 *
 * <p>Each measurement is a loaded phase ({@code --connections} keep-alive connections, closed loop,
 * {@code --seconds} long) that gives the server's CPU time per request, the throughput and the
 * loaded p50/p99, then a one-connection phase ({@code --latency-seconds}) that gives p50/p99 with
 * no queueing, where what a filter adds to latency is not drowned by the load. Every figure is
 * turned into a ratio to {@code bare} measured in the same round; the table gives the median over
 * the rounds and the spread (min..max). On a 2-core machine shared by the client and the server
 * throughput swings by ±15 % between identical runs, so CPU time per request is the headline.
 *
 * <p>Load comes from {@code wrk} if it is on the PATH ({@code --client auto}, the default), else
 * from {@link LoadClient}. Run by {@code sre-benchmarks/run.sh}; by hand:
 *
 * <pre>
 * java -cp sre-benchmarks/target/benchmarks.jar io.sre4j.benchmarks.e2e.OverheadRun \
 *     --rounds 5 --seconds 8 --latency-seconds 4 --out sre-benchmarks/results/e2e.md
 * </pre>
 */
public final class OverheadRun {

  private static final String PATH = "/api/orders/42";
  private static final String WRK_SCRIPT = """
      done = function(summary, latency, requests)
        local e = summary.errors
        io.write(string.format(
          "WRK_RESULT requests=%d duration_us=%d errors=%d p50=%d p90=%d p99=%d p999=%d max=%d\\n",
          summary.requests, summary.duration,
          e.connect + e.read + e.write + e.status + e.timeout,
          latency:percentile(50), latency:percentile(90), latency:percentile(99),
          latency:percentile(99.9), latency.max))
      end
      """;

  private final Options options;
  private final Path wrkScript;

  private OverheadRun(Options options, Path wrkScript) {
    this.options = options;
    this.wrkScript = wrkScript;
  }

  /**
   * Runs the rounds and writes the markdown tables.
   *
   * @param args {@code --rounds N --seconds S --latency-seconds S --warmup S --connections N
   *     --client auto|wrk|java --server-opts "JVM options" --server-cpu N|none --client-cpu N|none
   *     --out FILE}
   * @throws Exception if a server does not start or a phase fails
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    boolean wrk = switch (options.client) {
      case "wrk" -> true;
      case "java" -> false;
      default -> wrkOnPath();
    };
    options.client = wrk ? "wrk" : "java";
    Path script = null;
    if (wrk) {
      script = Files.createTempFile("sre4j-wrk", ".lua");
      Files.writeString(script, WRK_SCRIPT);
      script.toFile().deleteOnExit();
    }
    new OverheadRun(options, script).run();
  }

  private static boolean wrkOnPath() {
    return onPath("wrk");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** {@code taskset -c cpu} when pinning is asked for and taskset is installed, else nothing. */
  private static List<String> pin(String cpu) {
    return cpu.isEmpty() || !onPath("taskset") ? List.of() : List.of("taskset", "-c", cpu);
  }

  private void run() throws Exception {
    List<Server> servers = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(Server::kill)));
    try {
      for (String variant : options.variants) {
        servers.add(Server.start(variant, pin(options.serverCpu), options.serverOpts));
      }
      for (Server server : servers) {
        log("warming up " + server.variant + " on port " + server.port);
        load(server.port, options.connections, options.warmup);
        load(server.port, 1, Math.min(2, options.warmup));
      }
      List<Map<String, Measurement>> rounds = new ArrayList<>();
      for (int round = 0; round < options.rounds; round++) {
        Map<String, Measurement> byVariant = new LinkedHashMap<>();
        for (int k = 0; k < servers.size(); k++) {
          Server server = servers.get((k + round) % servers.size());
          byVariant.put(server.variant, measure(server));
          Measurement m = byVariant.get(server.variant);
          log(String.format(Locale.ROOT, "round %d %-10s cpu %.2f us/req, %.0f req/s, p99 %d us loaded, %d us at 1 connection",
              round + 1, server.variant, m.cpuNanosPerRequest() / 1000, m.loaded.throughput(),
              m.loaded.p99(), m.single.p99()));
        }
        rounds.add(byVariant);
      }
      write(rounds);
    } finally {
      for (Server server : servers) {
        server.stop();
      }
    }
  }

  private Measurement measure(Server server) throws Exception {
    long[] before = server.stats();
    LoadResult loaded = load(server.port, options.connections, options.seconds);
    long[] after = server.stats();
    LoadResult single = load(server.port, 1, options.latencySeconds);
    return new Measurement(after[0] - before[0], after[1] - before[1], after[2] - before[2],
        after[3] - before[3], after[4] - before[4], loaded, single);
  }

  private LoadResult load(int port, int connections, double seconds) throws Exception {
    if (options.client.equals("java")) {
      return LoadClient.run(port, PATH, connections, seconds, 50_000_000L);
    }
    List<String> command = new ArrayList<>(pin(options.clientCpu));
    command.addAll(List.of("wrk", "-t1", "-c" + connections,
        "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s", "-s", wrkScript.toString(),
        "http://127.0.0.1:" + port + PATH));
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("WRK_RESULT")) {
          result = line;
        }
      }
    }
    if (!wrk.waitFor((long) seconds + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0 || result == null) {
      wrk.destroyForcibly();
      throw new IOException("wrk failed: " + command + "\n" + output);
    }
    return LoadResult.parseWrk(result);
  }

  // ---- the tables ----

  private void write(List<Map<String, Measurement>> rounds) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT,
        "Load: %s, %d connections for %.0f s (CPU, throughput, loaded latency), then 1 connection for %.0f s "
            + "(latency without queueing); %d rounds after %.0f s of warm-up per variant; order rotated "
            + "each round. Server JVM options: `%s`. %s `bare-aa` is a second, identical bare server: "
            + "the A/A control, whose spread is the noise floor of this machine.%n%n",
        options.client.equals("wrk") ? "wrk" : "the Java load client (`LoadClient`; wrk not used)",
        options.connections, options.seconds, options.latencySeconds, options.rounds, options.warmup,
        options.serverOpts.isBlank() ? "(defaults)" : options.serverOpts,
        pin(options.serverCpu).isEmpty() ? "Not pinned."
            : "Servers pinned to CPU " + options.serverCpu + (options.client.equals("wrk") && !pin(options.clientCpu).isEmpty()
                ? ", wrk to CPU " + options.clientCpu : "") + " (`taskset`)."));
    md.append("| variant | server CPU µs/request | CPU ratio to bare, median (min..max) | target | throughput ratio | "
        + "p50 ratio (loaded) | p99 ratio (loaded) | p50 added, 1 conn. (µs) | p99 added, 1 conn. (µs) | GCs per 100k req "
        + "| sre4j threads' CPU ns/request |\n");
    md.append("|---|---:|---|---|---|---|---|---:|---:|---:|---:|\n");
    boolean control = options.variants.contains("bare-aa");
    double cpuNoise = control ? 2 * standardErrorOfMedian(ratios(rounds, "bare-aa", Measurement::cpuNanosPerRequest)) : 0;
    double p99Noise = control ? 2 * standardErrorOfMedian(differences(rounds, "bare-aa", m -> m.single.p99())) : 0;
    for (String variant : options.variants) {
      double[] cpu = collect(rounds, variant, m -> m.cpuNanosPerRequest() / 1000.0);
      double[] cpuRatio = ratios(rounds, variant, Measurement::cpuNanosPerRequest);
      double[] throughput = ratios(rounds, variant, m -> m.loaded.throughput());
      double[] p50 = ratios(rounds, variant, m -> m.loaded.p50());
      double[] p99 = ratios(rounds, variant, m -> m.loaded.p99());
      double[] p50Added = differences(rounds, variant, m -> m.single.p50());
      double[] p99Added = differences(rounds, variant, m -> m.single.p99());
      double[] gcs = collect(rounds, variant, m -> m.requests == 0 ? 0 : m.gcCount * 100_000.0 / m.requests);
      double[] library = collect(rounds, variant, Measurement::libraryNanosPerRequest);
      double cpuTarget = variant.equals("sre4j") ? 1.03 : variant.equals("sre4j-log") ? 1.07 : Double.NaN;
      String target = Double.isNaN(cpuTarget) ? "" : fmt("≤ %.2f", cpuTarget) + verdict(median(cpuRatio), cpuTarget, cpuNoise);
      String p99Target = variant.startsWith("sre4j") ? " (≤ 50" + verdict(median(p99Added), 50, p99Noise) + ")" : "";
      md.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s%s | %.1f | %s |%n",
          variant, median(cpu), spread(cpuRatio, "%.3f"), target, spread(throughput, "%.2f"),
          spread(p50, "%.2f"), spread(p99, "%.2f"), signed(median(p50Added)),
          signed(median(p99Added)), p99Target, median(gcs),
          variant.startsWith("sre4j") ? fmt("%.0f", median(library)) : "–"));
    }
    if (control) {
      md.append(String.format(Locale.ROOT, "%nNoise floor from the A/A control: twice the standard error of its median "
          + "is ±%.3f on the CPU ratio and ±%.0f µs on the added 1-connection p99. ✅ met; ❌ missed by more than that; "
          + "⚠️ missed by less: not resolved by this run.%n", cpuNoise, p99Noise));
    }
    md.append("\nPer round (server CPU µs/request; throughput req/s; loaded p99; 1-connection p50 / p99, µs):\n\n");
    md.append("| round |");
    for (String variant : options.variants) {
      md.append(' ').append(variant).append(" |");
    }
    md.append("\n|---|");
    md.append("---|".repeat(options.variants.size())).append('\n');
    for (int r = 0; r < rounds.size(); r++) {
      md.append("| ").append(r + 1).append(" |");
      for (String variant : options.variants) {
        Measurement m = rounds.get(r).get(variant);
        md.append(String.format(Locale.ROOT, " %.2f; %.0f/s; %d; %d / %d |", m.cpuNanosPerRequest() / 1000,
            m.loaded.throughput(), m.loaded.p99(), m.single.p50(), m.single.p99()));
      }
      md.append('\n');
    }
    Path out = Path.of(options.out);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md.toString());
    log("wrote " + out);
    System.out.print(md);
  }

  /**
   * ✅ when the median meets the target; ❌ when it misses by more than the noise (twice the
   * standard error of the A/A control's median); ⚠️ when it misses by less: not resolved.
   */
  private static String verdict(double median, double target, double noise) {
    if (median <= target) {
      return " ✅";
    }
    return median - target > noise ? " ❌" : " ⚠️";
  }

  /** 1.253 σ / √n: the standard error of a median of n normal samples. */
  static double standardErrorOfMedian(double[] values) {
    int n = values.length;
    if (n < 2) {
      return Double.POSITIVE_INFINITY;
    }
    double mean = Arrays.stream(values).average().orElse(0);
    double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    return 1.2533 * Math.sqrt(variance / n);
  }

  private static String fmt(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.0f", value);
  }

  private static double[] collect(List<Map<String, Measurement>> rounds, String variant,
      java.util.function.ToDoubleFunction<Measurement> figure) {
    return rounds.stream().mapToDouble(round -> figure.applyAsDouble(round.get(variant))).toArray();
  }

  private static double[] ratios(List<Map<String, Measurement>> rounds, String variant,
      java.util.function.ToDoubleFunction<Measurement> figure) {
    return rounds.stream().mapToDouble(round -> figure.applyAsDouble(round.get(variant))
        / figure.applyAsDouble(round.get("bare"))).toArray();
  }

  private static double[] differences(List<Map<String, Measurement>> rounds, String variant,
      java.util.function.ToDoubleFunction<Measurement> figure) {
    return rounds.stream().mapToDouble(round -> figure.applyAsDouble(round.get(variant))
        - figure.applyAsDouble(round.get("bare"))).toArray();
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String spread(double[] values, String format) {
    double min = Arrays.stream(values).min().orElse(Double.NaN);
    double max = Arrays.stream(values).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", median(values), min, max);
  }

  private static void log(String message) {
    System.err.println("[e2e] " + message);
  }

  /** One variant's figures in one round. */
  record Measurement(long cpuNanos, long requests, long gcCount, long gcMillis, long libraryNanos,
      LoadResult loaded, LoadResult single) {
    double cpuNanosPerRequest() {
      return requests == 0 ? Double.NaN : (double) cpuNanos / requests;
    }

    double libraryNanosPerRequest() {
      return requests == 0 ? Double.NaN : (double) libraryNanos / requests;
    }
  }

  /** One server JVM and its control channel (stdin for commands, stderr for answers). */
  static final class Server {
    final String variant;
    final Process process;
    final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    final Writer commands;
    int port;

    private Server(String variant, Process process) {
      this.variant = variant;
      this.process = process;
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Server start(String variant, List<String> pin, String jvmOptions) throws Exception {
      List<String> command = new ArrayList<>(pin);
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      for (String option : jvmOptions.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          command.add(option);
        }
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          OverheadServer.class.getName(), variant));
      Process process = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD) // stdout: the JSON lines, to /dev/null
          .start();
      Server server = new Server(variant, process);
      Thread reader = new Thread(server::readAnswers, "e2e-" + variant);
      reader.setDaemon(true);
      reader.start();
      String ready = server.answers.poll(60, TimeUnit.SECONDS);
      if (ready == null || !ready.startsWith("READY ")) {
        process.destroyForcibly();
        throw new IOException(variant + " server did not start: " + ready);
      }
      server.port = Integer.parseInt(ready.substring(6).trim());
      return server;
    }

    private void readAnswers() {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          if (line.startsWith("READY ") || line.startsWith("STATS ")) {
            answers.add(line);
          } else if (!line.startsWith("SLF4J")) {
            System.err.println("[" + variant + "] " + line);
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    /** @return {cpu ns, requests, gc count, gc ms, cpu ns of the sre4j threads} */
    long[] stats() throws Exception {
      commands.write("stats\n");
      commands.flush();
      String answer = answers.poll(30, TimeUnit.SECONDS);
      if (answer == null || !answer.startsWith("STATS ")) {
        throw new IOException(variant + " server did not answer stats: " + answer);
      }
      String[] parts = answer.split(" ");
      return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
          Long.parseLong(parts[4]), Long.parseLong(parts[5])};
    }

    void stop() {
      try {
        commands.write("quit\n");
        commands.flush();
        commands.close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException | InterruptedException e) {
        process.destroyForcibly();
      }
    }

    void kill() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /** Command-line options. */
  static final class Options {
    int rounds = 5;
    double seconds = 8;
    double latencySeconds = 4;
    double warmup = 10;
    int connections = 16;
    String client = "auto";
    String serverOpts = "-Xms512m -Xmx512m";
    List<String> variants = List.of(OverheadServer.VARIANTS);
    String serverCpu = "1";
    String clientCpu = "0";
    String out = "sre-benchmarks/results/e2e.md";

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw usage("missing value for " + name);
        }
        String value = args[++i];
        switch (name) {
          case "--rounds" -> o.rounds = Math.max(1, Integer.parseInt(value));
          case "--seconds" -> o.seconds = Double.parseDouble(value);
          case "--latency-seconds" -> o.latencySeconds = Double.parseDouble(value);
          case "--warmup" -> o.warmup = Double.parseDouble(value);
          case "--connections" -> o.connections = Integer.parseInt(value);
          case "--client" -> o.client = value;
          case "--server-opts" -> o.serverOpts = value;
          case "--server-cpu" -> o.serverCpu = value.equals("none") ? "" : value;
          case "--client-cpu" -> o.clientCpu = value.equals("none") ? "" : value;
          case "--out" -> o.out = value;
          case "--variants" -> {
            o.variants = List.of(value.split(","));
            if (!o.variants.contains("bare")) {
              throw usage("--variants must include bare, the baseline");
            }
          }
          default -> throw usage("unknown option " + name);
        }
      }
      return o;
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + "; options: --rounds N --seconds S "
          + "--latency-seconds S --warmup S --connections N --client auto|wrk|java "
          + "--server-opts \"JVM options\" --server-cpu N|none --client-cpu N|none "
          + "--variants bare,bare-aa,sre4j,sre4j-log,micrometer[,probe] --out FILE");
    }
  }
}
