package io.sre4j.cli;

import io.sre4j.core.ConfigException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;

/**
 * The {@code sre4j} command: {@code demo}, {@code replay}, {@code rules} and {@code budget}.
 *
 * <p><b>Exit codes:</b> 0 success; 1 bad data (malformed input lines, an unreadable input file); 2
 * bad usage (an unknown command or flag, a bad value, bad configuration), always with one line on
 * standard error that says what was wrong.
 *
 * <p><b>Streams:</b> results on standard output (JSON lines for {@code replay} and {@code demo}),
 * human summaries and errors on standard error.
 */
@Command(
    name = "sre4j",
    mixinStandardHelpOptions = true,
    versionProvider = Sre4jCli.Version.class,
    description = {
      "SLOs, error budgets and burn-rate alerts for a service, measured at its boundary.",
      "Exit codes: 0 ok, 1 bad data, 2 bad usage (gate: 1 deny, 3 cannot decide)."
    },
    synopsisSubcommandLabel = "COMMAND")
public final class Sre4jCli implements Callable<Integer> {

  /** Usage errors: a bad command, flag, value or configuration. */
  static final int USAGE = 2;

  /** Data errors: malformed input lines, an unreadable input file. */
  static final int DATA = 1;

  private final Io io;

  private Sre4jCli(Io io) {
    this.io = io;
  }

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            false,
            StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, System.in, out, err);
    // run() flushed stdout within a timeout; never wait on it again, it may be a blocked pipe
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line with the given streams; never calls {@link System#exit}.
   *
   * @param args the arguments
   * @param in standard input ({@code replay -})
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0 ok, 1 bad data, 2 bad usage
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    Io io = new Io(in, out, err, new BoundedFlush(out, err,
        Duration.ofMillis(BoundedFlush.TIMEOUT_MILLIS)));
    CommandLine cli = new CommandLine(new Sre4jCli(io));
    // picocli reads a command's annotations when it is added, a few hundred milliseconds of
    // start-up for all of them: a named command is added alone; help and errors get every one
    String named = args.length > 0 ? args[0] : "";
    for (String name : COMMANDS) {
      if (!COMMANDS.contains(named) || name.equals(named)) {
        cli.addSubcommand(name, command(name, io));
      }
    }
    cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine failed = e.getCommandLine();
          err.println(
              failed.getCommandSpec().qualifiedName()
                  + ": "
                  + safe(firstLine(e.getMessage()))
                  + " (see '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          err.println(failed.getCommandSpec().qualifiedName() + ": failed: " + safe(
              firstLine(String.valueOf(e))));
          return DATA;
        });
    try {
      return cli.execute(args);
    } finally {
      io.flushOut();
      err.flush();
    }
  }

  /** The commands, in the order of the help. */
  private static final java.util.List<String> COMMANDS =
      java.util.List.of("budget", "replay", "rules", "dashboard", "demo", "gate");

  private static Object command(String name, Io io) {
    return switch (name) {
      case "budget" -> new BudgetCommand(io);
      case "replay" -> new ReplayCommand(io);
      case "rules" -> new RulesCommand(io);
      case "dashboard" -> new DashboardCommand(io);
      case "demo" -> new DemoCommand(io);
      case "gate" -> new GateCommand(io);
      default -> throw new IllegalArgumentException("no command " + name);
    };
  }

  /** The most characters of an error line: {@value}. */
  static final int MAX_ERROR_CHARS = 1000;

  /**
   * An error line safe for a terminal: control and format characters as <code>&#92;uXXXX</code>
   * (picocli's own messages echo arguments as typed), cut after {@value #MAX_ERROR_CHARS}
   * characters. Values sre4j quotes itself are quoted and escaped by {@link
   * ConfigException#quote(CharSequence)}.
   */
  static String safe(String line) {
    StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_ERROR_CHARS) + 16);
    int i = 0;
    for (; i < line.length() && out.length() < MAX_ERROR_CHARS; i++) {
      char c = line.charAt(i);
      int type = Character.getType(c);
      if (type == Character.CONTROL || type == Character.FORMAT) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (i < line.length()) {
      out.append("… (").append(line.length()).append(" characters)");
    }
    return out.toString();
  }

  static String firstLine(@Nullable String message) {
    if (message == null) {
      return "error";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  /** {@code sre4j} alone: the usage, on standard error, as a usage error. */
  @Override
  public Integer call() {
    io.err()
        .println(
            "sre4j: a command is required: budget, replay, rules, demo or gate (see 'sre4j --help')");
    return USAGE;
  }

  /**
   * The streams a command reads and writes; {@link #flushOut()} flushes standard output within a
   * timeout (see {@link BoundedFlush}).
   */
  record Io(InputStream in, PrintStream out, PrintStream err, BoundedFlush outFlush) {

    /** Flushes standard output, waiting at most {@link BoundedFlush#TIMEOUT_MILLIS}. */
    boolean flushOut() {
      return outFlush.flush();
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Sre4jCli.class.getPackage().getImplementationVersion();
      return new String[] {"sre4j " + (version == null ? "(development build)" : version)};
    }
  }
}
