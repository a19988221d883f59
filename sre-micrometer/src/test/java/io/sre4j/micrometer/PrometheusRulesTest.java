package io.sre4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.testing.ExternalTool;
import io.sre4j.core.AlertRule;
import io.sre4j.core.Budgeting;
import io.sre4j.core.Sli;
import io.sre4j.core.SloSpec;
import io.sre4j.core.SloStatus.BurnRate;
import io.sre4j.core.SloWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class PrometheusRulesTest {

  /** The two SLOs of the promtool suite, src/test/resources/promtool/burn-rate-tests.yml. */
  static final List<SloSpec> SUITE_SLOS =
      List.of(
          SloSpec.builder("checkout-availability").objective("99.9%").build(),
          SloSpec.builder("checkout-latency")
              .sli(Sli.latency(Duration.ofMillis(800)))
              .objective("99%")
              .build());

  @Test
  void writesRecordsForEveryWindowAndOneAlertPerSeverity() {
    String yaml = PrometheusRules.defaults().render(SUITE_SLOS);

    assertThat(yaml).contains("  - name: sre4j-slo-checkout-availability\n");
    assertThat(yaml).contains("  - name: sre4j-slo-checkout-latency\n");
    for (String window : List.of("5m", "30m", "1h", "6h", "3d", "30d")) {
      assertThat(yaml).contains("      - record: slo:sre4j_slo_errors:ratio_rate" + window + "\n");
      assertThat(yaml)
          .contains(
              "sum by (slo) (rate(sre4j_slo_valid_events_total{slo=\"checkout-latency\"}["
                  + window
                  + "]))");
      assertThat(yaml)
          .contains(
              "sum by (slo) (rate(sre4j_slo_good_events_total{slo=\"checkout-latency\"}["
                  + window
                  + "]))");
    }
    assertThat(PrometheusRules.errorRatioRecord(Duration.ofMinutes(5)))
        .isEqualTo("slo:sre4j_slo_errors:ratio_rate5m");
    assertThat(yaml)
        .contains(
            "expr: 1 - slo:sre4j_slo_errors:ratio_rate30d{slo=\"checkout-availability\"} / (1 -"
                + " 0.999)");
    assertThat(yaml)
        .contains(
            "slo:sre4j_slo_errors:ratio_rate1h{slo=\"checkout-availability\"} >= (14.4 * (1 -"
                + " 0.999))");
    assertThat(yaml)
        .contains(
            "slo:sre4j_slo_errors:ratio_rate30m{slo=\"checkout-latency\"} >= (6 * (1 - 0.99))");
    assertThat(yaml)
        .contains(
            "sum by (slo) (increase(sre4j_slo_valid_events_total{slo=\"checkout-latency\"}[3d])) >="
                + " 100");
    assertThat(count(yaml, "      - alert: SloErrorBudgetBurn\n")).isEqualTo(4);
    assertThat(count(yaml, "        for: 2m\n")).as("page only").isEqualTo(2);
    assertThat(count(yaml, "          severity: page\n")).isEqualTo(2);
    assertThat(count(yaml, "          severity: ticket\n"))
        .as("per SLO, the ticket burn alert and SloNoData (ticket by default)")
        .isEqualTo(4);
    assertThat(count(yaml, "      - alert: SloNoData\n")).isEqualTo(2);
    assertThat(yaml)
        .contains("runbook_url: \"https://runbooks.example.com/sre4j/checkout-latency\"");
    assertThat(yaml).doesNotContain("\t");
  }

  @Test
  void calendarAndTimesliceWindowsGetACommentInsteadOfABudgetRule() {
    String yaml =
        PrometheusRules.defaults()
            .render(
                List.of(
                    SloSpec.builder("monthly")
                        .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                        .build(),
                    SloSpec.builder("sliced")
                        .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.95))
                        .build()));
    assertThat(yaml).doesNotContain("record: " + PrometheusRules.BUDGET_REMAINING_RECORD);
    assertThat(yaml).contains("the calendar month (Europe/Paris)");
    assertThat(yaml).contains("budgeted by 1m time slices");
    assertThat(yaml).contains("# sre4j_slo_budget_remaining_ratio{slo=\"monthly\"}.");
    assertThat(yaml).doesNotContain("ratio_rate30d").doesNotContain("ratio_rate31d");
    // alerts still work: their windows are rolling
    assertThat(count(yaml, "      - alert: SloErrorBudgetBurn\n")).isEqualTo(4);
  }

  @Test
  void optionsChangeTheRules() {
    String yaml =
        PrometheusRules.builder()
            .alertRules(
                List.of(
                    new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                    new AlertRule("critical", Duration.ofMinutes(90), Duration.ofMinutes(10), 20)))
            .minValidEvents(0)
            .alertFor("page", Duration.ZERO)
            .alertFor("critical", Duration.ofSeconds(90))
            .runbookBaseUrl("https://wiki.example.com/sre#")
            .build()
            .render(
                List.of(
                    SloSpec.builder("orders")
                        .objective(0.9995)
                        .window(SloWindow.rolling(Duration.ofDays(7)))
                        .build()));
    assertThat(yaml).doesNotContain("increase(").doesNotContain("for: 2m");
    assertThat(yaml).contains("        for: 1m30s\n");
    assertThat(yaml).contains("ratio_rate1h30m").contains("ratio_rate10m").contains("ratio_rate7d");
    assertThat(yaml).contains(">= (20 * (1 - 0.9995))");
    assertThat(yaml).contains("runbook_url: \"https://wiki.example.com/sre#orders\"");
    assertThat(yaml)
        .contains("description: \"Burn rate >= 20 over 1h30m and 10m; objective 99.95% over 7d.\"");
    assertThat(yaml).contains("          window: 7d\n");
  }

  @Test
  void windowsAreWrittenAsTheCoreWritesThemSoRecordsMatchTheBinderTags() {
    for (Duration window :
        List.of(
            Duration.ofMinutes(5),
            Duration.ofMinutes(90),
            Duration.ofHours(6),
            Duration.ofDays(3),
            Duration.ofDays(30),
            Duration.ofSeconds(3_725))) {
      assertThat(PrometheusRules.promDuration(window))
          .isEqualTo(BurnRate.of(window, 0, 0, 0.5).windowLabel());
    }
  }

  @Test
  void noSlosGiveAnEmptyGroupList() {
    assertThat(PrometheusRules.defaults().render(List.of())).endsWith("groups: []\n");
  }

  @Test
  void rejectsTwoSlosOfTheSameName() {
    SloSpec one = SloSpec.builder("orders").build();
    assertThatThrownBy(() -> PrometheusRules.defaults().render(List.of(one, one)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slo orders appears twice");
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.runbookBaseUrl("wiki/runbooks"),
            "runbookBaseUrl must be an absolute http(s) URL but was wiki/runbooks"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.runbookBaseUrl("ftp://example.com/x"),
            "runbookBaseUrl must be an absolute http(s) URL but was ftp://example.com/x"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.runbookBaseUrl("https://exa mple.com"),
            "runbookBaseUrl must be an absolute http(s) URL but was https://exa mple.com"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.minValidEvents(-1),
            "minValidEvents must be between 0 and 1000000000 but was -1"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.alertRules(List.of()),
            "alertRules must hold at least one rule but was empty"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.alertFor("page", Duration.ofMillis(1500)),
            "alertFor.page must be whole seconds between 0s and 1d but was PT1.5S"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.alertFor("page", Duration.ofDays(2)),
            "alertFor.page must be whole seconds between 0s and 1d but was PT48H"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.noDataFor(Duration.ofSeconds(59)),
            "noDataFor must be whole seconds between 1m and 1d but was PT59S"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.noDataFor(Duration.ofMillis(90_500)),
            "noDataFor must be whole seconds between 1m and 1d but was PT1M30.5S"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.noDataSeverity("pa ge"),
            "noDataSeverity must be letters, digits, - and _ but was \"pa ge\""),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.keepFiringFor(Duration.ofSeconds(-1)),
            "keepFiringFor must be whole seconds between 0s and 1d but was PT-1S"),
        Arguments.of(
            (Consumer<PrometheusRules.Builder>) b -> b.keepFiringFor(Duration.ofDays(2)),
            "keepFiringFor must be whole seconds between 0s and 1d but was PT48H"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void rejectsBadOptions(Consumer<PrometheusRules.Builder> option, String message) {
    assertThatThrownBy(() -> option.accept(PrometheusRules.builder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void quotesYamlStrings() {
    assertThat(PrometheusRules.quote("a \"b\" \\ c\nd\u0007"))
        .isEqualTo("\"a \\\"b\\\" \\\\ c\\u000ad\\u0007\"");
  }

  @Test
  void generatedRulesPassPromtoolCheckRules(@TempDir Path dir) throws IOException {
    Path promtool = ExternalTool.require("promtool");
    String yaml =
        PrometheusRules.builder()
            .alertRules(
                List.of(
                    new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
                    new AlertRule("page", Duration.ofHours(6), Duration.ofMinutes(30), 6),
                    new AlertRule("ticket", Duration.ofDays(3), Duration.ofHours(6), 1),
                    new AlertRule("ticket", Duration.ofDays(1), Duration.ofHours(2), 3)))
            .alertFor("ticket", Duration.ofMinutes(15))
            .build()
            .render(
                List.of(
                    SUITE_SLOS.get(0),
                    SUITE_SLOS.get(1),
                    SloSpec.builder("monthly")
                        .objective("99.98%")
                        .window(SloWindow.calendarMonth(ZoneId.of("America/New_York")))
                        .build(),
                    SloSpec.builder("weekly")
                        .window(SloWindow.calendarWeek(ZoneId.of("UTC")))
                        .build(),
                    SloSpec.builder("sliced")
                        .objective("99.99%")
                        .budgeting(Budgeting.timeslices(Duration.ofMinutes(1), 0.99))
                        .build(),
                    SloSpec.builder("quarter")
                        .objective(0.95)
                        .window(SloWindow.rolling(Duration.ofDays(90)))
                        .build()));
    Files.writeString(dir.resolve("rules.yml"), yaml);
    ExternalTool.Result result =
        ExternalTool.run(dir, null, 60, promtool.toString(), "check", "rules", "rules.yml");
    assertThat(result.exitCode())
        .as("promtool check rules:%n%s%n--- rules ---%n%s", result.output(), yaml)
        .isZero();
    assertThat(result.output()).contains("SUCCESS");

    Files.writeString(dir.resolve("empty.yml"), PrometheusRules.defaults().render(List.of()));
    result = ExternalTool.run(dir, null, 60, promtool.toString(), "check", "rules", "empty.yml");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /**
   * For one availability and one latency SLO: a fast burn pages at the expected minute and not one
   * minute earlier, a slow burn only tickets, a healthy series never alerts; see the suite's
   * comments for the arithmetic.
   */
  @Test
  void burnRateSuitePassesPromtoolTestRules(@TempDir Path dir) throws IOException {
    Path promtool = ExternalTool.require("promtool");
    Files.writeString(dir.resolve("rules.yml"), PrometheusRules.defaults().render(SUITE_SLOS));
    try (InputStream suite =
        PrometheusRulesTest.class.getResourceAsStream("/promtool/burn-rate-tests.yml")) {
      assertThat(suite).as("test resource").isNotNull();
      Files.write(dir.resolve("burn-rate-tests.yml"), suite.readAllBytes());
    }
    ExternalTool.Result result =
        ExternalTool.run(
            dir, null, 120, promtool.toString(), "test", "rules", "burn-rate-tests.yml");
    assertThat(result.exitCode())
        .as(
            "promtool test rules:%n%s%n--- rules ---%n%s",
            result.output(), Files.readString(dir.resolve("rules.yml"), StandardCharsets.UTF_8))
        .isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  /**
   * SloNoData: a fleet that stops being scraped fires it 15m after its last sample, a quiet fleet
   * with traffic never does, a present fleet without traffic does once present for 15m; and the
   * exhaustion forecast record against the arithmetic in the suite's comments.
   */
  @Test
  void noDataAndForecastSuitePassesPromtoolTestRules(@TempDir Path dir) throws IOException {
    promtoolSuite(dir, PrometheusRules.defaults().render(List.of(SUITE_SLOS.get(0))),
        "no-data-and-forecast-tests.yml");
  }

  /** The hovering series: four pages without keep_firing_for. */
  @Test
  void hoveringBurnFiresAndResolvesAtEveryCrossingWithoutKeepFiringFor(@TempDir Path dir)
      throws IOException {
    promtoolSuite(dir, hoverRules(Duration.ZERO), "hover-exact-tests.yml");
  }

  /** The same hovering series: one page with keep_firing_for 10m, resolved 10m after it ends. */
  @Test
  void hoveringBurnFiresOnceWithKeepFiringFor(@TempDir Path dir) throws IOException {
    String yaml = hoverRules(Duration.ofMinutes(10));
    assertThat(yaml).contains("        keep_firing_for: 10m\n");
    promtoolSuite(dir, yaml, "hover-keep-tests.yml");
  }

  @Test
  void writesOneNoDataAlertPerSloAndForecastsWhereTheBudgetIsRecorded() {
    String yaml =
        PrometheusRules.builder()
            .noDataFor(Duration.ofMinutes(30))
            .noDataSeverity("page")
            .build()
            .render(
                List.of(
                    SUITE_SLOS.get(0),
                    SloSpec.builder("monthly").window(SloWindow.calendarMonth(ZoneId.of("UTC")))
                        .build()));
    assertThat(count(yaml, "      - alert: SloNoData\n")).isEqualTo(2);
    assertThat(yaml)
        .contains("absent_over_time(sre4j_slo_valid_events_total{slo=\"monthly\"}[30m])")
        .contains("sum by (slo) (rate(sre4j_slo_valid_events_total{slo=\"monthly\"}[30m])) == 0")
        .contains("count by (slo) (sre4j_slo_valid_events_total{slo=\"monthly\"} offset 30m)")
        .contains("          severity: page\n          slo: monthly\n");
    // the forecast only beside the budget record: the rolling 30d SLO, for 1h and 6h
    assertThat(count(yaml, "      - record: " + PrometheusRules.BUDGET_EXHAUSTION_RECORD + "\n"))
        .isEqualTo(2);
    assertThat(yaml)
        .contains("          2592000 * slo:sre4j_slo_budget_remaining:ratio{slo=\"checkout-availability\"}\n")
        .contains("          window: 1h\n")
        .contains("          window: 6h\n");
    assertThat(yaml).doesNotContain("keep_firing_for");
    assertThat(PrometheusRules.BUDGET_EXHAUSTION_RECORD)
        .isEqualTo("slo:sre4j_slo_budget_exhaustion:seconds");
  }

  private static String hoverRules(Duration keepFiringFor) {
    return PrometheusRules.builder()
        .alertRules(List.of(new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4)))
        .alertFor("page", Duration.ZERO)
        .keepFiringFor(keepFiringFor)
        .build()
        .render(List.of(SloSpec.builder("checkout-availability").objective("99%").build()));
  }

  private static void promtoolSuite(Path dir, String rules, String suite) throws IOException {
    Path promtool = ExternalTool.require("promtool");
    Files.writeString(dir.resolve("rules.yml"), rules);
    try (InputStream in = PrometheusRulesTest.class.getResourceAsStream("/promtool/" + suite)) {
      assertThat(in).as("test resource").isNotNull();
      Files.write(dir.resolve(suite), in.readAllBytes());
    }
    ExternalTool.Result result =
        ExternalTool.run(dir, null, 120, promtool.toString(), "test", "rules", suite);
    assertThat(result.exitCode())
        .as("promtool test rules:%n%s%n--- rules ---%n%s", result.output(), rules)
        .isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
