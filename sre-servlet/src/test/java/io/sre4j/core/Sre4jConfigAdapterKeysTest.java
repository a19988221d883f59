package io.sre4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapters' keys (servlet, log) pass through the core configuration to the adapters. */
final class Sre4jConfigAdapterKeysTest {

  private static final ClassLoader NO_FILE = new ClassLoader(null) {};

  @Test
  void adapterKeysAreKeptUnparsedFromEverySource() {
    Sre4jConfig config = Sre4jConfig.load(NO_FILE,
        Map.of("sre4j.enabled", "false", "sre4j.servlet.routes", "/api/orders/{id}"),
        Map.of("SRE4J_SERVLET_TOKEN", "abcdefghijklmnop-0123", "SRE4J_SERVLET_MAX_ROUTES", "50",
            "SRE4J_LOG_ACCESS_SAMPLE", "0.1", "SRE4J_SERVLET_GATE_SLOS", "checkout"));
    assertThat(config.properties()).containsEntry("enabled", "false")
        .containsEntry("servlet.routes", "/api/orders/{id}")
        .containsEntry("servlet.token", "abcdefghijklmnop-0123")
        .containsEntry("servlet.max-routes", "50")
        .containsEntry("servlet.gate-slos", "checkout")
        .containsEntry("log.access.sample", "0.1");
    assertThat(config.slos()).isEmpty();
  }

  @Test
  void unknownKeysStillFail() {
    assertThatThrownBy(() -> Sre4jConfig.from(Map.of("servlet.colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("servlet.colour");
  }
}
