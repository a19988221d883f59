package io.sre4j.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
    out.flush();
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
    Io io = new Io(in, out, err);
    CommandLine cli = new CommandLine(new Sre4jCli(io));
    cli.addSubcommand("budget", new BudgetCommand(io));
    cli.addSubcommand("replay", new ReplayCommand(io));
    cli.addSubcommand("rules", new RulesCommand(io));
    cli.addSubcommand("demo", new DemoCommand(io));
    cli.addSubcommand("gate", new GateCommand(io));
    cli.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          CommandLine failed = e.getCommandLine();
          err.println(
              failed.getCommandSpec().qualifiedName()
                  + ": "
                  + firstLine(e.getMessage())
                  + " (see '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          err.println(failed.getCommandSpec().qualifiedName() + ": failed: " + e);
          return DATA;
        });
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
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

  /** The streams a command reads and writes. */
  record Io(InputStream in, PrintStream out, PrintStream err) {}

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Sre4jCli.class.getPackage().getImplementationVersion();
      return new String[] {"sre4j " + (version == null ? "(development build)" : version)};
    }
  }
}
