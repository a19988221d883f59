package io.sre4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sre4j.core.AlertRule;
import io.sre4j.core.Sre4jConfig;
import io.sre4j.micrometer.PrometheusRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RulesCommandTest {

  @TempDir Path dir;

  @Test
  void printsThePrometheusRulesOfTheConfiguredSlos() throws IOException {
    Path config = Files.writeString(dir.resolve("slo.properties"), ReplayCommandTest.CONFIG);

    Cli.Result result = Cli.run("rules", "--config", config.toString());

    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            PrometheusRules.defaults()
                .render(
                    Sre4jConfig.from(
                            Map.of(
                                "slo.availability.objective", "99.9%",
                                "slo.latency.sli", "latency",
                                "slo.latency.threshold", "300ms",
                                "slo.latency.objective", "99%"))
                        .slos()))
        .contains(
            "- name: sre4j-slo-availability",
            "- name: sre4j-slo-latency",
            "alert: " + PrometheusRules.ALERT_NAME);
  }

  @Test
  void usesTheConfiguredAlertRulesGuardAndRunbook() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"),
            String.join(
                "\n",
                "sre4j.slo.checkout.objective=0.995",
                "alert.rules=page:2h/10m:10,ticket:1d/2h:2",
                "alert.min-events=50",
                "servlet.endpoints=true"));

    Cli.Result result =
        Cli.run(
            "rules",
            "--config",
            config.toString(),
            "--runbook",
            "https://wiki.example.com/runbooks");

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            PrometheusRules.builder()
                .alertRules(
                    List.of(
                        new AlertRule("page", Duration.ofHours(2), Duration.ofMinutes(10), 10),
                        new AlertRule("ticket", Duration.ofDays(1), Duration.ofHours(2), 2)))
                .minValidEvents(50)
                .runbookBaseUrl("https://wiki.example.com/runbooks")
                .build()
                .render(Sre4jConfig.from(Map.of("slo.checkout.objective", "0.995")).slos()));
    assertThat(result.out()).contains("page:2h/10m:10").contains("at least 50 valid events");
  }

  @Test
  void usesTheConfiguredNoDataSpanAndKeepFiringFor() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"),
            String.join(
                "\n",
                "slo.checkout.objective=99.5%",
                "alert.no-data-for=30m",
                "alert.keep-firing-for=10m"));

    Cli.Result result = Cli.run("rules", "--config", config.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            PrometheusRules.builder()
                .noDataFor(Duration.ofMinutes(30))
                .keepFiringFor(Duration.ofMinutes(10))
                .build()
                .render(Sre4jConfig.from(Map.of("slo.checkout.objective", "99.5%")).slos()));
    assertThat(result.out())
        .contains("absent_over_time(sre4j_slo_valid_events_total{slo=\"checkout\"}[30m])")
        .contains("        keep_firing_for: 10m\n")
        .contains("      - record: " + PrometheusRules.BUDGET_EXHAUSTION_RECORD + "\n");
  }

  @Test
  void aNoDataSpanPrometheusCannotTakeIsABadConfig() throws IOException {
    Path config =
        Files.writeString(dir.resolve("slo.properties"), "alert.no-data-for=30s\nslo.a.objective=99%\n");

    Cli.Result result = Cli.run("rules", "--config", config.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err())
        .startsWith("sre4j rules: bad config " + config
            + ": alert.no-data-for must be whole seconds between 1m and 1d but was \"30s\"");
  }

  @Test
  void badConfigurationIsOneLineAndExitCode2() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("slo.properties"), "alert.rules=page:1h/2h:14.4\nslo.a.objective=99%\n");

    Cli.Result result = Cli.run("rules", "--config", config.toString());

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err())
        .startsWith("sre4j rules: bad config " + config + ": alert.rules must be");
  }
}
