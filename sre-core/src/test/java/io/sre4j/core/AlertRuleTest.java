package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.sre4j.core.Clock.ManualClock;
import io.sre4j.core.SloStatus.AlertReading;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The burn-rate rules: the SRE Workbook defaults, the configuration syntax and its rejections. */
final class AlertRuleTest {

  @Test
  void defaultsAreTheWorkbookTable() {
    assertThat(AlertRule.defaults()).containsExactly(
        new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
        new AlertRule("page", Duration.ofHours(6), Duration.ofMinutes(30), 6),
        new AlertRule("ticket", Duration.ofDays(3), Duration.ofHours(6), 1));
    assertThat(AlertRule.defaults()).map(AlertRule::describe)
        .containsExactly("page:1h/5m:14.4", "page:6h/30m:6.0", "ticket:3d/6h:1.0");
  }

  @Test
  void registryUsesTheDefaultsUnlessToldOtherwise() {
    try (SloRegistry registry = SloRegistry.builder().manualTick()
        .clock(ManualClock.at(java.time.Instant.parse("2027-03-01T00:00:00Z")))
        .slo(SloSpec.builder("availability").build()).build()) {
      registry.evaluate();
      assertThat(registry.status("availability").orElseThrow().alerts())
          .map(AlertReading::rule).containsExactlyElementsOf(AlertRule.defaults());
    }
  }

  @Test
  void parsesTheConfigurationSyntax() {
    assertThat(AlertRule.parse("alert.rules", "page:1h/5m:14.4,ticket:3d/6h:1")).containsExactly(
        new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
        new AlertRule("ticket", Duration.ofDays(3), Duration.ofHours(6), 1));
    assertThat(AlertRule.parse("alert.rules", " page : 2h/10m : 10 , sev-2_b:PT90M/PT15M:0.5 "))
        .containsExactly(
            new AlertRule("page", Duration.ofHours(2), Duration.ofMinutes(10), 10),
            new AlertRule("sev-2_b", Duration.ofMinutes(90), Duration.ofMinutes(15), 0.5));
  }

  @Test
  void describeRoundTripsThroughParse() {
    String text = String.join(",", AlertRule.defaults().stream().map(AlertRule::describe).toList());
    assertThat(AlertRule.parse("alert.rules", text)).isEqualTo(AlertRule.defaults());
  }

  static Stream<Arguments> badRules() {
    return Stream.of(
        Arguments.of("page:5m/1h:14.4",
            wrapped("alert long window must be longer than the short window 1h but was \"5m\"", "page:5m/1h:14.4")),
        Arguments.of("page:1h/1h:14.4",
            wrapped("alert long window must be longer than the short window 1h but was \"1h\"", "page:1h/1h:14.4")),
        Arguments.of("ticket:4d/6h:1",
            wrapped("alert long window must be between 1m and 3d but was \"4d\"", "ticket:4d/6h:1")),
        Arguments.of("ticket:3d/4d:1",
            wrapped("alert short window must be between 1m and 3d but was \"4d\"", "ticket:3d/4d:1")),
        Arguments.of("page:1h/30s:14.4",
            wrapped("alert short window must be between 1m and 3d but was \"30s\"", "page:1h/30s:14.4")),
        Arguments.of("page:1h/5m:0",
            wrapped("alert factor must be a positive number but was \"0.0\"", "page:1h/5m:0")),
        Arguments.of("page:1h/5m:-2",
            wrapped("alert factor must be a positive number but was \"-2.0\"", "page:1h/5m:-2")),
        Arguments.of("page:1h/5m:NaN",
            wrapped("alert factor must be a positive number but was \"NaN\"", "page:1h/5m:NaN")),
        Arguments.of("PAGE:1h/5m:14.4",
            wrapped("alert severity must be lowercase letters, digits, - or _ but was \"PAGE\"", "PAGE:1h/5m:14.4")),
        Arguments.of("1page:1h/5m:14.4",
            wrapped("alert severity must be lowercase letters, digits, - or _ but was \"1page\"", "1page:1h/5m:14.4")),
        Arguments.of(":1h/5m:14.4",
            wrapped("alert severity must be lowercase letters, digits, - or _ but was an empty string", ":1h/5m:14.4")),
        Arguments.of("page:1h:14.4",
            "alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h:14.4\""),
        Arguments.of("page:1h/5m",
            "alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h/5m\""),
        Arguments.of("page:1h/5m:14.4:x",
            "alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h/5m:14.4:x\""),
        Arguments.of("page:1h/5m:fast",
            "alert.rules must be rules such as page:1h/5m:14.4 but was \"page:1h/5m:fast\""),
        Arguments.of("page:1h/5m:14.4,,ticket:3d/6h:1",
            "alert.rules must be rules such as page:1h/5m:14.4 but was an empty string"),
        Arguments.of("",
            "alert.rules must be rules such as page:1h/5m:14.4 but was an empty string"),
        Arguments.of("page:1x/5m:14.4",
            "alert.rules must be a duration such as 800ms, 5m, 30d or PT5M but was \"1x\""));
  }

  /** A rule the constructor rejects: the parse message names the key and the rule, with why. */
  private static String wrapped(String detail, String rule) {
    return "alert.rules must be rules such as page:1h/5m:14.4 (" + detail + ") but was \"" + rule + "\"";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRules")
  void badRulesAreRejectedWithKeyAndValue(String text, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> AlertRule.parse("alert.rules", text))
        .withMessage(message);
  }

  @Test
  void constructorValidatesToo() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AlertRule("page", Duration.ofMinutes(5), Duration.ofHours(1), 14.4))
        .withMessage("alert long window must be longer than the short window 1h but was \"5m\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AlertRule("page", Duration.ofDays(3).plusMillis(1), Duration.ofHours(1), 1))
        .withMessage("alert long window must be between 1m and 3d but was \"3d1ms\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AlertRule("page", Duration.ofHours(1), Duration.ofMinutes(5), Double.POSITIVE_INFINITY))
        .withMessage("alert factor must be a positive number but was \"Infinity\"");
    assertThatNullPointerException()
        .isThrownBy(() -> new AlertRule(null, Duration.ofHours(1), Duration.ofMinutes(5), 1))
        .withMessage("severity");
  }

  @Test
  void registryRejectsAnEmptyRuleList() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SloRegistry.builder().alertRules(List.of()))
        .withMessage("alert.rules must be at least one rule such as page:1h/5m:14.4 but was an empty list");
  }
}
