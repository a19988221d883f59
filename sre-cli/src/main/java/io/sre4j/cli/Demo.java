package io.sre4j.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sre4j.core.EndpointSelector;
import io.sre4j.core.ReleaseGate;
import io.sre4j.core.ReleaseGate.GateDecision;
import io.sre4j.core.Sli;
import io.sre4j.core.SloRegistry;
import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus;
import io.sre4j.core.SloStatus.AlertReading;
import io.sre4j.core.SloWindow;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.event.SloEvent;
import io.sre4j.core.event.SloEvent.AlertEvent;
import io.sre4j.core.event.SloEvent.BudgetPolicyEvent;
import io.sre4j.core.event.SloListener;
import io.sre4j.core.log.LogSink;
import io.sre4j.core.log.StructuredLog;
import io.sre4j.micrometer.SloMeterBinder;
import io.sre4j.servlet.ServletSettings;
import io.sre4j.servlet.SloFilter;
import jakarta.servlet.DispatcherType;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The demo: an embedded Jetty 12 service on loopback, measured by {@link SloFilter}, serving {@code
 * /sre/status}, {@code /sre/gate} and Prometheus {@code /metrics}, driven by a {@link
 * TrafficGenerator} through the {@link Scenario} (normal, incident, recovery) on a {@link
 * ScaledClock}, with the JSON lines on standard output and a human account on standard error.
 *
 * <p><b>Time.</b> The registry's clock runs {@code scale} times faster than real time; its interval
 * is 3 real seconds (so a report every 3 s) and it ticks every 5 simulated seconds (at least every
 * 10 ms, at most every second, real). Request durations are real.
 *
 * <p><b>State.</b> The registry keeps its state in {@link Options#state()}: a second run on the same
 * file starts from the first run's budget. Simulated time runs ahead of the wall clock, so the clock
 * starts at the file's written-at time when that is later than now: the restored state is then never
 * "from the future".
 */
final class Demo {

  static final String SERVICE = "demo-shop";
  static final String AVAILABILITY = "availability";
  static final String LATENCY = "latency";
  private static final int ALERTS_KEPT = 50;

  /**
   * @param state the state file: restored when the registry is built, written every 10 simulated
   *     minutes and when the demo ends
   * @param alertmanagers the Alertmanagers the demo's alerts are sent to, as given; empty for none
   * @param alerting the configuration that sets them ({@code alert.alertmanager}), or an empty one
   */
  record Options(
      Duration duration,
      int port,
      double scale,
      double requestsPerSecond,
      double accessSample,
      Path state,
      String alertmanagers,
      Sre4jConfig alerting) {}

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final BoundedFlush outFlush;
  private final List<String> alertHistory = new ArrayList<>();
  private ScaledClock clock;
  private volatile Scenario.@Nullable Phase shownPhase;
  private int alertsFired;
  private int alertsResolved;

  // clock is set at the start of run(), before anything reads it
  @SuppressWarnings("NullAway.Init")
  Demo(Options options, PrintStream out, PrintStream err, BoundedFlush outFlush) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.outFlush = outFlush;
  }

  /**
   * Runs until the duration has passed or {@code stop} is counted down.
   *
   * @return the exit code
   */
  int run(CountDownLatch stop) throws Exception {
    double scale = options.scale();
    Long written = Replay.writtenAt(options.state(), SERVICE);
    clock =
        new ScaledClock(
            scale, Math.max(System.currentTimeMillis(), written == null ? 0 : written));
    Scenario scenario = new Scenario(clock);
    Duration interval =
        clamp(
            Duration.ofMillis(Math.round(3000 * scale)),
            Duration.ofSeconds(1),
            Duration.ofHours(1));
    Duration tick =
        clamp(
            Duration.ofNanos(Math.round(5e9 / scale)),
            Duration.ofMillis(10),
            Duration.ofSeconds(1));
    StructuredLog log =
        StructuredLog.builder()
            .service(SERVICE)
            .clock(clock)
            .sink(LogSink.jsonLines(unclosed(out)))
            .accessLog(options.accessSample() > 0)
            .accessSample(options.accessSample())
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(5))
            .build();
    SloRegistry registry =
        options.alerting().applyTo(SloRegistry.builder())
            .service(SERVICE)
            .clock(clock)
            .interval(interval)
            .tick(tick)
            .slo(
                SloSpec.builder(AVAILABILITY)
                    .sli(Sli.availability())
                    .objective("99.9%")
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .endpoints(EndpointSelector.routes("/api/**"))
                    .build())
            .slo(
                SloSpec.builder(LATENCY)
                    .sli(Sli.latency(Duration.ofMillis(500)))
                    .objective("99%")
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .endpoints(EndpointSelector.routes("/api/**"))
                    .build())
            .listener(log)
            .listener(new Console())
            .stateFile(options.state())
            .stateFlush(Duration.ofMinutes(10))
            .build();
    Map<String, SloSnapshot> restored = new LinkedHashMap<>();
    for (SloStatus status : registry.statuses()) {
      restored.put(status.name(), status.window());
    }
    SloRegistry.StateStatus state = registry.stateStatus().orElseThrow();
    String token = token();
    ServletSettings settings =
        ServletSettings.builder()
            .routes("/api/orders/{id}", "/api/orders", "/api/catalog/**")
            .endpoints(true)
            .token(token)
            .build();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SloMeterBinder.builder(registry)
        .refreshInterval(SloMeterBinder.MAX_REFRESH_INTERVAL)
        .build()
        .bindTo(prometheus);

    QueuedThreadPool threads = new QueuedThreadPool(100, 4);
    threads.setName("sre4j-demo-jetty");
    Server server = new Server(threads);
    server.setStopTimeout(2000);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(options.port());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    FilterHolder filter = new FilterHolder(new SloFilter(registry, settings, log));
    filter.setName("sre4j");
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder("shop", new DemoShop(scenario)), "/api/*");
    context.addServlet(new ServletHolder("metrics", new MetricsServlet(prometheus)), "/metrics");
    server.setHandler(context);
    TrafficGenerator traffic = null;
    try {
      try {
        server.start();
      } catch (IOException e) {
        err.println(
            "sre4j demo: cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage());
        return Sre4jCli.USAGE;
      }
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
      banner(base, token);
      err.println("  state file " + state.file() + " (--state): " + restoredText(state, restored));
      if (!options.alertmanagers().isEmpty()) {
        err.println("  alerts go to Alertmanager " + options.alertmanagers()
            + " (--alertmanager), labelled alertname=SloErrorBudgetBurn, service=" + SERVICE);
      }
      traffic = new TrafficGenerator(base, options.requestsPerSecond(), 128, () -> phase(scenario));
      clock.start();
      phase(scenario);
      traffic.start();
      boolean stopped = stop.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
      traffic.stop(Duration.ofSeconds(2));
      registry.evaluate();
      List<SloStatus> statuses = registry.statuses();
      GateDecision gate = ReleaseGate.over(registry).decide();
      summary(stopped, traffic, statuses, gate, registry.notificationCounts());
      err.println(
          "  state file "
              + state.file()
              + ": "
              + restoredText(state, restored)
              + "; 'sre4j demo --state "
              + state.file()
              + "' starts from this run's budget");
      return 0;
    } finally {
      if (traffic != null) {
        traffic.stop(Duration.ZERO);
      }
      server.stop();
      registry.close();
      // waits at most its close timeout; a writer stuck on a blocked stdout is abandoned, and
      // its queued lines are counted in the log's warning
      log.close();
      prometheus.close();
      // never a plain out.flush(): an abandoned writer holds the stream's lock for as long as
      // nobody reads the pipe
      outFlush.flush();
    }
  }

  private void banner(URI base, String token) {
    double scale = options.scale();
    err.printf(
        Locale.ROOT,
        "sre4j demo: the service %s on %s, measured by sre4j; time runs %sx"
            + " (1 s real = %s simulated)%n",
        SERVICE,
        base,
        CliValues.decimal(scale, 3),
        CliValues.human(Duration.ofMillis(Math.round(1000 * scale))));
    err.printf(
        Locale.ROOT,
        "  GET  %s/sre/status  every SLO: SLI, error budget, burn rates, alerts%n",
        base);
    err.printf(Locale.ROOT, "  GET  %s/sre/gate    the release gate: 200 allow, 409 deny%n", base);
    err.printf(Locale.ROOT, "  GET  %s/metrics     Prometheus%n", base);
    err.printf(
        Locale.ROOT,
        "  POST %s/sre/deployments?version=1.2.3 and /sre/maintenance,"
            + " /sre/gate/override with: -H 'Authorization: Bearer %s'%n",
        base,
        token);
    err.printf(
        Locale.ROOT,
        "  SLOs: availability 99.9%% and latency <= 500ms 99%% over 30d on /api/**;"
            + " page at burn 14.4 (1h & 5m) or 6 (6h & 30m), ticket at 1 (3d & 6h)%n");
    err.printf(
        Locale.ROOT,
        "  story (simulated): %s normal, %s incident (503s, slow answers,"
            + " exceptions), %s recovery; it takes %s, %s real at this scale%n",
        clockText(0),
        clockText(Scenario.INCIDENT_START.toMillis()),
        clockText(Scenario.INCIDENT_END.toMillis()),
        CliValues.human(Scenario.STORY),
        CliValues.human(Duration.ofMillis(Math.round(Scenario.STORY.toMillis() / scale))));
    err.printf(
        Locale.ROOT,
        "  running for %s (--duration); Ctrl-C stops; JSON lines on stdout%n",
        CliValues.human(options.duration()));
  }

  /** Prints a phase change; called before each request the generator sends. */
  private void phase(Scenario scenario) {
    Scenario.Phase phase = scenario.phase();
    if (phase != shownPhase) {
      shownPhase = phase;
      say(clock.elapsedSimulatedMillis(), phase.description);
    }
  }

  /** Prints {@code text} stamped with real time since the start and the simulated time given. */
  private synchronized void say(long simulatedMillis, String text) {
    err.printf(
        Locale.ROOT,
        "[+%5.1fs %s] %s%n",
        clock.elapsedRealMillis() / 1000.0,
        clockText(simulatedMillis),
        text);
  }

  private long simulated(Instant time) {
    return time.toEpochMilli() - clock.startWallMillis();
  }

  /** Alerts and policy changes, as they happen, on standard error. */
  private final class Console implements SloListener {
    @Override
    public void onEvent(SloEvent event) {
      if (event instanceof AlertEvent alert) {
        String text;
        if (alert.firing()) {
          AlertReading reading =
              alert.readings().stream()
                  .filter(AlertReading::holds)
                  .findFirst()
                  .orElse(alert.readings().isEmpty() ? null : alert.readings().get(0));
          text =
              alert.slo()
                  + ": "
                  + alert.severity()
                  + " alert FIRING"
                  + (reading == null
                      ? ""
                      : String.format(
                          Locale.ROOT,
                          " (burn rate %s over %s, %s over %s; threshold %s)",
                          CliValues.decimal(reading.longBurn().rate(), 1),
                          reading.longBurn().windowLabel(),
                          CliValues.decimal(reading.shortBurn().rate(), 1),
                          reading.shortBurn().windowLabel(),
                          CliValues.decimal(reading.rule().factor(), 1)));
        } else {
          text =
              alert.slo()
                  + ": "
                  + alert.severity()
                  + " alert resolved after "
                  + CliValues.humanShort(Duration.between(alert.since(), alert.time()))
                  + " (simulated)";
        }
        say(simulated(alert.time()), text);
        record(alert);
      } else if (event instanceof BudgetPolicyEvent policy) {
        say(
            simulated(policy.time()),
            policy.slo()
                + ": error budget policy "
                + policy.from().label()
                + " -> "
                + policy.to().label()
                + " ("
                + policy.reason()
                + ")");
      }
    }
  }

  private synchronized void record(AlertEvent alert) {
    if (alert.firing()) {
      alertsFired++;
    } else {
      alertsResolved++;
    }
    if (alertHistory.size() < ALERTS_KEPT) {
      alertHistory.add(
          String.format(
              Locale.ROOT,
              "%s %s %s at +%.1fs (%s simulated)",
              alert.slo(),
              alert.severity(),
              alert.firing() ? "fired" : "resolved",
              clock.elapsedRealMillis() / 1000.0,
              clockText(simulated(alert.time()))));
    }
  }

  private synchronized void summary(
      boolean stopped, TrafficGenerator traffic, List<SloStatus> statuses, GateDecision gate,
      List<SloRegistry.NotificationCounts> notifications) {
    err.println();
    err.printf(
        Locale.ROOT,
        "sre4j demo: %s after %.1fs real, %s simulated (time x%s)%n",
        stopped ? "stopped" : "done",
        clock.elapsedRealMillis() / 1000.0,
        clockText(clock.elapsedSimulatedMillis()),
        CliValues.decimal(options.scale(), 3));
    err.printf(
        Locale.ROOT,
        "  traffic: %s requests sent, %s answered, %s failed, %s skipped" + " (in-flight limit)%n",
        CliValues.count(traffic.sent()),
        CliValues.count(traffic.answered()),
        CliValues.count(traffic.failed()),
        CliValues.count(traffic.skipped()));
    for (SloStatus status : statuses) {
      SloSnapshot window = status.window();
      err.printf(
          Locale.ROOT,
          "  %-12s SLI %s (%s of %s requests bad), objective %s: error budget" + " %s left, %s%s%n",
          status.name(),
          window.noData() ? "n/a" : CliValues.percent(window.sli()),
          CliValues.count(window.badEvents()),
          CliValues.count(window.validEvents()),
          CliValues.percent(window.objective()),
          CliValues.percent(window.budgetRemaining()),
          status.budgetState().label(),
          status.firing().isEmpty() ? "" : ", firing: " + String.join(",", status.firing()));
    }
    err.printf(Locale.ROOT, "  alerts: %d fired, %d resolved%n", alertsFired, alertsResolved);
    for (String alert : alertHistory) {
      err.println("    " + alert);
    }
    for (SloRegistry.NotificationCounts counts : notifications) {
      err.printf(Locale.ROOT, "  notifications to %s: %d sent, %d retried, %d failed, %d dropped%n",
          counts.target(), counts.sent(), counts.retried(), counts.failed(), counts.dropped());
    }
    err.println(
        "  release gate: "
            + (gate.allowed() ? "ALLOW" : "DENY")
            + (gate.reasons().isEmpty() ? "" : " (" + String.join("; ", gate.reasons()) + ")")
            + (gate.notes().isEmpty() ? "" : " [" + String.join("; ", gate.notes()) + "]"));
  }

  /**
   * What the start restored: the outcome, when the file was written and the valid and bad counts
   * per SLO it brought, or that the run started fresh.
   */
  static String restoredText(SloRegistry.StateStatus state, Map<String, SloSnapshot> restored) {
    StringBuilder text = new StringBuilder(state.restoreOutcome());
    state.restoredFrom().ifPresent(time -> text.append(" (written at ").append(time).append(')'));
    if (state.restoredFrom().isPresent()) {
      text.append(':');
      String separator = " ";
      for (Map.Entry<String, SloSnapshot> slo : restored.entrySet()) {
        text.append(separator)
            .append(slo.getKey())
            .append(' ')
            .append(CliValues.count(slo.getValue().validEvents()))
            .append(" valid, ")
            .append(CliValues.count(slo.getValue().badEvents()))
            .append(" bad");
        separator = "; ";
      }
    } else {
      text.append(" (the budget starts full)");
    }
    return text.toString();
  }

  /** {@code h:mm:ss} of simulated time since the start. */
  static String clockText(long millis) {
    long seconds = Math.max(0, millis) / 1000;
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  private static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }

  private static String token() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static OutputStream unclosed(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush(); // on the log's writer thread, which close() abandons if it blocks
      }
    };
  }
}
