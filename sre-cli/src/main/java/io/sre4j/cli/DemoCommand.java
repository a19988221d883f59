package io.sre4j.cli;

import io.sre4j.core.ConfigException;
import io.sre4j.core.Sre4jConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sre4j demo}: an instrumented service with traffic and an incident. See {@link Demo}. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Run an instrumented service with traffic, an incident, and its alerts.",
    description = {
      "Starts a small shop service on 127.0.0.1 (embedded Jetty 12) measured by the sre4j servlet"
          + " filter, with the /sre/status and /sre/gate endpoints and Prometheus /metrics, and"
          + " drives traffic at it: normal, then an incident (503s, slow answers, exceptions) that"
          + " burns the error budget, then recovery. Time runs --time-scale times faster for the"
          + " SLOs, so that the page alert fires and resolves within the run; request durations"
          + " stay real.",
      "",
      "JSON lines (sli_report, alert, budget_policy and sampled access lines) go to stdout; the"
          + " URLs, the story as it happens and a summary (SLIs, budget left, alerts, release gate)"
          + " to stderr. Ctrl-C stops early and still prints the summary.",
      "",
      "The SLOs' state is kept in a file (--state, default a new temporary file, printed at the"
          + " start): run the demo again with --state FILE and it starts from the first run's"
          + " error budget; the summary says what was restored.",
      "",
      "Example: java -jar sre-cli/target/sre4j.jar demo 2>&1 >/dev/null   (the human account only)"
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = CliValues.DurationConverter.class,
      description = "How long to run, real time; default ${DEFAULT-VALUE}.")
  private Duration duration;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "The port on 127.0.0.1; 0 (the default) picks a free one.")
  private int port;

  @Option(
      names = "--time-scale",
      paramLabel = "N",
      defaultValue = "120",
      description =
          "How many times faster time runs for the SLOs; default ${DEFAULT-VALUE}:"
              + " the 2-hour story (page alert fired and resolved) in 60 s.")
  private double scale;

  @Option(
      names = "--rps",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Requests a second the traffic generator sends, 1 to 1000; default"
              + " ${DEFAULT-VALUE}.")
  private double rps;

  @Option(
      names = "--access-sample",
      paramLabel = "RATIO",
      defaultValue = "0.02",
      description =
          "The share of good requests written as access lines (bad ones always are),"
              + " 0 to 1; default ${DEFAULT-VALUE}.")
  private double accessSample;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "The state file (state.file): restored at the start, written every 10 simulated minutes"
              + " and at the end, so that a second run with the same file starts from this run's"
              + " error budget; default a new file in the temporary directory, printed at the"
              + " start.")
  private @Nullable Path state;

  @Option(
      names = "--alertmanager",
      paramLabel = "URL",
      description =
          "Send the demo's alerts to this Alertmanager (alert.alertmanager; comma-separated for"
              + " several), such as http://127.0.0.1:9093; default the key from the environment"
              + " (SRE4J_ALERT_ALERTMANAGER) or -Dsre4j.alert.alertmanager, else none. The demo's"
              + " time runs faster than Alertmanager's, so its alerts carry future timestamps.")
  private @Nullable String alertmanager;

  private final Sre4jCli.Io io;

  DemoCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    String problem = null;
    if (port < 0 || port > 65_535) {
      problem = "--port must be between 0 and 65535 but was " + port;
    } else if (!(scale >= 1 && scale <= 100_000)) {
      problem = "--time-scale must be between 1 and 100000 but was " + CliValues.decimal(scale, 6);
    } else if (!(rps >= 1 && rps <= 1000)) {
      problem = "--rps must be between 1 and 1000 but was " + CliValues.decimal(rps, 6);
    } else if (!(accessSample >= 0 && accessSample <= 1)) {
      problem =
          "--access-sample must be between 0 and 1 but was " + CliValues.decimal(accessSample, 6);
    } else if (duration.compareTo(Duration.ofDays(1)) > 0) {
      problem = "--duration must be at most 1d but was " + CliValues.human(duration);
    }
    Sre4jConfig alerting = Sre4jConfig.from(Map.of());
    String alertmanagers = alertmanager != null ? alertmanager
        : System.getProperty("sre4j.alert.alertmanager", System.getenv("SRE4J_ALERT_ALERTMANAGER"));
    if (problem == null && alertmanagers != null) {
      try {
        alerting = Sre4jConfig.from(Map.of("alert.alertmanager", alertmanagers));
      } catch (ConfigException e) {
        problem = "--alertmanager: " + e.getMessage();
      }
    }
    if (problem != null) {
      io.err().println("sre4j demo: " + problem + " (see 'sre4j demo --help')");
      return Sre4jCli.USAGE;
    }
    // Jetty logs through SLF4J; the jar has no binding, and says so unless told to be quiet
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                done.await(15, TimeUnit.SECONDS); // the summary is printed before the JVM exits
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sre4j-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return new Demo(
              new Demo.Options(
                  duration, port, scale, rps, accessSample, state == null ? newStateFile() : state,
                  alertmanagers == null ? "" : alertmanagers.strip(), alerting),
              io.out(),
              io.err(),
              io.outFlush())
          .run(stop);
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs, and returns now that the demo is done
      }
    }
  }

  /** A state file name in the temporary directory that no file has yet. */
  private static Path newStateFile() {
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        "sre4j-demo-" + Long.toUnsignedString(new SecureRandom().nextLong(), 36) + ".state");
  }
}
