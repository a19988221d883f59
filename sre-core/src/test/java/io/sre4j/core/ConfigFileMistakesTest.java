package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, bugs 7 and 10: mistakes in a configuration file that used to be accepted silently or
 * reported as something else: a key set twice, two SLO names that differ only in case, and a file
 * saved as UTF-16.
 */
final class ConfigFileMistakesTest {

  @TempDir Path dir;

  private Path write(String name, String text, Charset charset) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, charset);
    return file;
  }

  @Test
  void aKeySetTwiceInAFileFailsNamingBothLines() throws Exception {
    Path file = write("twice.properties",
        "# orders\nservice=orders\ninterval=10s\n\nservice = payments\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("service must be set once in file " + file + " but was set on lines 2 and 5");
  }

  @Test
  void aKeySetTwiceIsFoundAfterAContinuationLine() throws Exception {
    Path file = write("continued.properties",
        "slo.a.routes=/a/**,\\\n  /b/**\nslo.a.routes=/c/**\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .hasMessage("slo.a.routes must be set once in file " + file
            + " but was set on lines 1 and 3");
  }

  @Test
  void aCommentOrAContinuedValueThatLooksLikeAKeyIsNoRepetition() throws Exception {
    Path file = write("fine.properties",
        "service=orders\n# service=payments\nslo.a.routes=/a/**,\\\nservice=/b/**\n",
        StandardCharsets.UTF_8);
    Sre4jConfig config = Sre4jConfig.fromFile(file);
    assertThat(config.properties()).containsEntry("service", "orders")
        .containsEntry("slo.a.routes", "/a/**,service=/b/**");
  }

  @Test
  void sloNamesThatDifferOnlyInCaseFailNamingBoth() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(
            "slo.Checkout.objective", "99.9%", "slo.checkout.objective", "99%")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("slo names must be distinct ignoring case, - and _ (as"
            + " SRE4J_SLO_<NAME>_<FIELD> variables read them) but was slo.Checkout.* and"
            + " slo.checkout.*");
  }

  @Test
  void sloNamesThatDifferOnlyInDashAndUnderscoreFailToo() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of(
            "slo.check-out.objective", "99.9%", "slo.check_out.objective", "99%")))
        .hasMessageEndingWith("but was slo.check-out.* and slo.check_out.*");
  }

  @Test
  void theRegistryRejectsSloNamesThatDifferOnlyInCase() {
    SloRegistry.Builder builder = SloRegistry.builder().slo(SloSpec.builder("checkout").build());
    assertThatThrownBy(() -> builder.slo(SloSpec.builder("Checkout").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slo Checkout differs from the registered slo checkout only in case, - or _;"
            + " SLO names must differ in more");
    try (SloRegistry registry = SloRegistry.builder().manualTick()
        .clock(Clock.ManualClock.at(Instant.parse("2026-12-01T00:00:00Z")))
        .slo(SloSpec.builder("checkout").build()).build()) {
      assertThatThrownBy(() -> registry.register(SloSpec.builder("CheckOut").build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("slo CheckOut differs from the registered slo checkout");
      registry.register(SloSpec.builder("checkout-eu").window(SloWindow.rolling(Duration.ofDays(7)))
          .build());
      assertThat(registry.slos()).extracting(SloSpec::name).containsExactly("checkout", "checkout-eu");
    }
  }

  @Test
  void aUtf16FileIsRejectedAsNotText() throws Exception {
    Path file = write("utf16.properties", "service=orders\n", StandardCharsets.UTF_16);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config must be a UTF-8 or ISO-8859-1 properties file (it starts with a"
            + " UTF-16 byte order mark) but was \"" + file + "\"");
  }

  @Test
  void aUtf16FileWithoutAByteOrderMarkIsRejectedForItsNulBytes() throws Exception {
    Path file = write("utf16le.properties", "service=orders\n", StandardCharsets.UTF_16LE);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .hasMessage("config must be a UTF-8 or ISO-8859-1 properties file (it has a NUL byte at"
            + " offset 1, as UTF-16 text does) but was \"" + file + "\"");
  }

  @Test
  void aUtf8ByteOrderMarkIsSkipped() throws Exception {
    Path file = write("bom.properties", "\ufeffservice=orders\n", StandardCharsets.UTF_8);
    assertThat(Sre4jConfig.fromFile(file).properties()).containsEntry("service", "orders");
  }
}
