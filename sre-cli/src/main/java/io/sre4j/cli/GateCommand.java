package io.sre4j.cli;

import io.sre4j.core.AlertRule;
import io.sre4j.core.ConfigException;
import io.sre4j.core.SloSpec;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.micrometer.FleetGate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sre4j gate --prometheus URL --config slo.properties}: the release gate of a fleet, decided
 * from the figures Prometheus computes over every instance with the rules of {@code sre4j rules}.
 * See {@link FleetGate} for the judgement and {@code docs/fleet-gate.md} for the user's guide.
 *
 * <p>Exit codes: 0 allow, 1 deny, 2 bad usage, 3 cannot decide (0 with {@code --on-unknown
 * allow}).
 */
@Command(
    name = "gate",
    header = "The release gate of a fleet, judged from Prometheus.",
    mixinStandardHelpOptions = true,
    description = {
      "Decides whether a release may go out, as the in-process gate (/sre/gate) does but over"
          + " the whole fleet: it reads from Prometheus (/api/v1/query) the records of the rules"
          + " 'sre4j rules --config' generates for the same config: the error budget left per SLO"
          + " and the error ratio per alert window, summed over every instance, and the firing"
          + " burn-rate alerts. An exhausted budget or a firing page alert denies; a budget under"
          + " policy.at-risk is a note.",
      "An SLO with a calendar window or a time-slice budget has no fleet-wide budget in"
          + " Prometheus: it is judged by its page alert only, and a note says so.",
      "Exit codes: 0 allow, 1 deny, 2 bad usage, 3 cannot decide (Prometheus unreachable or"
          + " erroring, or no data for a gating SLO; 0 with --on-unknown allow).",
      "Example: sre4j gate --prometheus http://prometheus:9090 --config slo.properties"
          + " --timeout 5s || exit 1"
    })
final class GateCommand implements Callable<Integer> {

  /** Exit code of a denial: {@value}. */
  static final int DENY = 1;

  /** Exit code when Prometheus cannot decide: {@value}. */
  static final int UNKNOWN = 3;

  /** The longest {@code --timeout}: 10 minutes. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

  @Option(
      names = "--prometheus",
      required = true,
      paramLabel = "URL",
      description =
          "Prometheus' base URL, such as http://prometheus:9090 (with its route prefix, if any);"
              + " queries go to URL/api/v1/query. No credentials in the URL: use"
              + " --prometheus-token-file.")
  private String prometheusUrl;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "The SLO configuration the Prometheus rules were generated from (slo.*, alert.rules,"
              + " policy.at-risk). Only this file is read.")
  private Path configFile;

  @Option(
      names = "--slo",
      paramLabel = "NAME",
      description = "A gating SLO of the config; repeat for several. Default: every SLO.")
  private List<String> sloNames = new ArrayList<>();

  @Option(names = "--json", description = "Print the decision as one JSON object.")
  private boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = CliValues.DurationConverter.class,
      description =
          "The time for the whole decision: connecting and every query. Up to 10m. Default:"
              + " ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Option(
      names = "--on-unknown",
      paramLabel = "deny|allow",
      defaultValue = "deny",
      description =
          "When Prometheus cannot decide: deny (exit 3) or allow (exit 0, the reason printed)."
              + " Default: ${DEFAULT-VALUE}.")
  private String onUnknown;

  @Option(
      names = "--prometheus-token-file",
      paramLabel = "FILE",
      description =
          "A file of one line: a bearer token (sent as Authorization: Bearer TOKEN) or"
              + " user:password (a colon: sent as HTTP basic auth). Never printed.")
  private Path tokenFile;

  private final Sre4jCli.Io io;

  GateCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  /** Bad usage, with the one line to print. */
  private static final class Usage extends Exception {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() {
    FleetGate gate;
    boolean allowUnknown;
    try {
      allowUnknown = onUnknown();
      if (timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new Usage("--timeout must be at most 10m but was " + CliValues.human(timeout));
      }
      URI base;
      try {
        base = FleetGate.baseUrl("--prometheus", prometheusUrl);
      } catch (IllegalArgumentException e) {
        throw new Usage(Objects.requireNonNull(e.getMessage())); // baseUrl's own message
      }
      Sre4jConfig config;
      try {
        config = ConfigFiles.read(configFile);
      } catch (ConfigFiles.BadConfig e) {
        io.err().println("sre4j gate: " + e.getMessage());
        return Sre4jCli.USAGE;
      }
      gate =
          FleetGate.over(
              base,
              authorization(),
              gatingSlos(config),
              alertRules(config),
              atRiskThreshold(config));
    } catch (Usage e) {
      io.err().println("sre4j gate: " + e.getMessage() + " (see 'sre4j gate --help')");
      return Sre4jCli.USAGE;
    }

