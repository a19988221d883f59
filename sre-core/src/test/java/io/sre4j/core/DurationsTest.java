package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One duration syntax everywhere: what {@link ConfigSchema#formatDuration} writes, {@link
 * ConfigSchema#parseDuration} reads.
 */
final class DurationsTest {

  @ParameterizedTest
  @CsvSource({
      "800ms, PT0.8S", "1.5s, PT1.5S", "5m, PT5M", "5min, PT5M", "30d, PT720H", "1w, PT168H",
      "1h30m, PT1H30M", "7h12m, PT7H12M", "4m19s200ms, PT4M19.2S", "250us, PT0.00025S",
      "PT5M, PT5M", "' 2 h ', PT2H"})
  void parsesSingleCompoundAndIsoDurations(String text, Duration expected) {
    assertThat(ConfigSchema.parseDuration("k", text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.8S", "PT90M", "PT4M19.2S", "P30D", "PT0.000001S", "PT1H0.5S", "PT0S"})
  void formatIsReadBackByParse(Duration duration) {
    assertThat(ConfigSchema.parseDuration("k", ConfigSchema.formatDuration(duration))).isEqualTo(duration);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5x", "m5", "1h-30m", "P", "1..5s"})
  void rejectsAnythingElseNamingKeyAndValue(String text) {
    assertThatThrownBy(() -> ConfigSchema.parseDuration("slo.x.window", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slo.x.window must be a duration such as 800ms, 5m, 30d or PT5M but was "
            + (text.isEmpty() ? "an empty string" : "\"" + text + "\""));
  }
}
