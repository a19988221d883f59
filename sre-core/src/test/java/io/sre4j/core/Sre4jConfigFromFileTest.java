package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sre4jConfig#fromFile}: one file, read as -Dsre4j.config is, and nothing else. */
final class Sre4jConfigFromFileTest {

  @TempDir Path dir;

  @Test
  void readsOneFileWithOrWithoutThePrefixAndNothingElse() throws Exception {
    Path file = dir.resolve("slo.properties");
    Files.writeString(file, "service=orders\nsre4j.slo.checkout.objective=99.5%\n",
        StandardCharsets.UTF_8);
    Sre4jConfig config = Sre4jConfig.fromFile(file);
    assertThat(config.properties()).containsEntry("service", "orders")
        .containsEntry("slo.checkout.objective", "99.5%");
    assertThat(config.slos()).singleElement().extracting(SloSpec::objective).isEqualTo(0.995);
  }

  @Test
  void aMissingFileIsRejectedNamingIt() {
    Path missing = dir.resolve("missing.properties");
    assertThatThrownBy(() -> Sre4jConfig.fromFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("config must be a readable file but was \"" + missing + "\"");
  }

  @Test
  void aBadValueInTheFileNamesKeyAndValue() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "slo.checkout.objective=1.5\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sre4jConfig.fromFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slo.checkout.objective must be in (0,1) but was \"1.5\"");
  }
}
