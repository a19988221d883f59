package io.sre4j.cli;

import io.sre4j.core.SloSnapshot;
import io.sre4j.core.SloStatus;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.core.event.SloEvent.AlertEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sre4j replay --config slo.properties FILE...}: an SLO backtest. See {@link Replay}. */
@Command(
    name = "replay",
    header = "Backtest SLOs and alerts: replay access logs on a simulated clock.",
    mixinStandardHelpOptions = true,
    description = {
      "Replays access logs through the SLOs of a config on a simulated clock that follows the"
          + " lines' timestamps, and writes the sli_report and alert lines the live library would"
          + " have written (JSON Lines on stdout, each with the simulated time as ts); then a"
          + " summary per SLO on stderr. A backtest of SLOs and alert thresholds against last"
          + " month's traffic.",
      "",
      "Input, per file (the first non-blank line decides): sre4j's own access JSON lines, other"
          + " JSON Lines, or CSV with a header row; columns timestamp (or ts; RFC 3339 or epoch"
          + " milliseconds), route, method, status, duration_ms, and optional error (the request"
          + " threw). Lines of other types (sli_report, ...) are ignored. Lines longer than 1 MiB"
          + " are malformed. Lines should be in time order; an older line is recorded at the time"
          + " of the newest one before it and counted. A line more than --max-gap ahead of the"
          + " clock is replayed only if the next line confirms the jump (is not more than"
          + " --max-gap before it); otherwise it is counted as out of range and skipped, as are"
          + " times after 2199.",
      "",
      "Malformed and out-of-range lines are counted, the first 10 reported on stderr with their"
          + " line numbers, and skipped. Exit code 0 when every line was replayed, 1 if any was"
          + " malformed or out of range, 2 for bad usage or a bad config.",
      "",
      "With --state FILE, the registry's state is restored from FILE before the first line and"
          + " written to it after the last: replaying nov-1.jsonl then nov-2.jsonl with one state"
          + " file writes the same alert lines as replaying both at once, and the same sli_report"
          + " lines but for the report of the interval in progress at the split (its"
          + " interval_start and latency cover the second part only). The config's state.* keys"
          + " are ignored.",
      "",
      "Example: sre4j replay --config slo.properties nov.jsonl > backtest.jsonl"
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "The SLO configuration: a properties file with the keys of sre4j.properties"
              + " (slo.<name>.objective=99.9%%, interval=60s, alert.rules=..., ...). Only this file"
              + " is read: no system properties, no environment variables.")
  private Path configFile;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "A state file (the format of state.file): restored before the first line, written after"
              + " the last. A missing file is a fresh start; a bad one is moved aside as"
              + " FILE.corrupt-<time> and the replay starts fresh.")
  private @Nullable Path stateFile;

  @Option(
      names = "--max-gap",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = CliValues.DurationConverter.class,
      description =
          "How far ahead of the clock a line may jump it on its own (default: ${DEFAULT-VALUE})."
              + " A line further ahead is replayed only if the next line is not more than this"
              + " before it (a real gap: a quiet night, the next file); otherwise it is a stray"
              + " line, counted as out of range and skipped, so that it does not drag every later"
              + " line to its time. Raise it for a log whose last line comes after a long gap.")
  private Duration maxGap = Duration.ofHours(1);

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "Access logs, replayed in the order given as one stream; - is standard input.")
  private List<String> files;

  private final Sre4jCli.Io io;

  ReplayCommand(Sre4jCli.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    PrintStream err = io.err();
    Sre4jConfig config;
    try {
      config = ConfigFiles.read(configFile);
    } catch (ConfigFiles.BadConfig e) {
      err.println("sre4j replay: " + e.getMessage());
      return Sre4jCli.USAGE;
    }
    long stdin = files.stream().filter("-"::equals).count();
    if (stdin > 1) {
      err.println(
          "sre4j replay: standard input (-) may be named once but was named "
              + stdin
              + " times (see 'sre4j replay --help')");
      return Sre4jCli.USAGE;
    }
    for (String file : files) {
      if (!file.equals("-") && !Files.isReadable(Path.of(file))) {
        err.println(
            "sre4j replay: cannot read "
                + file
                + ": "
                + (Files.exists(Path.of(file)) ? "permission denied" : "no such file"));
        return Sre4jCli.USAGE;
      }
    }
    Replay replay;
    try {
      replay = new Replay(config, io.out(), err, stateFile, maxGap);
    } catch (IllegalArgumentException e) {
      err.println(
          "sre4j replay: bad config " + configFile + ": " + Sre4jCli.firstLine(e.getMessage()));
      return Sre4jCli.USAGE;
    }
    String failure = null;
    for (String file : files) {
      try {
        if (file.equals("-")) {
          replay.replay("-", io.in());
        } else {
          try (InputStream in = Files.newInputStream(Path.of(file))) {
            replay.replay(file, in);
          }
        }
      } catch (IOException e) {
        failure = "sre4j replay: reading " + file + " failed: " + e;
        break;
      }
    }
    List<SloStatus> statuses = replay.finish();
    io.out().flush();
    summary(replay, statuses, err);
    if (failure != null) {
      err.println(failure);
      return Sre4jCli.DATA;
    }
    if (replay.droppedLines() > 0) {
      err.println("sre4j replay: " + replay.droppedLines() + " output lines were dropped");
      return Sre4jCli.DATA;
    }
    return replay.reported() > 0 ? Sre4jCli.DATA : 0;
  }

  private void summary(Replay replay, List<SloStatus> statuses, PrintStream err) {
    err.printf(
        Locale.ROOT,
        "sre4j replay: %s lines read, %s replayed, %s malformed, %s ignored"
            + " (headers, other line types), %s out of order (recorded at the time before them),"
            + " %s out of range (skipped)%n",
        CliValues.count(replay.lines()),
        CliValues.count(replay.records()),
        CliValues.count(replay.malformed()),
        CliValues.count(replay.ignored()),
        CliValues.count(replay.outOfOrder()),
        CliValues.count(replay.outOfRange()));
    if (replay.reported() > Replay.REPORTED_MALFORMED) {
      err.println(
          "  (the first "
              + Replay.REPORTED_MALFORMED
              + (replay.outOfRange() > 0 ? " malformed or out-of-range" : " malformed")
              + " lines are shown above)");
    }
    replay
        .stateStatus()
        .ifPresent(
            state ->
                err.printf(
                    Locale.ROOT,
                    "  state %s: %s%s; %s%n",
                    state.file(),
                    state.restoreOutcome(),
                    state.restoredFrom().map(t -> " (written at " + t + ")").orElse(""),
                    state.lastWritten().map(t -> "written at " + t).orElse("not written")));
    if (replay.first() == null) {
      err.println("  no access line to replay");
      return;
    }
    err.printf(
        Locale.ROOT,
        "  simulated time %s .. %s (%s)%n",
        replay.first(),
        replay.last(),
        CliValues.human(Duration.between(replay.first(), replay.last())));
    for (SloStatus status : statuses) {
      SloSnapshot window = status.window();
      err.printf(
          Locale.ROOT,
          "%s: %s, objective %s over %s%n",
          status.name(),
          window.sliKind(),
          CliValues.percent(window.objective()),
          window.window());
      err.printf(
          Locale.ROOT,
          "  SLI %s (%s good of %s valid, %s bad); error budget %s spent,"
              + " %s left; policy %s%n",
          window.noData() ? "n/a (no data)" : CliValues.percent(window.sli()),
          CliValues.count(window.goodEvents()),
          CliValues.count(window.validEvents()),
          CliValues.count(window.badEvents()),
          CliValues.percent(window.budgetConsumed()),
          CliValues.percent(window.budgetRemaining()),
          status.budgetState().label());
      if (window.adjusted()) { // a budget adjustment in force, restored from --state
        err.printf(
            Locale.ROOT,
            "  budget in force: adjusted (objective %s, extra allowance %s); original budget %s"
                + " left%n",
            CliValues.percent(window.budgetObjective()),
            CliValues.decimal(window.extraAllowance(), 1),
            CliValues.percent(window.originalBudgetRemaining()));
      }
      if (status.budgetState() == SloStatus.BudgetState.REVIEW_REQUIRED) {
        err.println("  review required: the budget was exhausted and no review was recorded"
            + " since; the gate denies until one is (POST /sre/reviews)");
      }
      long[] counts = replay.alerts().counts(status.name());
      List<AlertEvent> alerts = replay.alerts().of(status.name());
      if (alerts.isEmpty()) {
        err.println("  alerts: none fired");
      } else {
        err.printf(
            Locale.ROOT,
            "  alerts: %d fired, %d resolved%s%n",
            counts[0],
            counts[1],
            status.firing().isEmpty()
                ? ""
                : "; still firing: " + String.join(",", status.firing()));
        for (AlertEvent alert : alerts) {
          err.printf(
              Locale.ROOT,
              "    %s %-6s %s%s%n",
              alert.time(),
              alert.severity(),
              alert.state(),
              alert.firing()
                  ? ""
                  : " after "
                      + CliValues.humanShort(Duration.between(alert.since(), alert.time())));
        }
        if (counts[0] + counts[1] > alerts.size()) {
          err.println("    ...");
        }
      }
    }
  }
}
