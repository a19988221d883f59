package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.SloSpec.ErrorBudget;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sre4j budget 99.98% 30d [--rps N]}: what an objective allows over a window, and where the
 * default burn-rate alerts page and open tickets.
 */
@Command(
    name = "budget",
    header = "Allowed downtime and alert thresholds for an objective and a window.",
    mixinStandardHelpOptions = true,
    description = {
      "Error-budget arithmetic for an objective and a window: the allowed bad fraction, the allowed"
          + " downtime, and the page/ticket thresholds of the default burn-rate alerts (Google SRE"
          + " Workbook), as an error ratio and, with --rps, in errors per minute.",
      "Example: sre4j budget 99.98%% 30d --rps 250"
    })
final class BudgetCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "OBJECTIVE",
      converter = CliValues.ObjectiveConverter.class,
      description = "The objective, such as 99.98%% or 0.9998; in (0,1).")
  private double objective;

  @Parameters(
      index = "1",
      paramLabel = "WINDOW",
      converter = CliValues.WindowConverter.class,
      description = "The compliance window, such as 30d, 4w or 28d; from 1h to 400d.")
  private Duration window;

  @Option(
      names = "--rps",
      paramLabel = "N",
      converter = CliValues.RpsConverter.class,
      description = "Requests per second, to give the alert thresholds in errors per minute;"
          + " above 0, at most 1000000000.")
  private Double rps;

  @Option(
      names = "--adjusted",
      paramLabel = "OBJECTIVE",
      converter = CliValues.ObjectiveConverter.class,
      description = "An adjusted objective (a budget adjustment, such as 99.5%%): shows the"
          + " original and the adjusted budget side by side; in (0,1).")
  private Double adjusted;

  private final Sre4jCli.Io io;

  BudgetCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PrintStream out = io.out();
    double bad = ErrorBudget.allowedBadFraction(objective);
    Duration downtime = ErrorBudget.allowedDowntime(objective, window);
    String windowText = CliValues.human(window);
    out.printf(
        Locale.ROOT, "Objective %s over %s%n", CliValues.objectivePercent(objective), windowText);
    out.printf(
        Locale.ROOT,
        "  allowed bad fraction  %s of requests (1 in %s)%n",
        CliValues.badPercent(objective),
        CliValues.count(Math.round(1 / bad)));
    out.printf(
        Locale.ROOT,
        "  allowed downtime      %s in %s (%s minutes)%n",
        CliValues.human(downtime),
        windowText,
        CliValues.decimal(downtime.toMillis() / 60_000.0, 2));
    if (adjusted != null) {
      Duration adjustedDowntime = ErrorBudget.allowedDowntime(adjusted, window);
      out.printf(
          Locale.ROOT,
          "  adjusted objective    %s: allowed downtime %s in %s (%s the original), bad"
              + " fraction %s%n",
          CliValues.objectivePercent(adjusted),
          CliValues.human(adjustedDowntime),
          windowText,
          CliValues.decimal(adjustedDowntime.toMillis() / (double) Math.max(1, downtime.toMillis()), 2)
              + "x",
          CliValues.badPercent(adjusted));
    }
    if (rps != null) {
      double perWindow = rps * window.toMillis() / 1000.0;
      out.printf(
          Locale.ROOT,
          "  allowed bad requests  %s in %s at %s rps (%s a minute on average)%n",
          CliValues.count(Math.round(perWindow * bad)),
          windowText,
          CliValues.decimal(rps, 3),
          CliValues.decimal(rps * 60 * bad, 3));
    }
    out.println();
    out.println(
        "Burn-rate alerts (the defaults; an alert holds when both windows burn at least"
            + " the factor):");
    String header =
        String.format(
            Locale.ROOT,
            "  %-8s %-10s %6s  %-12s %-13s %-12s",
            "severity",
            "windows",
            "burn",
            "error ratio",
            "budget spent",
            "exhausts in");
    out.println(
        rps == null
            ? header.stripTrailing()
            : header
                + String.format(Locale.ROOT, " errors/min at %s rps", CliValues.decimal(rps, 3)));
    for (AlertRule rule : AlertRule.defaults()) {
      double ratio = rule.factor() * bad;
      double spent = rule.factor() * rule.longWindow().toMillis() / (double) window.toMillis();
      Duration exhausts = Duration.ofMillis(Math.round(window.toMillis() / rule.factor()));
      String line =
          String.format(
              Locale.ROOT,
              "  %-8s %-10s %6s  %-12s %-13s %-12s",
              rule.severity(),
              CliValues.human(rule.longWindow()) + "/" + CliValues.human(rule.shortWindow()),
              CliValues.decimal(rule.factor(), 2),
              CliValues.percent(ratio),
              CliValues.percent(spent) + " in " + CliValues.human(rule.longWindow()),
              CliValues.human(exhausts));
      out.println(
          rps == null ? line.stripTrailing() : line + " " + CliValues.decimal(rps * 60 * ratio, 3));
    }
    out.println();
    out.println(
        "error ratio = burn x (1 - objective); budget spent = what the long window uses"
            + " at that burn; exhausts in = window / burn.");
    if (rps == null) {
      out.println("Add --rps N for the thresholds in errors per minute.");
    }
    return 0;
  }
}
