package io.sre4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sre4j.core.ConfigException;
import io.sre4j.core.Sre4jConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The servlet's keys read through the configuration, and its endpoints' durations. */
final class ConfiguredSettingsTest {

  @Test
  void settingsAreReadTypedFromTheConfiguration() {
    Sre4jConfig config = Sre4jConfig.from(Map.of(
        "servlet.routes", "/api/orders/{id}, /static/**",
        "servlet.max-routes", "250",
        "servlet.endpoints", "yes",
        "servlet.gate-slos", "checkout"));

    ServletSettings settings = ServletSettings.from(config);

    assertThat(settings.routes()).containsExactly("/api/orders/{id}", "/static/**");
    assertThat(settings.maxRoutes()).isEqualTo(250);
    assertThat(settings.endpoints()).isTrue();
    assertThat(settings.gateSlos()).containsExactly("checkout");
    assertThat(config.get(ServletConfigSchema.MAX_ROUTES)).hasValue(250);
  }

  @Test
  void aBadServletValueFailsWhenTheConfigurationIsLoaded() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("servlet.max-routes", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("servlet.max-routes must be between 1 and 100000 but was \"0\"");
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("servlet.token", "short-secret")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("servlet.token must be 16 to 512 characters of A-Z a-z 0-9 . _ ~ + / = - but"
            + " was a value of 12 characters");
  }

  @ParameterizedTest
  @CsvSource({"30m, PT30M", "1h30m, PT1H30M", "1.5h, PT1H30M", "' 2h ', PT2H", "PT45M, PT45M",
      "90min, PT1H30M", "1d, PT24H"})
  void endpointDurationsAreReadAsEverySre4jDuration(String text, Duration expected)
      throws Exception {
    assertThat(SloEndpoints.duration("duration", text, Duration.ofDays(1))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0m", "PT-5M", "25h", "soon", "30"})
  void endpointDurationsArePositiveAndAtMostTheMaximum(String text) {
    assertThatThrownBy(() -> SloEndpoints.duration("duration", text, Duration.ofDays(1)))
        .isInstanceOf(RequestBody.BadRequest.class)
        .hasMessage("duration must be a positive duration such as 30m, 1h30m or PT30M, at most 1d,"
            + " but was " + text);
  }
}
