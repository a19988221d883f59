package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, bug 8: {@code sre4j budget} takes the configuration's limits (windows 1h to 400d, an
 * objective in (0,1)) and a bounded {@code --rps}, and prints an objective with every digit it was
 * given; and bug 6 for the command line: an argument echoed in an error is quoted and escaped.
 */
final class BudgetLimitsTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "99.9% 30d --rps 1e300 | sre4j budget: Invalid value for option '--rps': must be a number of"
            + " requests per second above 0 and at most 1000000000 but was \"1e300\""
            + " (see 'sre4j budget --help')",
        "99.9% 30d --rps NaN   | sre4j budget: Invalid value for option '--rps': must be a number of"
            + " requests per second above 0 and at most 1000000000 but was \"NaN\""
            + " (see 'sre4j budget --help')",
        "99.9% 30d --rps Infinity | sre4j budget: Invalid value for option '--rps': must be a"
            + " number of requests per second above 0 and at most 1000000000 but was \"Infinity\""
            + " (see 'sre4j budget --help')",
        "99.9% 401d            | sre4j budget: Invalid value for positional parameter at index 1"
            + " (WINDOW): must be between 1h and 400d but was \"401d\" (see 'sre4j budget --help')",
        "99.9% 59m             | sre4j budget: Invalid value for positional parameter at index 1"
            + " (WINDOW): must be between 1h and 400d but was \"59m\" (see 'sre4j budget --help')",
        "100% 30d              | sre4j budget: Invalid value for positional parameter at index 0"
            + " (OBJECTIVE): objective must be in (0,1) but was \"100%\""
            + " (see 'sre4j budget --help')",
      })
  void absurdInputIsOneLineAndExitCode2(String args, String line) {
    Cli.Result result = Cli.run(("budget " + args).split(" +"));

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).containsExactly(line);
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    Cli.Result result = Cli.run("budget", "99.9%", "400d", "--rps", "1000000000");

    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    // 1e9 rps x 400 d x 0.1 % = 34,560,000,000,000 bad requests, far from Long.MAX_VALUE
    assertThat(result.out()).contains("Objective 99.9% over 400d")
        .contains("allowed bad requests  34,560,000,000,000 in 400d at 1000000000 rps");
    assertThat(Cli.run("budget", "99.9%", "1h").code()).isZero();
  }

  @Test
  void anObjectiveIsPrintedWithEveryDigitItWasGiven() {
    Cli.Result result = Cli.run("budget", "99.9999999999%", "30d");

    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("Objective 99.9999999999% over 30d")
        .contains("allowed bad fraction  0.0000000001% of requests")
        .doesNotContain("100%");
  }

  @Test
  void anArgumentWithControlCharactersIsEscapedInTheError() {
    Cli.Result result = Cli.run("budget", "99.9%", "3\u001b[2J0d");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines()).containsExactly("sre4j budget: Invalid value for positional"
        + " parameter at index 1 (WINDOW): must be a duration such as 800ms, 5m, 30d or PT5M but"
        + " was \"3\\u001b[2J0d\" (see 'sre4j budget --help')");
    Cli.Result unknown = Cli.run("budget", "99.9%", "30d", "--\u0007bell");
    assertThat(unknown.err()).doesNotContain("\u0007").contains("--\\u0007bell");
  }
}
