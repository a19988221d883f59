package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class BudgetCommandTest {

  @Test
  void showsAnAdjustedObjectiveBesideTheOriginal() {
    Cli.Result result = Cli.run("budget", "99.9%", "30d", "--adjusted", "99.5%");
    assertThat(result.code()).isZero();
    assertThat(result.out())
        .contains("allowed downtime      43m12s in 30d (43.2 minutes)")
        .contains("adjusted objective    99.5%: allowed downtime 3h36m in 30d (5x the original),"
            + " bad fraction 0.5%");
    assertThat(Cli.run("budget", "99.9%", "30d").out()).doesNotContain("adjusted objective");
  }

  @Test
  void printsTheBudgetAndTheDefaultAlertThresholds() {
    Cli.Result result = Cli.run("budget", "99.98%", "30d");

    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .contains("Objective 99.98% over 30d")
        .contains("allowed bad fraction  0.02% of requests (1 in 5,000)")
        // (1 − 0.9998) × 30 d = 518.4 s
        .contains("allowed downtime      8m38.4s in 30d (8.64 minutes)")
        .containsPattern("page +1h/5m +14\\.4 +0\\.288% +2% in 1h +2d2h")
        .containsPattern("page +6h/30m +6 +0\\.12% +5% in 6h +5d")
        .containsPattern("ticket +3d/6h +1 +0\\.02% +10% in 3d +30d")
        .contains("Add --rps N");
  }

  @Test
  void givesThresholdsInErrorsPerMinuteAtARate() {
    Cli.Result result = Cli.run("budget", "0.9999", "30d", "--rps", "250");

    assertThat(result.code()).isZero();
    // 99.99 % of 30 days: the 4.32 minutes of the product description
    assertThat(result.out())
        .contains("allowed downtime      4m19.2s in 30d (4.32 minutes)")
        .contains("allowed bad requests  64,800 in 30d at 250 rps (1.5 a minute on average)")
        .contains("errors/min at 250 rps")
        // 14.4 × 0.0001 × 250 × 60 = 21.6
        .containsPattern("page +1h/5m +14\\.4 +0\\.144% +2% in 1h +2d2h +21\\.6")
        .containsPattern("page +6h/30m +6 +0\\.06% +5% in 6h +5d +9")
        .containsPattern("ticket +3d/6h +1 +0\\.01% +10% in 3d +30d +1\\.5");
  }

  @Test
  void acceptsOtherWindows() {
    Cli.Result result = Cli.run("budget", "99.5%", "4w");

    assertThat(result.code()).isZero();
    // 0.5 % of 28 days = 3h21m36s
    assertThat(result.out()).contains("over 28d").contains("allowed downtime      3h21m36s in 28d");
  }

  @ParameterizedTest
  @CsvSource({
    "30d, PT720H",
    "4w, PT672H",
    "1h30m, PT1H30M",
    "1.5s, PT1.5S",
    "90 min, PT1H30M",
    "PT5M, PT5M",
    "2d 12h, PT60H",
    "800ms, PT0.8S"
  })
  void readsDurationsAsTheConfigurationDoes(String text, String expected) {
    assertThat(CliValues.duration("window", text)).isEqualTo(Duration.parse(expected));
  }
}
