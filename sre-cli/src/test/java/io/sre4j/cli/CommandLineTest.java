package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class CommandLineTest {

  @Test
  void helpListsEveryCommand() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("budget", "replay", "rules", "demo", "Exit codes");
    assertThat(result.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"budget", "replay", "rules", "demo"})
  void everyCommandHasHelp(String command) {
    Cli.Result result = Cli.run(command, "--help");

    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("Usage: sre4j " + command);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void versionIsPrinted() {
    Cli.Result result = Cli.run("--version");

    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("sre4j ");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                    | a command is required",
        "bogus                                 | Unmatched argument at index 0: 'bogus'",
        "--bogus                               | Unknown option: '--bogus'",
        "budget 99.9% 30d --bogus              | Unknown option: '--bogus'",
        "budget 99.9%                          | Missing required parameter: 'WINDOW'",
        "budget 1.5 30d                        | objective must be in (0,1) but was \"1.5\"",
        "budget abc 30d                        | objective must be a ratio such as 99.9% or 0.999"
            + " but was \"abc\"",
        "budget 99.9% soon                     | must be a duration such as 800ms, 5m, 30d or PT5M"
            + " but was \"soon\"",
        "budget 99.9% 30d --rps 0              | Invalid value for option '--rps': must be a number of"
            + " requests per second above 0 and at most 1000000000 but was \"0\"",
        "budget 99.9% 30d --rps x              | Invalid value for option '--rps': must be a number of"
            + " requests per second above 0 and at most 1000000000 but was \"x\"",
        "replay a.jsonl                        | Missing required option: '--config=FILE'",
        "replay --config                       | Missing required parameter for option '--config'"
            + " (FILE)",
        "rules                                 | Missing required option: '--config=FILE'",
        "demo --port 70000                     | --port must be between 0 and 65535 but was 70000",
        "demo --time-scale 0                   | --time-scale must be between 1 and 100000 but was"
            + " 0",
        "demo --duration 0s                    | must be a positive duration but was \"0s\"",
        "demo --rps 5000                       | --rps must be between 1 and 1000 but was 5000",
        "demo extra                            | Unmatched argument at index 1: 'extra'",
      })
  void badUsageIsOneLineOnStderrAndExitCode2(String args, String message) {
    Cli.Result result = Cli.run(args.isEmpty() ? new String[0] : args.split(" "));

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).startsWith("sre4j").contains(message);
  }
}
