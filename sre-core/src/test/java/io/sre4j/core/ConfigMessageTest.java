package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, bug 6: a rejected value is quoted, its control characters escaped as {@code \}{@code
 * uXXXX}, and a long one cut after 200 characters, so that a message is one short line that
 * writes nothing raw to a terminal.
 */
final class ConfigMessageTest {

  @TempDir Path dir;

  @Test
  void valuesAreQuoted() {
    assertThat(new ConfigException("interval", "between 1s and 1h", "2h"))
        .hasMessage("interval must be between 1s and 1h but was \"2h\"");
    assertThat(new ConfigException("service", "1 to 128 characters, not blank", " "))
        .hasMessage("service must be 1 to 128 characters, not blank but was \" \"");
    assertThat(new ConfigException("service", "1 to 128 characters, not blank", ""))
        .hasMessage("service must be 1 to 128 characters, not blank but was an empty string");
  }

  @Test
  void controlCharactersQuotesAndBackslashesAreEscaped() {
    String value = "a\u001b[31mb\u0007c\u0000d\"e\\f\ng\u202eh";
    ConfigException e = new ConfigException("service", "a name", value);
    assertThat(e).hasMessage("service must be a name but was "
        + "\"a\\u001b[31mb\\u0007c\\u0000d\\\"e\\\\f\\u000ag\\u202eh\"");
    assertThat(e.getMessage()).doesNotContain("\u001b", "\u0007", "\u0000", "\n", "\u202e");
    assertThat(e.value()).isEqualTo(value);
  }

  @Test
  void aLongValueIsCutAfter200CharactersWithItsLength() {
    String huge = "x".repeat(10 * 1024 * 1024);
    ConfigException e = new ConfigException("service", "a name", huge);
    assertThat(e).hasMessage("service must be a name but was \"" + "x".repeat(200)
        + "…\" (10485760 characters)");
    assertThat(e.value()).hasSize(10 * 1024 * 1024);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String value = "x".repeat(199) + "😀" + "y";
    assertThat(ConfigException.quote(value))
        .isEqualTo("\"" + "x".repeat(199) + "…\" (202 characters)");
    assertThat(ConfigException.quote("\ud800x")).isEqualTo("\"\\ud800x\"");
  }

  @Test
  void theKeyIsEscapedAndCutToo() {
    String key = "a\u001bb" + "k".repeat(300);
    assertThat(new ConfigException(key, "a known sre4j setting", "v").getMessage())
        .startsWith("a\\u001bb" + "k".repeat(197) + "… (303 characters) must be a known sre4j");
  }

  @Test
  void aDescriptionIsNotQuoted() {
    assertThat(ConfigException.describing("routes", "at least one route pattern", "an empty list"))
        .hasMessage("routes must be at least one route pattern but was an empty list");
  }

  @Test
  void aFileWithATerminalEscapeAndAHugeValueGivesOneShortEscapedLine() throws Exception {
    Path file = dir.resolve("sre4j.properties");
    Files.writeString(file, "interval=1\u001b]0;pwned\u0007" + "9".repeat(1_000_000) + "\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("interval must be a duration such as 800ms, 5m, 30d or PT5M but was "
            + "\"1\\u001b]0;pwned\\u0007" + "9".repeat(189) + "…\" (1000011 characters)");
  }

  @Test
  void anUnknownKeyFromAMapIsEscaped() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("colour\u001b[2J", "blue")))
        .hasMessage("colour\\u001b[2J must be a known sre4j setting but was "
            + "\"colour\\u001b[2J=blue\"");
  }
}