    long deadline = System.nanoTime() + timeout.toNanos();
    FleetGate.Verdict verdict;
    try {
      verdict = gate.decide(Instant.now(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      verdict =
          new FleetGate.Verdict(Instant.now(), FleetGate.Outcome.UNKNOWN, List.of(), List.of(),
              List.of("interrupted while waiting for prometheus"), List.of());
    }
    boolean allowed =
        verdict.outcome() == FleetGate.Outcome.ALLOW
            || (verdict.outcome() == FleetGate.Outcome.UNKNOWN && allowUnknown);
    PrintStream out = io.out();
    out.print(json ? verdict.toJson(prometheusUrl, allowed, onUnknown) + "\n" : text(verdict, allowed));
    out.flush();
    return switch (verdict.outcome()) {
      case ALLOW -> 0;
      case DENY -> DENY;
      case UNKNOWN -> {
        io.err()
            .println(
                "sre4j gate: cannot decide: "
                    + verdict.unknowns().get(0)
                    + (verdict.unknowns().size() > 1
                        ? " (and " + (verdict.unknowns().size() - 1) + " more)"
                        : "")
                    + (allowUnknown ? "; allowed by --on-unknown allow" : ""));
        yield allowUnknown ? 0 : UNKNOWN;
      }
    };
  }

  private boolean onUnknown() throws Usage {
    return switch (onUnknown) {
      case "deny" -> false;
      case "allow" -> true;
      default -> throw new Usage("--on-unknown must be deny or allow but was "
          + ConfigException.quote(onUnknown));
    };
  }

  private List<SloSpec> gatingSlos(Sre4jConfig config) throws Usage {
    if (sloNames.isEmpty()) {
      return config.slos();
    }
    List<String> known = config.slos().stream().map(SloSpec::name).toList();
    List<SloSpec> out = new ArrayList<>();
    for (String name : sloNames) {
      SloSpec slo =
          config.slos().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
      if (slo == null) {
        throw new Usage("--slo must be an SLO of the config " + known + " but was "
            + ConfigException.quote(name));
      }
      if (!out.contains(slo)) {
        out.add(slo);
      }
    }
    return out;
  }

  private static List<AlertRule> alertRules(Sre4jConfig config) {
    String text = config.properties().get("alert.rules");
    return text == null ? AlertRule.defaults() : RulesCommand.alertRules(text);
  }

  private static double atRiskThreshold(Sre4jConfig config) {
    String text = config.properties().get("policy.at-risk");
    // already checked by the config: a ratio in (0,1), in the grammar of objectives
    return text == null ? 0.25 : CliValues.objective(text);
  }

  /** The Authorization header from the token file; its content is never printed. */
  private Optional<String> authorization() throws Usage {
    if (tokenFile == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(FleetGate.authorization(tokenFile, "--prometheus-token-file"));
    } catch (IllegalArgumentException e) {
      throw new Usage(Objects.requireNonNull(e.getMessage())); // authorization's own message
    }
  }

  // ------------------------------------------------------------------------------------ output

  private String text(FleetGate.Verdict verdict, boolean allowed) {
    StringBuilder out = new StringBuilder();
    String decision = verdict.outcome().label();
    out.append("decision: ")
        .append(
            verdict.outcome() == FleetGate.Outcome.UNKNOWN
                ? (allowed ? "allow (cannot decide; --on-unknown allow)" : "unknown (cannot decide)")
                : decision)
        .append(" (from ")
        .append(FleetGate.SOURCE)
        .append(" at ")
        .append(prometheusUrl)
        .append(")\n");
    verdict.reasons().forEach(r -> out.append("reason: ").append(r).append('\n'));
    verdict.unknowns().forEach(r -> out.append("unknown: ").append(r).append('\n'));
    verdict.notes().forEach(r -> out.append("note: ").append(r).append('\n'));
    for (FleetGate.SloFigures slo : verdict.slos()) {
      out.append("slo ")
          .append(slo.slo())
          .append(" (")
          .append(CliValues.percent(slo.objective()))
          .append(" over ")
          .append(slo.window())
          .append("): ")
          .append(slo.budgetState().replace('_', ' '));
      if (slo.unknown().isEmpty()) {
        if (slo.budgetJudged()) {
          out.append(", ").append(FleetGate.left(slo.budgetRemaining()));
        }
        StringBuilder burns = new StringBuilder();
        for (Map.Entry<Duration, Double> ratio : slo.errorRatios().entrySet()) {
          burns
              .append(burns.length() == 0 ? "" : ", ")
              .append(FleetGate.promWindow(ratio.getKey()))
              .append(' ')
              .append(
                  Double.isNaN(ratio.getValue())
                      ? "no traffic"
                      : CliValues.decimal(slo.burnRate(ratio.getValue()), 3));
        }
        if (burns.length() > 0) {
          out.append("; burn rates ").append(burns);
        }
        out.append(
            slo.firing().isEmpty()
                ? "; no alert firing"
                : "; firing: " + String.join(", ", slo.firing()));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
