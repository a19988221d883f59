package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Sre4jConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sre4j dashboard --config slo.properties}: a Grafana dashboard for the config's SLOs, from
 * {@link GrafanaDashboard}.
 */
@Command(
    name = "dashboard",
    header = "A Grafana dashboard (JSON) for the SLOs of a config.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a Grafana dashboard (JSON model) for the SLOs of a config: per SLO the SLI and"
          + " objective, the error budget left and its exhaustion forecast, the burn rate over"
          + " every alert window and the alert state; per route the fleet's p50 and p99 from the"
          + " latency histogram and the request rate. Template variables: data source, service"
          + " (the Prometheus job) and instance. It reads the meters of the Micrometer binder and"
          + " the records of 'sre4j rules', which Prometheus must load. The config's alert.rules"
          + " are used.",
      "Example: sre4j dashboard --config slo.properties > sre4j-dashboard.json, then import it in"
          + " Grafana (Dashboards > New > Import)"
    })
final class DashboardCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The SLO configuration (the keys of sre4j.properties). Only this file is read.")
  private Path configFile;

  private final Sre4jCli.Io io;

  DashboardCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Sre4jConfig config;
    try {
      config = ConfigFiles.read(configFile);
    } catch (ConfigFiles.BadConfig e) {
      io.err().println("sre4j dashboard: " + e.getMessage());
      return Sre4jCli.USAGE;
    }
    String alertRules = config.properties().get("alert.rules");
    List<AlertRule> rules =
        alertRules == null ? AlertRule.defaults() : RulesCommand.alertRules(alertRules);
    String service = config.properties().getOrDefault("service", "service").trim();
    io.out().print(new GrafanaDashboard(service, config.slos(), rules).render());
    io.out().flush();
    return 0;
  }
}
