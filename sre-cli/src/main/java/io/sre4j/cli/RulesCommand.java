package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.micrometer.PrometheusRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sre4j rules --config slo.properties}: the Prometheus recording and alerting rules of the
 * config's SLOs, from {@link PrometheusRules}.
 */
@Command(
    name = "rules",
    header = "Prometheus recording and alerting rules for the SLOs of a config.",
    mixinStandardHelpOptions = true,
    description = {
      "Prints Prometheus rules (YAML) for the SLOs of a config: recording rules for the error"
          + " ratio over each alert window and multi-window, multi-burn-rate alerts, so that"
          + " Prometheus judges a fleet of instances as one service from the counters the"
          + " Micrometer binder exports, an SloNoData alert per SLO and the exhaustion forecast"
          + " record. The config's alert.rules, alert.min-events, alert.no-data-for and"
          + " alert.keep-firing-for are used.",
      "Example: sre4j rules --config slo.properties > sre4j-rules.yml && promtool check rules"
          + " sre4j-rules.yml"
    })
final class RulesCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The SLO configuration (the keys of sre4j.properties). Only this file is read.")
  private Path configFile;

  @Option(
      names = "--runbook",
      paramLabel = "URL",
      description =
          "The runbook base URL; each alert links to it followed by the SLO's name."
              + " Default: "
              + PrometheusRules.DEFAULT_RUNBOOK_BASE_URL)
  private String runbook;

  private final Sre4jCli.Io io;

  RulesCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Sre4jConfig config;
    try {
      config = ConfigFiles.read(configFile);
    } catch (ConfigFiles.BadConfig e) {
      io.err().println("sre4j rules: " + e.getMessage());
      return Sre4jCli.USAGE;
    }
    PrometheusRules.Builder rules = PrometheusRules.builder();
    try {
      String alertRules = config.properties().get("alert.rules");
      if (alertRules != null) {
        rules.alertRules(alertRules(alertRules));
      }
      String minEvents = config.properties().get("alert.min-events");
      if (minEvents != null) {
        rules.minValidEvents(Long.parseLong(minEvents.trim()));
      }
      String noDataFor = config.properties().get("alert.no-data-for");
      if (noDataFor != null) {
        rules.noDataFor(CliValues.duration("alert.no-data-for", noDataFor.trim()));
      }
      String keepFiringFor = config.properties().get("alert.keep-firing-for");
      if (keepFiringFor != null) {
        rules.keepFiringFor(CliValues.duration("alert.keep-firing-for", keepFiringFor.trim()));
      }
      if (runbook != null) {
        rules.runbookBaseUrl(runbook);
      }
    } catch (IllegalArgumentException e) {
      io.err()
          .println(
              "sre4j rules: " + Sre4jCli.firstLine(e.getMessage()) + " (see 'sre4j rules --help')");
      return Sre4jCli.USAGE;
    }
    io.out().print(rules.build().render(config.slos()));
    io.out().flush();
    return 0;
  }

  /** {@code page:1h/5m:14.4,ticket:3d/6h:1}, already checked by {@link Sre4jConfig}. */
  static List<AlertRule> alertRules(String text) {
    List<AlertRule> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] fields = part.trim().split(":");
      String[] windows = fields[1].split("/");
      out.add(
          new AlertRule(
              fields[0].trim(),
              CliValues.duration("alert.rules", windows[0]),
              CliValues.duration("alert.rules", windows[1]),
              Double.parseDouble(fields[2].trim())));
    }
    return out;
  }
}
